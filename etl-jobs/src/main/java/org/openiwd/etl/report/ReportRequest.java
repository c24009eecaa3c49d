package org.openiwd.etl.report;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a person asks of a report: a tenant, a range of local dates in the tenant's time zone (both days included),
 * a granularity, and members of the filter dimensions (by id). An intraday granularity shows the buckets of those
 * days; a longer one shows every period that overlaps the range, whole (a month view of 10 to 20 March shows all
 * of March). Checked by {@link ReportService}, which refuses what does not fit with {@link InvalidReportException}.
 */
public record ReportRequest(String tenantId, LocalDate from, LocalDate to, Granularity granularity,
        Map<ReportFilter, String> filters) {

    public ReportRequest {
        EnumMap<ReportFilter, String> copy = new EnumMap<>(ReportFilter.class);
        if (filters != null) {
            filters.forEach((filter, value) -> {
                if (value != null && !value.isBlank()) {
                    copy.put(filter, value.strip());
                }
            });
        }
        filters = Collections.unmodifiableMap(copy);
    }

    public ReportRequest(String tenantId, LocalDate from, LocalDate to, Granularity granularity) {
        this(tenantId, from, to, granularity, Map.of());
    }

    /** The value of a filter, or null when the request does not narrow that dimension. */
    public String filter(ReportFilter filter) {
        return filters.get(filter);
    }
}
