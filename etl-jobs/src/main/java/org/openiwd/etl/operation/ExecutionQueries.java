package org.openiwd.etl.operation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.BatchStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads job executions from Spring Batch's tables and the heartbeats in schema {@code etl}: filtered, paged lists
 * and the detail of one execution. Read only; each call is its own autocommit query (a list's page and its total
 * are two queries, so they can disagree by the executions created in between).
 */
@Component
public class ExecutionQueries {

    /** The largest page a list returns. */
    public static final int MAX_PAGE_SIZE = 500;

    private static final String SUMMARY = """
            SELECT e.job_execution_id, e.job_instance_id, i.job_name, t.parameter_value AS tenant_id, e.status,
                e.exit_code, e.create_time, e.start_time, e.end_time, h.process, h.beat_at, h.recovered_at,
                h.recovered_by
            FROM etl.batch_job_execution e
            JOIN etl.batch_job_instance i ON i.job_instance_id = e.job_instance_id
            LEFT JOIN etl.batch_job_execution_params t
                ON t.job_execution_id = e.job_execution_id AND t.parameter_name = '%s'
            LEFT JOIN etl.job_heartbeat h ON h.job_execution_id = e.job_execution_id
            """.formatted(JobNames.TENANT_PARAMETER);

    private static final String FILTER = """
            WHERE (CAST(:job AS text) IS NULL OR i.job_name = :job)
                AND (CAST(:tenant AS text) IS NULL OR t.parameter_value = :tenant)
                AND (CAST(:status AS text) IS NULL OR e.status = :status)
                AND (CAST(:from AS timestamp) IS NULL OR e.create_time >= :from)
                AND (CAST(:to AS timestamp) IS NULL OR e.create_time < :to)
                AND (CAST(:pname AS text) IS NULL OR EXISTS (
                    SELECT 1 FROM etl.batch_job_execution_params p
                    WHERE p.job_execution_id = e.job_execution_id AND p.parameter_name = :pname
                        AND (CAST(:pvalue AS text) IS NULL OR p.parameter_value = :pvalue)))
            """;

    private final JdbcClient jdbc;

    ExecutionQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Page {@code page} (from 0) of the executions that match, newest first, {@code size} per page. */
    public ExecutionPage list(ExecutionFilter filter, int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE
                    + "; got page " + page + ", size " + size);
        }
        List<ExecutionSummary> items = bind(jdbc.sql(SUMMARY + FILTER + """
                ORDER BY e.job_execution_id DESC LIMIT :limit OFFSET :offset"""), filter)
                .param("limit", size).param("offset", (long) page * size)
                .query(ExecutionQueries::summary).list();
        long total = bind(jdbc.sql("""
                SELECT count(*) FROM etl.batch_job_execution e
                JOIN etl.batch_job_instance i ON i.job_instance_id = e.job_instance_id
                LEFT JOIN etl.batch_job_execution_params t
                    ON t.job_execution_id = e.job_execution_id AND t.parameter_name = '%s'
                """.formatted(JobNames.TENANT_PARAMETER) + FILTER), filter).query(Long.class).single();
        return new ExecutionPage(items, page, size, total);
    }

    /** The execution's summary, or empty when there is no such execution. */
    public Optional<ExecutionSummary> summary(long executionId) {
        return jdbc.sql(SUMMARY + "WHERE e.job_execution_id = ?").param(executionId)
                .query(ExecutionQueries::summary).optional();
    }

    /** The execution with its parameters and steps. */
    public ExecutionDetail detail(long executionId) {
        ExecutionSummary summary = summary(executionId)
                .orElseThrow(() -> new NoSuchExecutionException(executionId));
        Map<String, String> parameters = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT parameter_name, parameter_value FROM etl.batch_job_execution_params
                WHERE job_execution_id = ? ORDER BY parameter_name""").param(executionId)
                .query((ResultSet rs) -> {
                    parameters.put(rs.getString(1), rs.getString(2));
                });
        String exitMessage = jdbc.sql("SELECT exit_message FROM etl.batch_job_execution WHERE job_execution_id = ?")
                .param(executionId).query(String.class).single();
        List<StepSummary> steps = jdbc.sql("""
                SELECT step_execution_id, step_name, status, start_time, end_time, read_count, write_count,
                    filter_count, read_skip_count, write_skip_count, process_skip_count, commit_count,
                    rollback_count, exit_code, exit_message
                FROM etl.batch_step_execution WHERE job_execution_id = ? ORDER BY step_execution_id""")
                .param(executionId)
                .query((rs, n) -> new StepSummary(rs.getLong(1), rs.getString(2),
                        BatchStatus.valueOf(rs.getString(3)), time(rs, 4), time(rs, 5), rs.getLong(6),
                        rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12),
                        rs.getLong(13), rs.getString(14), rs.getString(15)))
                .list();
        return new ExecutionDetail(summary, parameters, exitMessage, steps);
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql, ExecutionFilter filter) {
        return sql.param("job", filter.jobName()).param("tenant", filter.tenantId())
                .param("status", filter.status() == null ? null : filter.status().name())
                .param("from", filter.createdFrom()).param("to", filter.createdTo())
                .param("pname", filter.parameterName()).param("pvalue", filter.parameterValue());
    }

    private static ExecutionSummary summary(ResultSet rs, int row) throws SQLException {
        return new ExecutionSummary(rs.getLong("job_execution_id"), rs.getLong("job_instance_id"),
                rs.getString("job_name"), rs.getString("tenant_id"), BatchStatus.valueOf(rs.getString("status")),
                rs.getString("exit_code"), time(rs, "create_time"), time(rs, "start_time"), time(rs, "end_time"),
                rs.getString("process"), rs.getObject("beat_at", OffsetDateTime.class),
                rs.getObject("recovered_at", OffsetDateTime.class), rs.getString("recovered_by"));
    }

    private static LocalDateTime time(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDateTime.class);
    }

    private static LocalDateTime time(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, LocalDateTime.class);
    }
}
