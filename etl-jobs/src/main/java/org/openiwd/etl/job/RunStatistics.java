package org.openiwd.etl.job;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a run's row of {@code etl_stats_general} in the tenant's Data Mart when the run ends: its duration, the
 * events it loaded and quarantined (the {@code loadIntraday} step), the tasks {@code nightly} moved and purged and
 * the aggregate rows it purged, where the task watermark stands and the lag of its newest event behind the end of
 * the run, and every step's status, counts and time. One row per job execution (a restart has its own, with the
 * same audit key); written again with the same values if the listener runs twice. Its own short transaction.
 */
@Component
class RunStatistics {

    private static final String WRITE = """
            INSERT INTO %s.etl_stats_general AS s (job_execution_id, etl_audit_key, job_name, status, started_at,
                ended_at, duration_ms, events_loaded, events_quarantined, tasks_moved, tasks_purged,
                aggregate_rows_purged, watermark_event_id, watermark_event_at, lag_sec, steps)
            SELECT :execution, :audit, :job, :status, :started, :ended,
                (extract(epoch FROM CAST(:ended AS timestamptz) - CAST(:started AS timestamptz)) * 1000)::bigint,
                :loaded, :quarantined, :moved, :purgedTasks, :purgedRows, w.last_event_id, w.last_event_at,
                extract(epoch FROM CAST(:ended AS timestamptz) - w.last_event_at)::bigint, CAST(:steps AS jsonb)
            FROM %s.etl_watermark w WHERE w.feed = 'task'
            ON CONFLICT (job_execution_id) DO UPDATE SET status = excluded.status, ended_at = excluded.ended_at,
                duration_ms = excluded.duration_ms, events_loaded = excluded.events_loaded,
                events_quarantined = excluded.events_quarantined, tasks_moved = excluded.tasks_moved,
                tasks_purged = excluded.tasks_purged, aggregate_rows_purged = excluded.aggregate_rows_purged,
                watermark_event_id = excluded.watermark_event_id, watermark_event_at = excluded.watermark_event_at,
                lag_sec = excluded.lag_sec, steps = excluded.steps""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RunStatistics(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void record(DataMartTenant tenant, JobExecution execution, long auditKey) {
        LocalDateTime now = LocalDateTime.now();
        LocalDateTime started = execution.getStartTime() != null ? execution.getStartTime() : now;
        LocalDateTime ended = execution.getEndTime() != null ? execution.getEndTime() : now;
        Map<String, Map<String, Object>> steps = new LinkedHashMap<>();
        for (StepExecution step : execution.getStepExecutions()) {
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("status", step.getStatus().name());
            counts.put("read", step.getReadCount());
            counts.put("written", step.getWriteCount());
            counts.put("skipped", step.getSkipCount());
            counts.put("ms", step.getStartTime() == null ? 0 : Duration.between(step.getStartTime(),
                    step.getEndTime() != null ? step.getEndTime() : now).toMillis());
            steps.put(step.getStepName(), counts);
        }
        jdbc.sql(WRITE.formatted(tenant.schema(), tenant.schema()))
                .param("execution", execution.getId())
                .param("audit", auditKey)
                .param("job", execution.getJobInstance().getJobName())
                .param("status", execution.getStatus().name())
                .param("started", Timestamp.valueOf(started))
                .param("ended", Timestamp.valueOf(ended))
                .param("loaded", written(execution, JobNames.LOAD_INTRADAY))
                .param("quarantined", execution.getStepExecutions().stream()
                        .filter(s -> s.getStepName().equals(JobNames.LOAD_INTRADAY))
                        .mapToLong(StepExecution::getReadSkipCount).sum())
                .param("moved", written(execution, JobNames.MOVE_FINAL))
                .param("purgedTasks", written(execution, JobNames.PURGE_FACTS))
                .param("purgedRows", written(execution, JobNames.PURGE_AGGREGATES))
                .param("steps", json.writeValueAsString(steps))
                .update();
    }

    private static long written(JobExecution execution, String step) {
        return execution.getStepExecutions().stream().filter(s -> s.getStepName().equals(step))
                .mapToLong(StepExecution::getWriteCount).sum();
    }
}
