/** The calendar dimensions of a tenant's Data Mart, shared by the jobs that need them. */
package org.openiwd.etl.calendar;
