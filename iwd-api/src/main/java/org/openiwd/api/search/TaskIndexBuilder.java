package org.openiwd.api.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.indices.resolve_index.ResolveIndexItem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds a tenant's index from PostgreSQL: creates the next generation, bulk-loads every task of the tenant into
 * it, then in one alias update points the alias at it and deletes the earlier generations.
 *
 * <p>Writes during a build: the build holds the tenant's search lock exclusively for its whole transaction, and
 * the indexer takes it shared for each batch, skipping tenants whose lock it cannot get. So no batch of the tenant
 * is in flight when the build reads the tasks (each change it indexed committed before, and is read), and the
 * changes committed after the read wait in the outbox until the alias points at the new index, where the indexer
 * then writes them. External versions make the order of all these writes harmless. The lock is
 * {@code pg_advisory_xact_lock(}{@link #LOCK_SPACE}{@code , hashtext(tenant_id))}.
 *
 * <p>The build also holds a key-share lock on the tenant's row, so the tenant cannot be deleted under it.
 */
@Component
@OnElasticsearchBackend
class TaskIndexBuilder {

    /** The first key of the tenants' search locks, so they never meet another feature's advisory locks. */
    static final int LOCK_SPACE = 0x5EA4C4;

    private static final Logger log = LoggerFactory.getLogger(TaskIndexBuilder.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TaskDocuments documents;
    private final TaskIndices indices;
    private final TaskIndexNames names;
    private final SearchProperties settings;
    private final MeterRegistry meters;

    TaskIndexBuilder(JdbcClient jdbc, TransactionTemplate transactions, TaskDocuments documents, TaskIndices indices,
            TaskIndexNames names, SearchProperties settings, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.documents = documents;
        this.indices = indices;
        this.names = names;
        this.settings = settings;
        this.meters = meters;
    }

    /** What a build did: the tenant's alias now points at {@code index}, which holds {@code tasks} tasks. */
    record SearchIndexBuild(String tenantId, String alias, String index, long tasks, List<String> replaced) {
    }

    /** Thrown when another build of the tenant holds its lock longer than {@code lock-timeout}. */
    static class BuildInProgressException extends RuntimeException {
        BuildInProgressException(String tenantId) {
            super("an index build of tenant " + tenantId + " is running");
        }
    }

    /**
     * Builds the tenant's index unless its alias exists or another build of it is running; empty when it built
     * nothing (also when the tenant no longer exists). For the indexer, which never waits.
     */
    Optional<SearchIndexBuild> buildIfMissing(String tenantId) throws IOException {
        return run(tenantId, false);
    }

    /**
     * Builds a new generation of the tenant's index, waiting up to {@code lock-timeout} for a running build; empty
     * when the tenant does not exist.
     *
     * @throws BuildInProgressException when the running build does not finish in time
     */
    Optional<SearchIndexBuild> rebuild(String tenantId) throws IOException {
        return run(tenantId, true);
    }

    private Optional<SearchIndexBuild> run(String tenantId, boolean rebuild) throws IOException {
        try {
            return transactions.execute(status -> {
                boolean exists = jdbc.sql("SELECT 1 FROM tenant WHERE tenant_id = ? FOR KEY SHARE").param(tenantId)
                        .query(Integer.class).optional().isPresent();
                if (!exists || !lock(tenantId, rebuild)) {
                    return Optional.empty();
                }
                try {
                    if (!rebuild && indices.aliasExists(tenantId)) {
                        return Optional.empty();
                    }
                    return Optional.of(build(tenantId));
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

    private boolean lock(String tenantId, boolean wait) {
        if (!wait) {
            return Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(?, hashtext(?))")
                    .params(LOCK_SPACE, tenantId).query(Boolean.class).single());
        }
        jdbc.sql("SELECT set_config('lock_timeout', ?, true)").param(settings.lockTimeout().toMillis() + "ms")
                .query(String.class).single();
        try {
            jdbc.sql("SELECT pg_advisory_xact_lock(?, hashtext(?))").params(LOCK_SPACE, tenantId)
                    .query((rs, n) -> 1).single();
        }
        catch (org.springframework.dao.PessimisticLockingFailureException e) {
            throw new BuildInProgressException(tenantId);
        }
        jdbc.sql("SELECT set_config('lock_timeout', '0', true)").query(String.class).single();
        return true;
    }

    private SearchIndexBuild build(String tenantId) throws IOException {
        List<String> existing = indices.indices(tenantId).stream().map(ResolveIndexItem::name).toList();
        int generation = existing.stream().mapToInt(name -> names.generation(tenantId, name).orElse(0)).max()
                .orElse(0) + 1;
        String index = names.index(tenantId, generation);
        long started = System.nanoTime();
        indices.create(index);
        long[] count = {0};
        try {
            documents.streamTenant(tenantId, settings.rebuildBatch(), batch -> {
                try {
                    List<BulkResponseItem> items = indices.bulk(batch, document -> index, false);
                    for (BulkResponseItem item : items) {
                        if (!TaskIndices.done(item)) {
                            throw new IllegalStateException("Elasticsearch refused task " + item.id() + " into "
                                    + index + ": " + item.error().reason());
                        }
                    }
                    count[0] += batch.size();
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            indices.switchAlias(tenantId, index, existing);
        }
        catch (RuntimeException | IOException e) {
            discard(index);
            throw e;
        }
        Counter.builder("iwd.search.index.builds").description("Tenant indices built from PostgreSQL")
                .tag("tenant", tenantId).register(meters).increment();
        log.info("Built search index {} of tenant {} with {} tasks in {} ms (replaced {})", index, tenantId,
                count[0], (System.nanoTime() - started) / 1_000_000, existing);
        return new SearchIndexBuild(tenantId, names.alias(tenantId), index, count[0], existing);
    }

    private void discard(String index) {
        try {
            indices.delete(List.of(index));
        }
        catch (IOException | RuntimeException e) {
            // The next build deletes it with the other generations.
            log.warn("Could not delete the unfinished index {}: {}", index, e.toString());
        }
    }
}
