/** Quartz schedules per tenant and job, kept in line with the tenant registry. */
package org.openiwd.etl.schedule;
