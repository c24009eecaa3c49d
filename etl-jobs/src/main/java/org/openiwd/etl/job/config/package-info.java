/** The configuration load: configuration events into the dimensions, departments and processes as SCD-2. */
package org.openiwd.etl.job.config;
