package org.openiwd.etl.console.executions;

import java.time.LocalDate;

import org.openiwd.etl.operation.ExecutionFilter;
import org.springframework.batch.core.BatchStatus;

/**
 * The executions list's filters as the page and the API take them (all optional): job, tenant, status, a range of
 * creation days ({@code from} and {@code to} included) and a parameter {@code name} or {@code name=value}.
 */
record ExecutionFilterForm(String job, String tenant, String status, LocalDate from, LocalDate to, String param) {

    ExecutionFilter toFilter() {
        ExecutionFilter filter = ExecutionFilter.all().withJob(blank(job)).withTenant(blank(tenant))
                .withStatus(blank(status) == null ? null : status(status))
                .createdBetween(from == null ? null : from.atStartOfDay(),
                        to == null ? null : to.plusDays(1).atStartOfDay());
        String parameter = blank(param);
        if (parameter != null) {
            int equals = parameter.indexOf('=');
            filter = equals < 0 ? filter.withParameter(parameter, null)
                    : filter.withParameter(parameter.substring(0, equals).strip(),
                            parameter.substring(equals + 1).strip());
        }
        return filter;
    }

    private static BatchStatus status(String status) {
        try {
            return BatchStatus.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("No status '" + status + "'; statuses: "
                    + java.util.Arrays.toString(BatchStatus.values()));
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
