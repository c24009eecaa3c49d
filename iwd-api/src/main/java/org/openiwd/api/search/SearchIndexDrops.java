package org.openiwd.api.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import co.elastic.clients.elasticsearch.indices.resolve_index.ResolveIndexItem;
import org.openiwd.api.tenant.TenantDeleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the indices of deleted tenants. The deletion is recorded in {@code search_index_drop} in the tenant
 * deletion's own transaction, and carried out by the indexer after commit, and again on every run until
 * Elasticsearch has done it: a deletion while Elasticsearch is down is not lost.
 */
@Component
@OnElasticsearchBackend
class SearchIndexDrops {

    private static final Logger log = LoggerFactory.getLogger(SearchIndexDrops.class);
    private static final int BATCH = 20;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TaskIndices indices;

    SearchIndexDrops(JdbcClient jdbc, TransactionTemplate transactions, TaskIndices indices) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.indices = indices;
    }

    /** Runs in the deleting transaction. */
    @EventListener
    void tenantDeleted(TenantDeleted event) {
        jdbc.sql("""
                INSERT INTO search_index_drop (tenant_id) VALUES (?)
                ON CONFLICT (tenant_id) DO UPDATE SET requested_at = now()""")
                .param(event.tenantId())
                .update();
    }

    /**
     * Deletes the indices of every tenant waiting in {@code search_index_drop}, each under the tenant's search lock
     * (a build of a tenant re-created under the same id waits, or is waited for). Returns how many tenants' indices
     * it deleted.
     */
    int dropAll() throws IOException {
        int total = 0;
        int n;
        do {
            try {
                n = transactions.execute(status -> dropBatch());
            }
            catch (UncheckedIOException e) {
                throw e.getCause();
            }
            total += n;
        }
        while (n == BATCH);
        return total;
    }

    private int dropBatch() {
        List<String> tenants = jdbc.sql("""
                SELECT tenant_id FROM search_index_drop ORDER BY requested_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                .param(BATCH).query(String.class).list();
        for (String tenantId : tenants) {
            jdbc.sql("SELECT pg_advisory_xact_lock(?, hashtext(?))").params(TaskIndexBuilder.LOCK_SPACE, tenantId)
                    .query((rs, n) -> 1).single();
            try {
                List<String> names = indices.indices(tenantId).stream().map(ResolveIndexItem::name).toList();
                indices.delete(names);
                log.info("Deleted the search indices {} of deleted tenant {}", names, tenantId);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            jdbc.sql("DELETE FROM search_index_drop WHERE tenant_id = ?").param(tenantId).update();
        }
        return tenants.size();
    }
}
