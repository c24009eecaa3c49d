/** The initialize job: the tenant's time zone and calendar dimensions. */
package org.openiwd.etl.job.initialize;
