package org.openiwd.api.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.openiwd.api.ApiProperties;
import org.openiwd.api.background.BackgroundLoop;
import org.openiwd.api.background.QueueVacuum;
import org.openiwd.api.cache.SingletonLease;
import org.openiwd.api.tenant.TenantDeleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains the outbox into Elasticsearch: one loop per replica, nudged after every commit that wrote outbox rows and
 * otherwise every {@code indexer-interval}.
 *
 * <p>A batch is one transaction: it takes up to {@code indexer-batch} rows with {@code FOR UPDATE SKIP LOCKED} (so
 * replicas share the work) and the tenant's search lock shared (skipping tenants whose index is being built),
 * reads the tasks' current rows, bulk-indexes them into their tenants' aliases with the task version as external
 * version, and deletes the rows Elasticsearch accepted, or refused as older than what it holds (a replay). A task
 * changed several times is indexed once, at its latest version.
 *
 * <p>Elasticsearch unreachable: the bulk fails, the transaction rolls back, the rows stay; the loop backs off up to
 * {@code max-backoff}, ignoring nudges, and the index converges once Elasticsearch answers. An alias that does not
 * exist yet (a new tenant) makes the {@link TaskIndexBuilder} build the index from PostgreSQL first.
 *
 * <p>A run sweeps when a sweep is due: at start-up, after this replica deleted a tenant, when a search found an
 * alias missing, and every {@code reconcile-interval} (which also takes the drops of a replica that stopped before
 * its own sweep). The sweep deletes deleted tenants' indices and, when a check is due, builds the index of any
 * tenant that has none, under the Redis lease {@value #SWEEP_LEASE_NAME} so that one replica at a time does it. A
 * replica that finds the lease held keeps its sweep due for its next run; without Redis every replica sweeps,
 * which the drops' and builders' own locks make safe. Runs with no sweep due touch neither Redis nor the drops.
 */
@Component
@OnElasticsearchBackend
class SearchIndexer extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
    static final String SWEEP_LEASE_NAME = "search-index-sweep";
    /**
     * Longer than a sweep is expected to take (it may build a tenant's index from PostgreSQL); a sweep outlasting it
     * lets a second replica sweep too, which is safe, only wasteful.
     */
    private static final Duration SWEEP_LEASE = Duration.ofMinutes(10);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TaskDocuments documents;
    private final TaskIndices indices;
    private final TaskIndexNames names;
    private final TaskIndexBuilder builder;
    private final SearchIndexDrops drops;
    private final ElasticsearchAvailability availability;
    private final SearchProperties settings;
    private final MeterRegistry meters;
    private final Clock clock;
    private final QueueVacuum outboxVacuum;
    private final SingletonLease lease;
    private final Semaphore nudges = new Semaphore(0);
    private volatile boolean reconcileRequested = true;
    /** Deleted tenants' indices may wait: at start-up (left by a stopped replica), after a deletion here. */
    private volatile boolean dropsRequested = true;
    private Instant nextReconcile = Instant.MIN;

    SearchIndexer(JdbcClient jdbc, TransactionTemplate transactions, TaskDocuments documents, TaskIndices indices,
            TaskIndexNames names, TaskIndexBuilder builder, SearchIndexDrops drops,
            ElasticsearchAvailability availability, SearchProperties settings, ApiProperties api, MeterRegistry meters,
            Clock clock, SingletonLease lease) {
        super("search-indexer", Duration.ofSeconds(10));
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.documents = documents;
        this.indices = indices;
        this.names = names;
        this.builder = builder;
        this.drops = drops;
        this.availability = availability;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
        this.outboxVacuum = new QueueVacuum(jdbc, "search_outbox", api.queueVacuumInterval());
        this.lease = lease;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void outboxAppended(SearchOutbox.OutboxAppended event) {
        nudges.release();
    }

    @TransactionalEventListener
    void tenantDeleted(TenantDeleted event) {
        dropsRequested = true;
        nudges.release();
    }

    /** Asks for a check, soon, that every tenant has an index (a search found an alias missing). */
    void requestReconcile() {
        reconcileRequested = true;
        nudges.release();
    }

    /**
     * One run: the sweep when one is due (deleted tenants' indices, missing indices when a check is due) unless
     * another replica holds its lease, then the outbox until it holds no row this replica can take. Returns how many task documents
     * it indexed. Safe on any thread.
     *
     * @throws IOException when Elasticsearch cannot be reached or asks to retry later; nothing is lost
     */
    synchronized int runOnce() throws IOException {
        if (!availability.reachable() && availability.probe() == null) {
            throw new IOException("Elasticsearch does not answer: " + availability.lastError());
        }
        sweepIfDue();
        int indexed = 0;
        Set<String> built = new HashSet<>();
        while (true) {
            Batch batch = nextBatch();
            outboxVacuum.taken(batch.rows());
            indexed += batch.indexed();
            if (batch.retryLater() > 0) {
                throw new IOException("Elasticsearch asked to retry " + batch.retryLater() + " documents later");
            }
            for (String tenantId : batch.aliasMissing()) {
                if (!built.add(tenantId)) {
                    throw new IllegalStateException("the alias of tenant " + tenantId + " is still missing after a "
                            + "build");
                }
                builder.buildIfMissing(tenantId);
            }
            if (batch.rows() < settings.indexerBatch() && batch.aliasMissing().isEmpty()) {
                return indexed;
            }
        }
    }

    /** Outbox rows of one batch: what was indexed, what waits for a build, what Elasticsearch refused for now. */
    private record Batch(int rows, int indexed, Set<String> aliasMissing, int retryLater) {
    }

    private record OutboxRow(long outboxId, String tenantId, long taskId) {
    }

    private Batch nextBatch() throws IOException {
        try {
            return transactions.execute(status -> {
                try {
                    return indexBatch();
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private Batch indexBatch() throws IOException {
        List<OutboxRow> rows = jdbc.sql("""
                SELECT outbox_id, tenant_id, task_id FROM search_outbox
                WHERE pg_try_advisory_xact_lock_shared(?, hashtext(tenant_id))
                ORDER BY outbox_id LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(TaskIndexBuilder.LOCK_SPACE, settings.indexerBatch())
                .query((rs, n) -> new OutboxRow(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                .list();
        if (rows.isEmpty()) {
            return new Batch(0, 0, Set.of(), 0);
        }
        Set<Long> taskIds = rows.stream().map(OutboxRow::taskId).collect(Collectors.toCollection(LinkedHashSet::new));
        List<TaskDocument> docs = documents.find(taskIds);
        List<BulkResponseItem> items = indices.bulk(docs, document -> names.alias(document.tenantId()), true);
        availability.answered();
        Map<Long, TaskDocument> byTask = docs.stream()
                .collect(Collectors.toMap(TaskDocument::taskId, Function.identity()));
        // A task that no longer exists needs no document (its tenant's index goes with the tenant).
        Set<Long> handled = new HashSet<>(taskIds);
        handled.removeIf(byTask::containsKey);
        Set<String> aliasMissing = new LinkedHashSet<>();
        int indexed = 0;
        int retry = 0;
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            TaskDocument document = docs.get(i);
            if (TaskIndices.done(item)) {
                handled.add(document.taskId());
                indexed += item.error() == null ? 1 : 0;
            }
            else if (TaskIndices.aliasMissing(item)) {
                aliasMissing.add(document.tenantId());
            }
            else if (TaskIndices.retryable(item)) {
                retry++;
            }
            else {
                // A document Elasticsearch will never take: retrying cannot help, so it is counted and logged.
                handled.add(document.taskId());
                Counter.builder("iwd.search.index.rejected")
                        .description("Task documents Elasticsearch refused for good (logged, not retried)")
                        .tag("tenant", document.tenantId()).register(meters).increment();
                log.warn("Elasticsearch refused task {} of tenant {}: {}", document.taskId(), document.tenantId(),
                        item.error().reason());
            }
        }
        List<Long> done = new ArrayList<>();
        for (OutboxRow row : rows) {
            if (handled.contains(row.taskId())) {
                done.add(row.outboxId());
            }
        }
        if (!done.isEmpty()) {
            jdbc.sql("DELETE FROM search_outbox WHERE outbox_id IN (:ids)").param("ids", done).update();
        }
        Counter.builder("iwd.search.indexed").description("Task documents written to Elasticsearch by the indexer")
                .register(meters).increment(indexed);
        return new Batch(rows.size(), indexed, aliasMissing, retry);
    }

    private boolean reconcileDue() {
        return reconcileRequested || !clock.instant().isBefore(nextReconcile);
    }

    private void sweepIfDue() throws IOException {
        if (!dropsRequested && !reconcileDue()) {
            return;
        }
        // Cleared first: a deletion committed while the sweep runs asks again. Set again unless the sweep ran.
        dropsRequested = false;
        boolean swept = false;
        try {
            swept = lease.runIfFree(SWEEP_LEASE_NAME, SWEEP_LEASE, () -> {
                drops.dropAll();
                if (reconcileDue()) {
                    reconcile();
                }
            });
        }
        finally {
            if (!swept) {
                dropsRequested = true;
            }
        }
    }

    /** Builds the index of every tenant that has none. */
    private void reconcile() throws IOException {
        reconcileRequested = false;
        nextReconcile = clock.instant().plus(settings.reconcileInterval());
        Set<String> aliases = indices.aliases();
        for (String tenantId : jdbc.sql("SELECT tenant_id FROM tenant ORDER BY tenant_id").query(String.class).list()) {
            if (!aliases.contains(names.alias(tenantId))) {
                builder.buildIfMissing(tenantId);
            }
        }
    }

    @Override
    protected void loop() {
        int failures = 0;
        while (running()) {
            try {
                if (failures == 0) {
                    nudges.tryAcquire(Math.max(1, settings.indexerInterval().toMillis()), TimeUnit.MILLISECONDS);
                }
                else {
                    // Backing off: nudges are ignored, or every write would knock on a door that is closed.
                    Thread.sleep(backoff(failures).toMillis());
                }
                nudges.drainPermits();
                runOnce();
                failures = 0;
            }
            catch (InterruptedException e) {
                return;
            }
            catch (IOException e) {
                failures++;
                availability.failed(e);
                failures("unavailable").increment();
            }
            catch (RuntimeException e) {
                failures++;
                failures("error").increment();
                log.warn("Search indexer run failed, retrying in {} s: {}", backoff(failures).toSeconds(),
                        e.toString());
            }
        }
    }

    private Counter failures(String reason) {
        return Counter.builder("iwd.search.indexer.failures")
                .description("Indexer runs that failed: Elasticsearch unavailable, or another error")
                .tag("reason", reason).register(meters);
    }

    private Duration backoff(int failures) {
        Duration base = settings.indexerInterval();
        Duration wait = base.multipliedBy(1L << Math.min(failures - 1, 16));
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }
}
