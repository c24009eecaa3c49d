package org.openiwd.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.resolve_index.ResolveIndexItem;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

/**
 * Rebuilding a tenant's index while its tasks keep changing: the alias ends on the new generation, the old one is
 * gone, and the index holds every task at its latest version. And the race the rebuild defends against: changes
 * that commit while a build holds the tenant's lock wait in the outbox and reach the index after it; meanwhile,
 * once they have waited longer than {@code max-lag}, PostgreSQL answers the tenant's searches.
 */
@Import(SearchTestSupport.DeleteIndicesAtClose.class)
class SearchIndexRebuildTest extends ApiIntegrationTest {

    @Autowired
    TaskIndices indices;
    @Autowired
    TaskIndexNames names;
    @Autowired
    ElasticsearchClient es;
    @Autowired
    SearchIndexer indexer;
    @Autowired
    TransactionTemplate transactions;

    @DynamicPropertySource
    static void elasticsearch(DynamicPropertyRegistry registry) {
        SearchTestSupport.useElasticsearch(registry, SearchTestSupport.SHARED_URL);
        // Small bulk batches, so that the rebuild takes a while and the writes really overlap it.
        registry.add("iwd.api.search.rebuild-batch", () -> "20");
        registry.add("iwd.api.search.max-lag", () -> "1s");
    }

    @Test
    void rebuildWhileWritingEndsWithEveryTaskAtItsLatestVersionInTheNewIndexOnly() throws Exception {
        RestClient tenant = client(provision("busy").get("tenant"));
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            ids.add(create(tenant, "b" + i));
        }
        SearchTestSupport.awaitIndexed(jdbc, indices, "busy");
        assertThat(indexNames("busy")).containsExactly(names.index("busy", 1));

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger writes = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            int n = 0;
            while (writing.get()) {
                long id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                int status = n++ % 5 == 0
                        ? tenant.post().uri("/tasks").body(Map.of("captureId", "w" + n, "subject", "Written"))
                                .retrieve().toBodilessEntity().getStatusCode().value()
                        : tenant.patch().uri("/tasks/{id}", id).body(Map.of("priority", n)).retrieve()
                                .toBodilessEntity().getStatusCode().value();
                assertThat(status).isBetween(200, 201);
                writes.incrementAndGet();
            }
        });
        ResponseEntity<Map> first = rebuild("busy");
        ResponseEntity<Map> second = rebuild("busy");
        writing.set(false);
        writer.join();

        assertThat(first.getStatusCode().value()).isEqualTo(200);
        assertThat(first.getBody()).containsEntry("index", names.index("busy", 2))
                .containsEntry("alias", names.alias("busy"));
        assertThat(((Number) first.getBody().get("tasks")).intValue()).isGreaterThanOrEqualTo(150);
        assertThat(second.getBody()).containsEntry("index", names.index("busy", 3));
        assertThat(writes.get()).as("writes during the rebuilds").isGreaterThan(10);
        SearchTestSupport.awaitIndexed(jdbc, indices, "busy");
        assertThat(indexNames("busy")).containsExactly(names.index("busy", 3));
        assertThat(aliasTargets("busy")).containsExactly(names.index("busy", 3));
        assertThat(SearchTestSupport.indexedVersions(es, names.alias("busy")))
                .isEqualTo(SearchTestSupport.storedVersions(jdbc, "busy"));
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'search-index.rebuild'")
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void changesCommittedDuringABuildWaitForItAndThenReachTheNewIndex() throws IOException {
        RestClient tenant = client(provision("held").get("tenant"));
        RestClient other = client(provision("other").get("tenant"));
        long id = create(tenant, "h1");
        create(other, "o1");
        indexer.runOnce();
        SearchTestSupport.awaitIndexed(jdbc, indices, "held", "other");

        // A build in progress holds the tenant's search lock for its whole transaction; so does this one.
        transactions.executeWithoutResult(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(?, hashtext(?))").params(TaskIndexBuilder.LOCK_SPACE, "held")
                    .query((rs, n) -> 1).single();
            CompletableFuture.runAsync(() -> {
                tenant.patch().uri("/tasks/{id}", id).body(Map.of("subject", "During the build")).retrieve()
                        .toBodilessEntity();
                other.post().uri("/tasks").body(Map.of("captureId", "o2")).retrieve().toBodilessEntity();
                try {
                    indexer.runOnce();
                }
                catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).join();
            assertThat(outbox("held")).as("the locked tenant's change waits").isPositive();
            assertThat(outbox("other")).as("other tenants are indexed meanwhile").isZero();
        });

        SearchTestSupport.awaitIndexed(jdbc, indices, "held", "other");
        assertThat(SearchTestSupport.indexedVersions(es, names.alias("held")))
                .isEqualTo(SearchTestSupport.storedVersions(jdbc, "held"));
        assertThat(SearchTestSupport.indexedVersions(es, names.alias("other")))
                .isEqualTo(SearchTestSupport.storedVersions(jdbc, "other"));
    }

    @Test
    void aTenantWhoseChangesWaitLongerThanMaxLagIsSearchedInPostgresUntilTheIndexCatchesUp() throws Exception {
        RestClient tenant = client(provision("lagging").get("tenant"));
        long id = create(tenant, "g1");
        SearchTestSupport.awaitIndexed(jdbc, indices, "lagging");
        assertThat(backend(tenant, "q=rebuild")).isEqualTo("elasticsearch");

        transactions.executeWithoutResult(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(?, hashtext(?))").params(TaskIndexBuilder.LOCK_SPACE, "lagging")
                    .query((rs, n) -> 1).single();
            tenant.patch().uri("/tasks/{id}", id).body(Map.of("subject", "Behind the index")).retrieve()
                    .toBodilessEntity();
            try {
                Thread.sleep(1_500);
            }
            catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            assertThat(backend(tenant, "q=behind")).isEqualTo("postgres");
            assertThat(tenant.get().uri("/tasks?q=behind").retrieve().body(Map.class).get("tasks"))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);
        });

        SearchTestSupport.awaitIndexed(jdbc, indices, "lagging");
        assertThat(backend(tenant, "q=behind")).isEqualTo("elasticsearch");
    }

    @Test
    void rebuildNeedsTheAdminKeyAndAnExistingTenant() {
        Map<String, String> keys = provision("guarded");
        assertThat(client(keys.get("tenant")).post().uri("/provisioning/guarded/search-index/rebuild").retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(403);
        ResponseEntity<Map> missing = rebuild("nobody");
        assertThat(missing.getStatusCode().value()).isEqualTo(404);
        assertThat(missing.getBody().get("type")).isEqualTo("urn:iwd:problem:not-found");
        assertThat(rebuild("guarded").getBody()).containsEntry("tasks", 0)
                .containsEntry("index", names.index("guarded", 1));
    }

    private ResponseEntity<Map> rebuild(String tenantId) {
        return client(ADMIN_KEY).post().uri("/provisioning/{id}/search-index/rebuild", tenantId).retrieve()
                .toEntity(Map.class);
    }

    private static String backend(RestClient tenant, String query) {
        return tenant.get().uri("/tasks?" + query).retrieve().toEntity(Map.class).getHeaders()
                .getFirst(SearchController.BACKEND_HEADER);
    }

    private long outbox(String tenantId) {
        return jdbc.sql("SELECT count(*) FROM search_outbox WHERE tenant_id = ?").param(tenantId)
                .query(Long.class).single();
    }

    private List<String> indexNames(String tenantId) throws IOException {
        return indices.indices(tenantId).stream().map(ResolveIndexItem::name).toList();
    }

    private List<String> aliasTargets(String tenantId) throws IOException {
        return es.indices().resolveIndex(r -> r.name(names.alias(tenantId))).aliases().getFirst().indices();
    }

    private static long create(RestClient tenant, String captureId) {
        return ((Number) tenant.post().uri("/tasks").body(Map.of("captureId", captureId, "subject", "Rebuild me"))
                .retrieve().body(Map.class).get("id")).longValue();
    }
}
