package org.openiwd.etl.console.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.openiwd.etl.job.JobNames;
import org.openiwd.etl.schedule.TenantSchedules;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.quartz.CronTrigger;
import org.quartz.SchedulerException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The jobs overview: for every served tenant, each job that has a schedule or ever ran, with its last execution,
 * last success, durations and next scheduled run; jobs whose last execution failed come first. Durations come from
 * Spring Batch's tables (one query over the executions of the last {@link #HISTORY}), schedules from
 * {@link TenantSchedules} and its Quartz triggers. Read only.
 */
@Service
public class JobsOverview {

    /** How many of a job's newest executions the average duration and the failure count look at. */
    public static final int AVERAGE_OVER = 20;
    static final Duration HISTORY = Duration.ofDays(90);

    private final JdbcClient jdbc;
    private final TenantRegistry tenants;
    private final TenantSchedules schedules;

    JobsOverview(JdbcClient jdbc, TenantRegistry tenants, TenantSchedules schedules) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.schedules = schedules;
    }

    private record Runs(Long lastId, String lastStatus, LocalDateTime lastStart, LocalDateTime lastEnd,
            LocalDateTime lastSuccess, Double lastSeconds, Double averageSeconds, long failures) {
    }

    /** Every tenant's jobs, failing ones first, then by tenant and job. */
    public List<JobRow> rows() {
        // Tenant -> job -> its recent runs.
        Map<String, Map<String, Runs>> runs = new HashMap<>();
        jdbc.sql("""
                WITH runs AS (
                    SELECT t.parameter_value AS tenant_id, i.job_name, e.job_execution_id, e.status, e.start_time,
                        e.end_time,
                        row_number() OVER (PARTITION BY t.parameter_value, i.job_name
                                           ORDER BY e.job_execution_id DESC) AS n,
                        row_number() OVER (PARTITION BY t.parameter_value, i.job_name, e.end_time IS NOT NULL
                                           ORDER BY e.job_execution_id DESC) AS ended_n
                    FROM etl.batch_job_execution e
                    JOIN etl.batch_job_instance i ON i.job_instance_id = e.job_instance_id
                    JOIN etl.batch_job_execution_params t
                        ON t.job_execution_id = e.job_execution_id AND t.parameter_name = :tenant
                    WHERE e.create_time >= :since
                )
                SELECT tenant_id, job_name,
                    max(job_execution_id) FILTER (WHERE n = 1),
                    max(status) FILTER (WHERE n = 1),
                    max(start_time) FILTER (WHERE n = 1),
                    max(end_time) FILTER (WHERE n = 1),
                    max(end_time) FILTER (WHERE status = 'COMPLETED'),
                    CAST(max(extract(epoch FROM end_time - start_time))
                        FILTER (WHERE end_time IS NOT NULL AND ended_n = 1) AS float8),
                    CAST(avg(extract(epoch FROM end_time - start_time))
                        FILTER (WHERE status = 'COMPLETED' AND n <= :over) AS float8),
                    count(*) FILTER (WHERE status = 'FAILED' AND n <= :over)
                FROM runs GROUP BY tenant_id, job_name""")
                .param("tenant", JobNames.TENANT_PARAMETER)
                .param("since", LocalDateTime.now().minus(HISTORY))
                .param("over", AVERAGE_OVER)
                .query((rs, n) -> {
                    runs.computeIfAbsent(rs.getString(1), t -> new HashMap<>()).put(rs.getString(2),
                            new Runs(rs.getObject(3, Long.class),
                            rs.getString(4), rs.getObject(5, LocalDateTime.class), rs.getObject(6, LocalDateTime.class),
                            rs.getObject(7, LocalDateTime.class), rs.getObject(8, Double.class),
                            rs.getObject(9, Double.class), rs.getLong(10)));
                    return null;
                }).list();
        List<JobRow> rows = new ArrayList<>();
        for (DataMartTenant tenant : tenants.active()) {
            Map<String, TenantSchedules.Schedule> scheduled = new LinkedHashMap<>();
            schedules.schedules(tenant.id()).forEach(s -> scheduled.put(s.job(), s));
            Map<String, Runs> tenantRuns = runs.getOrDefault(tenant.id(), Map.of());
            Set<String> jobs = new TreeSet<>(scheduled.keySet());
            jobs.addAll(tenantRuns.keySet());
            for (String job : jobs) {
                Runs r = tenantRuns.getOrDefault(job, new Runs(null, null, null, null, null, null, null, 0));
                TenantSchedules.Schedule schedule = scheduled.get(job);
                rows.add(new JobRow(tenant.id(), job, r.lastId(), r.lastStatus(), r.lastStart(), r.lastEnd(),
                        r.lastSuccess(), r.lastSeconds(), r.averageSeconds(), r.failures(),
                        schedule == null ? null : schedule.cron(), schedule != null && schedule.enabled(),
                        schedule == null ? null : nextRun(tenant.id(), job)));
            }
        }
        rows.sort(Comparator.comparing((JobRow row) -> !row.failing()).thenComparing(JobRow::tenantId)
                .thenComparing(JobRow::job));
        return rows;
    }

    private Instant nextRun(String tenantId, String job) {
        try {
            CronTrigger trigger = schedules.trigger(tenantId, job);
            return trigger == null || trigger.getNextFireTime() == null ? null
                    : trigger.getNextFireTime().toInstant();
        }
        catch (SchedulerException e) {
            return null;
        }
    }
}
