package org.openiwd.etl.job.intraday;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.openiwd.etl.aggregate.IntradayAggregator;
import org.openiwd.etl.feed.FeedEvent;
import org.openiwd.etl.feed.FeedPage;
import org.openiwd.etl.feed.QuarantinedPayloads;
import org.openiwd.etl.job.EtlJobRunner;
import org.openiwd.etl.lock.TenantLock;
import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays a tenant's quarantined task events after a fix (of the parser, of the API's data): each one goes through
 * the loader again ({@link QuarantinedPayloads} then {@link TaskEventFactWriter#writeEvents}), the touched
 * intervals are re-aggregated, and the events loaded leave the quarantine. An event that fails again stays, with its
 * new reason. Configuration events are not replayed (the next configuration load reads the current state).
 *
 * <p>Runs under the tenant's lock ({@link EtlJobRunner.TenantBusyException} when a job holds it) and in one Data
 * Mart transaction with its own {@code etl_audit} row ({@code job_name} {@value #AUDIT_JOB}): a failure leaves the
 * quarantine and the facts as they were. The watermark does not move: the events lie behind it.
 */
@Service
public class QuarantineReplay {

    public static final String AUDIT_JOB = "replayQuarantine";
    /** The most events one replay takes; a larger quarantine is replayed in several calls. */
    public static final int MAX_EVENTS = 10_000;

    private final TenantLock lock;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TaskEventFactWriter writer;
    private final IntradayAggregator aggregator;
    private final TransactionTemplate transaction;

    QuarantineReplay(TenantLock lock, JdbcClient jdbc, JsonMapper json, TaskEventFactWriter writer,
            IntradayAggregator aggregator, PlatformTransactionManager transactions) {
        this.lock = lock;
        this.jdbc = jdbc;
        this.json = json;
        this.writer = writer;
        this.aggregator = aggregator;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * What a replay did.
     *
     * @param replayed quarantined events now loaded
     * @param stillQuarantined events that failed again (their reason updated)
     * @param remaining task events left in the quarantine after this replay (more than {@link #MAX_EVENTS} waiting)
     * @param auditKey the replay's {@code etl_audit} row
     */
    public record Result(int replayed, int stillQuarantined, long remaining, long auditKey) {
    }

    public Result replay(DataMartTenant tenant) {
        try (TenantLock.Held held = lock.tryAcquire(tenant.id(), AUDIT_JOB)
                .orElseThrow(() -> new EtlJobRunner.TenantBusyException(tenant.id(),
                        lock.holder(tenant.id()).orElse("another run")))) {
            return transaction.execute(status -> replayLocked(tenant));
        }
    }

    private record Row(long id, Long eventId, String payload) {
    }

    private Result replayLocked(DataMartTenant tenant) {
        String schema = tenant.schema();
        long audit = jdbc.sql("INSERT INTO " + schema + ".etl_audit (job_name) VALUES (?) RETURNING etl_audit_key")
                .param(AUDIT_JOB).query(Long.class).single();
        List<Row> rows = jdbc.sql("""
                SELECT quarantine_id, event_id, raw_payload FROM %s.etl_quarantine WHERE feed = 'task'
                ORDER BY event_id NULLS LAST, quarantine_id LIMIT ? FOR UPDATE""".formatted(schema))
                .param(MAX_EVENTS)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3))).list();
        // One quarantine row per event id: a second copy of an event would fail the ascending-id check.
        Set<Long> seen = new HashSet<>();
        List<Row> unique = rows.stream().filter(r -> r.eventId() == null || seen.add(r.eventId())).toList();
        FeedPage page = QuarantinedPayloads.parse(json, unique.stream().map(Row::payload).toList());
        writer.writeEvents(tenant, new FeedPage(page.events(), List.of(), 0), audit);
        aggregator.aggregate(tenant, audit);
        Set<Long> loaded = new HashSet<>();
        page.events().stream().map(FeedEvent::id).forEach(loaded::add);
        int replayed = 0;
        for (Row row : rows) {
            if (row.eventId() != null && loaded.contains(row.eventId())) {
                replayed += jdbc.sql("DELETE FROM " + schema + ".etl_quarantine WHERE quarantine_id = ?")
                        .param(row.id()).update();
            }
        }
        int failed = 0;
        for (FeedPage.RejectedEvent rejected : page.rejected()) {
            failed += jdbc.sql("""
                    UPDATE %s.etl_quarantine SET reason = ? WHERE feed = 'task' AND raw_payload = ?
                        AND quarantine_id = ANY (?)""".formatted(schema))
                    .params(rejected.reason(), rejected.rawPayload(),
                            rows.stream().map(Row::id).toArray(Long[]::new))
                    .update() > 0 ? 1 : 0;
        }
        long remaining = jdbc.sql("SELECT count(*) FROM " + schema + ".etl_quarantine WHERE feed = 'task'")
                .query(Long.class).single();
        jdbc.sql("""
                UPDATE %s.etl_audit SET ended_at = now(), status = 'COMPLETED', events_read = ?, rows_written = ?
                WHERE etl_audit_key = ?""".formatted(schema))
                .params(rows.size(), replayed, audit).update();
        return new Result(replayed, failed, remaining, audit);
    }
}
