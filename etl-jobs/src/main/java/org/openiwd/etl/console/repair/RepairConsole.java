package org.openiwd.etl.console.repair;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.openiwd.etl.aggregate.ReaggregationRange;
import org.openiwd.etl.console.ActionRefusedException;
import org.openiwd.etl.console.ConsoleUser;
import org.openiwd.etl.console.audit.AuditEntry;
import org.openiwd.etl.console.audit.ConsoleAudit;
import org.openiwd.etl.job.EtlJobRunner;
import org.openiwd.etl.job.JobNames;
import org.openiwd.etl.job.intraday.QuarantineReplay;
import org.openiwd.etl.lock.TenantLock;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The repair tools, each audited when asked and, for those that go on in the background, again when they end
 * ({@code reprocess.done}, {@code rebuild.done}):
 * <ul>
 * <li>{@link #replay}: the tenant's quarantined task events through the loader again ({@link QuarantineReplay}),
 * synchronously.</li>
 * <li>{@link #reprocess}: the aggregates of a range of local days recomputed from the facts: the range's intervals
 * are marked touched ({@link ReaggregationRange}, under the tenant's lock), then {@code aggregateIntraday} and, when
 * the range has days before today, {@code nightly} (which recomputes the closed days' day rows) run in the
 * background as ordinary executions.</li>
 * <li>{@link #rebuild}: the tenant's Data Mart dropped and created again, watermarks at the start of the feeds, then
 * {@code initialize} and {@code intraday} from the whole feed; the tenant's lock is held from the drop to the end of
 * the load, so no scheduled run sees the empty schema. ADMIN only, and the confirmation must be the tenant id.</li>
 * </ul>
 */
@Service
public class RepairConsole implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RepairConsole.class);

    private final TenantRegistry tenants;
    private final TenantLock lock;
    private final EtlJobRunner runner;
    private final QuarantineReplay replay;
    private final ReaggregationRange range;
    private final ConsoleAudit audit;
    private final TransactionTemplate transaction;
    private final ExecutorService background = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().name("console-repair-", 0).daemon().factory());

    RepairConsole(TenantRegistry tenants, TenantLock lock, EtlJobRunner runner, QuarantineReplay replay,
            ReaggregationRange range, ConsoleAudit audit, PlatformTransactionManager transactions) {
        this.tenants = tenants;
        this.lock = lock;
        this.runner = runner;
        this.replay = replay;
        this.range = range;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
    }

    public QuarantineReplay.Result replay(String tenantId) throws Exception {
        return audit.audited("quarantine.replay", tenantId, null, null, () -> replay.replay(tenant(tenantId)),
                r -> r.replayed() + " replayed, " + r.stillQuarantined() + " failed again, " + r.remaining()
                        + " left in quarantine");
    }

    /** What {@link #reprocess} started. */
    public record Reprocess(String tenantId, LocalDate from, LocalDate to, int intervalsMarked, boolean withDays) {
    }

    public Reprocess reprocess(String tenantId, LocalDate from, LocalDate to) throws Exception {
        return audit.audited("reprocess", tenantId, from + ".." + to, null, () -> {
            DataMartTenant tenant = tenant(tenantId);
            int marked;
            try (TenantLock.Held held = acquire(tenantId, "reprocess")) {
                marked = transaction.execute(status -> range.mark(tenant, from, to));
            }
            boolean withDays = from.isBefore(LocalDate.now(tenant.timeZone()));
            String user = ConsoleUser.currentName();
            background.execute(() -> finish(user, "reprocess.done", tenantId, from + ".." + to, () -> {
                String result = JobNames.AGGREGATE_INTRADAY + " " + run(tenantId, JobNames.AGGREGATE_INTRADAY);
                return withDays ? result + ", " + JobNames.NIGHTLY + " " + run(tenantId, JobNames.NIGHTLY) : result;
            }));
            return new Reprocess(tenantId, from, to, marked, withDays);
        }, r -> r.intervalsMarked() + " intervals marked; " + JobNames.AGGREGATE_INTRADAY
                + (r.withDays() ? " and " + JobNames.NIGHTLY : "") + " started");
    }

    /**
     * Starts the rebuild and returns; {@code confirmation} must be the tenant id. Refused while another run holds
     * the tenant.
     */
    @PreAuthorize("hasRole('ADMIN')")
    public String rebuild(String tenantId, String confirmation) throws Exception {
        return audit.audited("rebuild", tenantId, null, null, () -> {
            DataMartTenant tenant = tenant(tenantId);
            if (!tenantId.equals(confirmation == null ? null : confirmation.trim())) {
                throw new ActionRefusedException("Type the tenant id (" + tenantId + ") to confirm the rebuild");
            }
            TenantLock.Held held = acquire(tenantId, "rebuild");
            String user = ConsoleUser.currentName();
            background.execute(() -> {
                try (held) {
                    finish(user, "rebuild.done", tenantId, null, () -> {
                        tenants.recreateSchema(tenant.id());
                        return JobNames.INITIALIZE + " " + runHeld(held, JobNames.INITIALIZE) + ", "
                                + JobNames.INTRADAY + " " + runHeld(held, JobNames.INTRADAY);
                    });
                }
            });
            return "Data Mart " + tenant.schema() + " is being rebuilt from the feed";
        }, message -> message);
    }

    private interface Work {
        String run() throws Exception;
    }

    private void finish(String user, String action, String tenantId, String target, Work work) {
        try {
            audit.record(user, action, tenantId, target, AuditEntry.Outcome.OK, work.run());
        }
        catch (Exception e) {
            log.error("Tenant {}: {} failed", tenantId, action, e);
            audit.record(user, action, tenantId, target, AuditEntry.Outcome.FAILED, e.toString());
        }
    }

    private String run(String tenantId, String job) throws Exception {
        JobExecution execution = runner.run(job, tenantId, Map.of("reason", "console reprocess"));
        return describe(execution);
    }

    private String runHeld(TenantLock.Held held, String job) throws Exception {
        JobExecution execution = runner.run(held, job, held.tenantId(), Map.of("reason", "console rebuild"));
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException(job + " " + describe(execution));
        }
        return describe(execution);
    }

    private static String describe(JobExecution execution) {
        return "execution " + execution.getId() + " " + execution.getStatus();
    }

    private TenantLock.Held acquire(String tenantId, String what) {
        return lock.tryAcquire(tenantId, what).orElseThrow(() -> new EtlJobRunner.TenantBusyException(tenantId,
                lock.holder(tenantId).orElse("another run")));
    }

    private DataMartTenant tenant(String tenantId) {
        return tenants.find(tenantId).orElseThrow(() -> new IllegalArgumentException("Tenant " + tenantId
                + " is not registered in the Data Mart"));
    }

    @Override
    public void destroy() {
        background.shutdownNow();
    }
}
