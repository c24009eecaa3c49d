package org.openiwd.etl.metrics;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the Data Mart's gauges cover and how fresh they are.
 *
 * @param snapshotMaxAge how old the Data Mart gauges may get before a scrape reads every tenant's state again
 *     (one query per tenant); a job's start and end refresh its tenant at once anyway
 * @param onlyTenant report on this tenant only (one-shot mode sets it to its tenant); empty: every tenant served
 * @param onlyJob report the last runs of this job only (one-shot mode sets it to its job); empty: every job
 */
@Validated
@ConfigurationProperties("iwd.etl.metrics")
public record MetricsProperties(
        @NotNull @DefaultValue("30s") Duration snapshotMaxAge,
        @NotNull @DefaultValue("") String onlyTenant,
        @NotNull @DefaultValue("") String onlyJob) {
}
