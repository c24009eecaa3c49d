package org.openiwd.etl.console.executions;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.openiwd.etl.console.ActionRefusedException;
import org.openiwd.etl.console.audit.ConsoleAudit;
import org.openiwd.etl.feed.IwdApiClient;
import org.openiwd.etl.job.DataMartWatermarks;
import org.openiwd.etl.lock.TenantLock;
import org.openiwd.etl.operation.ExecutionDetail;
import org.openiwd.etl.operation.ExecutionFilter;
import org.openiwd.etl.operation.ExecutionPage;
import org.openiwd.etl.operation.ExecutionQueries;
import org.openiwd.etl.operation.ExecutionSummary;
import org.openiwd.etl.operation.JobOperations;
import org.openiwd.etl.operation.StepSummary;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What the console's execution pages and API do, on {@link JobOperations}: every action is recorded in the audit
 * log. {@link #launch} and {@link #restart} hand the run to the console's own threads and return as soon as the
 * new execution exists (or the run was refused or ended first), at most {@link #START_WAIT} later; the run goes on
 * after the request. Thread-safe.
 */
@Service
public class ExecutionConsole implements DisposableBean {

    /** The most quarantined items one execution's detail lists. */
    public static final int QUARANTINE_LIMIT = 200;
    static final Duration START_WAIT = Duration.ofSeconds(30);

    private final JobOperations operations;
    private final ExecutionQueries queries;
    private final TenantRegistry tenants;
    private final TenantLock lock;
    private final DataMartWatermarks watermarks;
    private final IwdApiClient api;
    private final JdbcClient jdbc;
    private final ConsoleAudit audit;
    private final ExecutorService runs = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().name("console-run-", 0).daemon().factory());

    ExecutionConsole(JobOperations operations, ExecutionQueries queries, TenantRegistry tenants, TenantLock lock,
            DataMartWatermarks watermarks, IwdApiClient api, JdbcClient jdbc, ConsoleAudit audit) {
        this.operations = operations;
        this.queries = queries;
        this.tenants = tenants;
        this.lock = lock;
        this.watermarks = watermarks;
        this.api = api;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /**
     * A run handed to the console's threads.
     *
     * @param execution the new execution as it is now
     * @param ended whether it already ended when the request returned
     */
    public record Started(ExecutionSummary execution, boolean ended) {

        String describe() {
            return "execution " + execution.id() + (ended ? " ended " : " is ") + execution.status();
        }
    }

    public ExecutionPage list(ExecutionFilter filter, int page, int size) {
        return operations.list(filter, page, size);
    }

    public ExecutionView view(long executionId) {
        ExecutionDetail detail = operations.detail(executionId);
        Optional<DataMartTenant> tenant = Optional.ofNullable(detail.summary().tenantId()).flatMap(tenants::find);
        if (tenant.isEmpty()) {
            return new ExecutionView(detail, List.of(), 0);
        }
        String schema = tenant.get().schema();
        List<QuarantinedItem> items = jdbc.sql("""
                SELECT q.quarantine_id, q.feed, q.event_id, q.reason, q.raw_payload, q.quarantined_at
                FROM %1$s.etl_quarantine q JOIN %1$s.etl_audit a ON a.etl_audit_key = q.etl_audit_key
                WHERE a.job_execution_id = ? ORDER BY q.quarantine_id LIMIT ?""".formatted(schema))
                .params(executionId, QUARANTINE_LIMIT)
                .query((rs, n) -> new QuarantinedItem(rs.getLong(1), rs.getString(2),
                        rs.getObject(3, Long.class), rs.getString(4), rs.getString(5),
                        rs.getObject(6, java.time.OffsetDateTime.class)))
                .list();
        long total = items.size() < QUARANTINE_LIMIT ? items.size() : jdbc.sql("""
                SELECT count(*) FROM %1$s.etl_quarantine q JOIN %1$s.etl_audit a ON a.etl_audit_key = q.etl_audit_key
                WHERE a.job_execution_id = ?""".formatted(schema)).param(executionId).query(Long.class).single();
        return new ExecutionView(detail, items, total);
    }

    /** The execution's progress now, with rates against {@code previous} when the caller has one. */
    public Progress progress(long executionId, Progress.Sample previous) {
        ExecutionDetail detail = operations.detail(executionId);
        ExecutionSummary summary = detail.summary();
        long now = System.currentTimeMillis();
        long items = detail.steps().stream().mapToLong(StepSummary::readCount).sum();
        Optional<DataMartTenant> tenant = Optional.ofNullable(summary.tenantId()).flatMap(tenants::find);
        long position = tenant.map(t -> watermarks.position(t, "task")).orElse(0L);
        Long head = null;
        String note = null;
        if (tenant.isPresent() && summary.status().isRunning()) {
            try {
                head = api.taskEventsHead(tenant.get().id()).id();
            }
            catch (RuntimeException e) {
                note = "feed head unknown: " + e.getMessage();
            }
        }
        Double rate = null;
        Double left = null;
        if (previous != null && now > previous.sampledAt() && items >= previous.itemsDone()) {
            double seconds = (now - previous.sampledAt()) / 1000.0;
            rate = (items - previous.itemsDone()) / seconds;
            double positionsPerSecond = (position - previous.feedPosition()) / seconds;
            if (head != null && positionsPerSecond > 0) {
                left = Math.max(0, head - position) / positionsPerSecond;
            }
        }
        else if (summary.started() != null) {
            double seconds = Duration.between(summary.started(),
                    summary.ended() != null ? summary.ended() : LocalDateTime.now()).toMillis() / 1000.0;
            rate = seconds > 0 ? items / seconds : null;
        }
        if (head != null && head <= position) {
            left = 0.0;
        }
        return new Progress(summary, detail.steps(), items, rate, position, head, left, now, note);
    }

    /** Launches {@code job} for the tenant, with extra string parameters. */
    public Started launch(String job, String tenantId, Map<String, String> parameters) throws Exception {
        return audit.audited("launch", tenantId, job, parameters.isEmpty() ? null : "parameters " + parameters,
                () -> {
                    if (tenants.find(tenantId).isEmpty()) {
                        throw new IllegalArgumentException(
                                "Tenant " + tenantId + " is not registered in the Data Mart");
                    }
                    refuseBusy(tenantId);
                    ExecutionFilter ofJob = ExecutionFilter.all().withJob(job).withTenant(tenantId);
                    long newest = newestId(ofJob);
                    return start(CompletableFuture.supplyAsync(
                            () -> call(() -> operations.launch(job, tenantId, parameters)), runs), ofJob, newest);
                }, Started::describe);
    }

    /** Restarts a FAILED or STOPPED execution as a new execution of its instance. */
    public Started restart(long executionId) throws Exception {
        ExecutionSummary failed = summaryForAudit(executionId);
        return audit.audited("restart", failed.tenantId(), "execution " + executionId, null, () -> {
            operations.detail(executionId);
            if (failed.tenantId() != null) {
                refuseBusy(failed.tenantId());
            }
            ExecutionFilter ofJob = ExecutionFilter.all().withJob(failed.jobName()).withTenant(failed.tenantId());
            long newest = Math.max(executionId, newestId(ofJob));
            return start(CompletableFuture.supplyAsync(() -> call(() -> operations.restart(executionId)), runs),
                    ofJob, newest);
        }, Started::describe);
    }

    public ExecutionSummary stop(long executionId) throws Exception {
        ExecutionSummary execution = summaryForAudit(executionId);
        return audit.audited("stop", execution.tenantId(), "execution " + executionId, null,
                () -> operations.stop(executionId), ExecutionConsole::describe);
    }

    public ExecutionSummary abandon(long executionId) throws Exception {
        ExecutionSummary execution = summaryForAudit(executionId);
        return audit.audited("abandon", execution.tenantId(), "execution " + executionId, null,
                () -> operations.abandon(executionId), ExecutionConsole::describe);
    }

    public ExecutionSummary recover(long executionId) throws Exception {
        ExecutionSummary execution = summaryForAudit(executionId);
        return audit.audited("recover", execution.tenantId(), "execution " + executionId, null,
                () -> operations.recover(executionId), ExecutionConsole::describe);
    }

    /** The execution, for the audit entry's tenant; an unknown id is refused (and audited) by the operation. */
    private ExecutionSummary summaryForAudit(long executionId) {
        return queries.summary(executionId).orElse(new ExecutionSummary(executionId, 0, null, null,
                org.springframework.batch.core.BatchStatus.UNKNOWN, null, null, null, null, null, null, null, null));
    }

    private void refuseBusy(String tenantId) {
        lock.holder(tenantId).ifPresent(holder -> {
            throw new ActionRefusedException("Tenant " + tenantId + " is busy: " + holder + " holds its lock");
        });
    }

    /** The id of the newest execution matching {@code filter}, 0 when there is none. */
    private long newestId(ExecutionFilter filter) {
        return operations.list(filter, 0, 1).items().stream().mapToLong(ExecutionSummary::id).findFirst().orElse(0);
    }

    /**
     * Waits until the run's execution appears: the newest one matching {@code ofJob} with an id above
     * {@code before} (ids grow; a time window would also catch the execution being restarted, or a run launched
     * just before), or until the run ends or is refused, whichever comes first.
     */
    private Started start(CompletableFuture<ExecutionSummary> run, ExecutionFilter ofJob, long before)
            throws Exception {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (run.isDone()) {
                try {
                    return new Started(run.join(), true);
                }
                catch (CompletionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            List<ExecutionSummary> found = operations.list(ofJob, 0, 1).items();
            if (!found.isEmpty() && found.getFirst().id() > before) {
                return new Started(found.getFirst(), false);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("The run was handed over but its execution did not appear within "
                + START_WAIT.toSeconds() + " s; see the executions list");
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        }
        catch (RuntimeException e) {
            throw e;
        }
        catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static String describe(ExecutionSummary execution) {
        return "execution " + execution.id() + " is " + execution.status();
    }

    @Override
    public void destroy() {
        runs.shutdownNow();
    }
}
