package org.openiwd.api.search;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The search in SQL against table {@code task}: keyset paging on (sort key, task id) with the expressions of
 * {@link SortKey}, full text with the {@code 'simple'} configuration over the expression of index
 * {@code task_search_text}. Reads one page plus one task, to know whether another page follows.
 */
@Component
class PostgresTaskSearch implements TaskSearch {

    /** The expression of index {@code task_search_text} (migration V10), repeated exactly so that it is used. */
    static final String TEXT = "(to_tsvector('simple'::regconfig, coalesce(t.subject, ''))"
            + " || to_tsvector('simple'::regconfig, coalesce(t.description, ''))"
            + " || to_tsvector('simple'::regconfig, t.attributes))";

    private final JdbcClient jdbc;

    PostgresTaskSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public SearchPage search(String tenantId, TaskQuery query) {
        Sql sql = new Sql();
        sql.where("t.tenant_id = " + sql.param(tenantId));
        query.fields().forEach((field, values) -> sql.where("t." + field.column() + " IN (" + sql.list(values) + ")"));
        if (query.priorityMin() != null) {
            sql.where("t.priority >= " + sql.param(query.priorityMin()));
        }
        if (query.priorityMax() != null) {
            sql.where("t.priority <= " + sql.param(query.priorityMax()));
        }
        range(sql, "t.due_at", query.dueAfter(), query.dueBefore());
        range(sql, "t.created_at", query.createdAfter(), query.createdBefore());
        if (query.overdue() != null) {
            String overdue = "coalesce(t.due_at < " + sql.param(Timestamp.from(query.now())) + " AND t.status NOT IN ("
                    + sql.list(TaskQuery.FINAL_STATUSES) + "), false)";
            sql.where(query.overdue() ? overdue : "NOT " + overdue);
        }
        query.attributes().forEach((name, values) ->
                sql.where("t.attributes ->> " + sql.param(name) + " IN (" + sql.list(values) + ")"));
        if (!query.words().isEmpty()) {
            sql.where(TEXT + " @@ plainto_tsquery('simple'::regconfig, " + sql.param(String.join(" ", query.words()))
                    + ")");
        }
        String key = query.sort().sql();
        String direction = query.descending() ? "DESC" : "ASC";
        if (query.after() != null) {
            sql.where("(" + key + ", t.task_id) " + (query.descending() ? "<" : ">") + " ("
                    + sql.param(query.after().value()) + ", " + sql.param(query.after().taskId()) + ")");
        }
        String statement = "SELECT t.task_id, " + key + " AS sort_value FROM task t WHERE " + sql.conditions
                + " ORDER BY sort_value " + direction + ", t.task_id " + direction + " LIMIT " + (query.limit() + 1);
        List<long[]> rows = jdbc.sql(statement).params(sql.params)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < Math.min(rows.size(), query.limit()); i++) {
            ids.add(rows.get(i)[0]);
        }
        SearchCursor next = null;
        if (rows.size() > query.limit()) {
            long[] last = rows.get(query.limit() - 1);
            next = query.cursorAt(last[1], last[0]);
        }
        return new SearchPage(ids, next);
    }

    private static void range(Sql sql, String column, java.time.Instant from, java.time.Instant before) {
        if (from != null) {
            sql.where(column + " >= " + sql.param(Timestamp.from(from)));
        }
        if (before != null) {
            sql.where(column + " < " + sql.param(Timestamp.from(before)));
        }
    }

    /** The conditions and positional parameters of one statement. */
    private static final class Sql {

        private final StringJoiner conditions = new StringJoiner(" AND ");
        private final List<Object> params = new ArrayList<>();

        void where(String condition) {
            conditions.add(condition);
        }

        String param(Object value) {
            params.add(value);
            return "?";
        }

        String list(List<String> values) {
            StringJoiner marks = new StringJoiner(", ");
            values.forEach(value -> marks.add(param(value)));
            return marks.toString();
        }
    }
}
