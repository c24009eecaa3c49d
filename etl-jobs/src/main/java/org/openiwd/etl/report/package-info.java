/**
 * GCXI-style reports over a tenant's Data Mart report views ({@code iwd_agg_<area>_fact_<granularity>}): task
 * volumes, service level, backlog and aging, agent productivity, queue activity and capture points. Each report is
 * a {@link org.openiwd.etl.report.ReportDefinition} in the {@link org.openiwd.etl.report.ReportCatalog};
 * {@link org.openiwd.etl.report.ReportService} runs it as one parameterised, read-only, bounded query and returns
 * typed rows that the console page (chart and table), the CSV export and the JSON API all show unchanged. The
 * schema name comes from the tenant registry, never from the request. See docs/reports.md.
 */
package org.openiwd.etl.report;
