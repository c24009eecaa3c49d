/**
 * The console's jobs overview: per tenant and job, the last run, the last success, durations and the next
 * scheduled run, with failures first; as a page ({@code /console/jobs}) and JSON ({@code /console/api/jobs}).
 */
package org.openiwd.etl.console.jobs;
