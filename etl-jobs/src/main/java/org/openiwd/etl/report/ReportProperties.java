package org.openiwd.etl.report;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the console's reports.
 *
 * @param maxRows the most rows one report run returns (page, CSV and JSON alike); more are left out with a message
 *     on the page and {@code truncated} in the JSON, and the CSV export is refused
 * @param maxIntradayDays the longest range, in days, of a 15-minute, 30-minute or hour report (the 15-minute rows
 *     are kept 62 days by default)
 * @param maxDays the longest range, in days, of a day or longer report
 * @param queryTimeout how long one report query may run before it is cancelled
 */
@Validated
@ConfigurationProperties("iwd.etl.reports")
public record ReportProperties(
        @Min(1) @Max(1_000_000) @DefaultValue("10000") int maxRows,
        @Min(1) @Max(3660) @DefaultValue("62") int maxIntradayDays,
        @Min(1) @Max(36_600) @DefaultValue("3660") int maxDays,
        @NotNull @DefaultValue("30s") Duration queryTimeout) {
}
