package org.openiwd.etl.report;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;

import org.openiwd.etl.tenant.DataMartTenant;

/**
 * Turns the query parameters of a report URL into a {@link ReportRequest}, the same for the page, the CSV and the
 * JSON: {@code tenant}, {@code from} and {@code to} (ISO dates, local to the tenant), {@code granularity}
 * ({@link Granularity#id()}) and one parameter per {@link ReportFilter}. Without a range it is the last seven days
 * up to today in the tenant's zone; without a granularity, days. Malformed values throw
 * {@link InvalidReportException}.
 */
final class ReportParameters {

    static final int DEFAULT_DAYS = 7;

    private ReportParameters() {
    }

    static ReportRequest parse(DataMartTenant tenant, Map<String, String> parameters) {
        LocalDate today = LocalDate.now(tenant.timeZone());
        LocalDate to = date(parameters, "to", today);
        LocalDate from = date(parameters, "from", to.minusDays(DEFAULT_DAYS - 1));
        String granularityText = parameters.get("granularity");
        Granularity granularity = granularityText == null || granularityText.isBlank() ? Granularity.DAY
                : Granularity.parse(granularityText.strip()).orElseThrow(() -> new InvalidReportException(
                        "Unknown granularity '" + granularityText + "'; one of 15min, 30min, hour, day, week, month,"
                                + " quarter, year"));
        Map<ReportFilter, String> filters = new EnumMap<>(ReportFilter.class);
        for (ReportFilter filter : ReportFilter.values()) {
            String value = parameters.get(filter.parameter());
            if (value != null && !value.isBlank()) {
                filters.put(filter, value);
            }
        }
        return new ReportRequest(tenant.id(), from, to, granularity, filters);
    }

    private static LocalDate date(Map<String, String> parameters, String name, LocalDate otherwise) {
        String text = parameters.get(name);
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(text.strip());
        }
        catch (DateTimeParseException e) {
            throw new InvalidReportException("'" + name + "' is not a date (yyyy-mm-dd): " + text);
        }
    }
}
