package org.openiwd.etl.report;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The members a report's filters offer: the departments, processes, queues, agents and capture points of the
 * tenant's dimensions (current names, the "None" members left out), at most {@value #LIMIT} of each, sorted by
 * name. Read-only; one query per filter.
 */
@Component
public class ReportFilterOptions {

    static final int LIMIT = 1000;

    /** One member: the id a filter takes and the name shown. */
    public record Option(String id, String name) {
    }

    private final JdbcClient jdbc;

    ReportFilterOptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Map<ReportFilter, List<Option>> of(DataMartTenant tenant, Set<ReportFilter> filters) {
        Map<ReportFilter, List<Option>> options = new EnumMap<>(ReportFilter.class);
        for (ReportFilter filter : filters) {
            options.put(filter, jdbc.sql(sql(filter).formatted(tenant.schema()) + " LIMIT " + LIMIT)
                    .query((rs, n) -> new Option(rs.getString(1), rs.getString(2))).list());
        }
        return options;
    }

    private static String sql(ReportFilter filter) {
        return switch (filter) {
            case DEPARTMENT -> """
                    SELECT id, name FROM (SELECT DISTINCT ON (department_id) department_id AS id, name
                        FROM %s.department WHERE department_key <> 0 ORDER BY department_id, version DESC) d
                    ORDER BY name, id""";
            case PROCESS -> """
                    SELECT id, name FROM (SELECT DISTINCT ON (process_id) process_id AS id, name
                        FROM %s.process WHERE process_key <> 0 ORDER BY process_id, version DESC) p
                    ORDER BY name, id""";
            case QUEUE -> "SELECT queue_id, name FROM %s.queue WHERE queue_key <> 0 ORDER BY name, queue_id";
            case AGENT -> """
                    SELECT agent_id, coalesce(nullif(trim(concat_ws(' ', first_name, last_name)), ''),
                        nullif(user_name, ''), agent_id) AS name
                    FROM %s.agent WHERE agent_key <> 0 ORDER BY name, agent_id""";
            case CAPTURE_POINT -> """
                    SELECT capture_point_id, name FROM %s.capture_point WHERE capture_point_key <> 0
                    ORDER BY name, capture_point_id""";
        };
    }
}
