package org.openiwd.deploy.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The lexer behind the metric-name check: it must find every metric and nothing else. */
class PromQlMetricNamesTest {

    @Test
    void functionsAggregationsKeywordsLabelsAndDurationsAreNotMetrics() {
        assertThat(PromQlMetricNames.of("""
                histogram_quantile(0.99, sum by (namespace, le) (rate(http_server_requests_seconds_bucket{application="iwd-api", uri=~"/iwd/v3/.*"}[5m]))) > 1
                """)).containsExactly("http_server_requests_seconds_bucket");
        assertThat(PromQlMetricNames.of("""
                (time() - max by (tenant, job) (iwddm_job_last_start{application="etl-jobs"})) > 3600
                unless on (tenant, job)
                (max by (tenant, job) (iwddm_job_last_success) >= on (tenant, job) max by (tenant, job) (iwddm_job_last_start))
                """)).containsExactly("iwddm_job_last_start", "iwddm_job_last_success");
        assertThat(PromQlMetricNames.of("sum(rate(a_total[$__rate_interval] offset 5m)) / ignoring(x) group_left(y) b * 1e3 and bool c"))
                .containsExactly("a_total", "b", "c");
    }

    @Test
    void stringsAndMatchersThatLookLikeMetricsAreIgnored() {
        assertThat(PromQlMetricNames.of("up{service=~\"prod-(api|etl)\", job=\"x_total\"} == 0 or label_replace(v, \"dst\", \"$1\", \"src\", \"(.*)\")"))
                .containsExactly("up", "v");
    }

    @Test
    void grafanaLabelValuesGivesItsMetricAndNotItsLabel() {
        assertThat(PromQlMetricNames.of("label_values(iwddm_lag_seconds{application=\"etl-jobs\"}, tenant)"))
                .containsExactly("iwddm_lag_seconds");
        assertThat(PromQlMetricNames.of("label_values(iwdEmail_connection_status, mailbox)"))
                .containsExactly("iwdEmail_connection_status");
    }

    @Test
    void selectingByNameIsRefusedRatherThanMissed() {
        assertThatThrownBy(() -> PromQlMetricNames.of("{__name__=~\"iwddm_job_last_.*\"}"))
                .hasMessageContaining("__name__");
    }
}
