/**
 * What the Data Mart tells Prometheus: per tenant and job, the last start, success and failure, run durations, the
 * task events read, loaded and quarantined, the watermarks, the lag and the quarantine; Spring Batch's own job and
 * step observations come with them. See {@code docs/etl-observability.md}.
 */
package org.openiwd.etl.metrics;
