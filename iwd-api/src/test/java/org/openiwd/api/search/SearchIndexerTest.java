package org.openiwd.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.openiwd.api.cache.SingletonLease;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

/**
 * The outbox and the indexer on the real Elasticsearch: changes become searchable, external versions keep a stale
 * write from replacing a newer document, replays change nothing, a deleted tenant's index goes, and the backlog
 * shows in metrics and health.
 */
@Import(SearchTestSupport.DeleteIndicesAtClose.class)
class SearchIndexerTest extends ApiIntegrationTest {

    @Autowired
    TaskIndices indices;
    @Autowired
    TaskIndexNames names;
    @Autowired
    TaskDocuments documents;
    @Autowired
    ElasticsearchClient es;
    @Autowired
    MeterRegistry meters;
    @Autowired
    SearchOutbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    SearchIndexer indexer;
    @Autowired
    SingletonLease lease;
    @Value("${local.management.port}")
    int managementPort;

    @DynamicPropertySource
    static void elasticsearch(DynamicPropertyRegistry registry) {
        SearchTestSupport.useElasticsearch(registry, SearchTestSupport.SHARED_URL);
    }

    @Test
    void changesAreSearchableOnceIndexedAndOnlyAtTheirLatestVersion() throws IOException {
        RestClient tenant = client(provision("changes").get("tenant"));
        long id = create(tenant, "c1", "Parcel arrived damaged");
        SearchTestSupport.awaitIndexed(jdbc, indices, "changes");
        assertThat(search(tenant, "q=damaged")).containsExactly(id);

        tenant.patch().uri("/tasks/{id}", id).body(Map.of("subject", "Parcel replaced")).retrieve().toBodilessEntity();
        SearchTestSupport.awaitIndexed(jdbc, indices, "changes");
        assertThat(search(tenant, "q=replaced")).containsExactly(id);
        assertThat(search(tenant, "q=damaged")).isEmpty();
        assertThat(version(names.alias("changes"), id)).isEqualTo(2);
    }

    @Test
    void aStaleVersionNeverOverwritesANewerDocument() throws IOException {
        RestClient tenant = client(provision("stale").get("tenant"));
        long id = create(tenant, "s1", "First words");
        tenant.patch().uri("/tasks/{id}", id).body(Map.of("subject", "Second words")).retrieve().toBodilessEntity();
        TaskDocument v2 = documents.find(List.of(id)).getFirst();
        tenant.patch().uri("/tasks/{id}", id).body(Map.of("subject", "Third words")).retrieve().toBodilessEntity();
        SearchTestSupport.awaitIndexed(jdbc, indices, "stale");
        assertThat(v2.version()).isEqualTo(2);
        assertThat(version(names.alias("stale"), id)).isEqualTo(3);

        List<BulkResponseItem> replay = indices.bulk(List.of(v2), d -> names.alias("stale"), true);

        assertThat(replay.getFirst().status()).isEqualTo(409);
        assertThat(TaskIndices.done(replay.getFirst())).isTrue();
        indices.refresh("stale");
        assertThat(version(names.alias("stale"), id)).isEqualTo(3);
        assertThat(search(tenant, "q=third")).containsExactly(id);
        assertThat(search(tenant, "q=second")).isEmpty();
    }

    @Test
    void aTransactionWritesOneOutboxRowPerTaskWithItsLastVersion() {
        provision("once");
        List<List<Object>> written = new java.util.ArrayList<>();
        transactions.executeWithoutResult(status -> {
            outbox.taskChanged("once", 101, 1);
            outbox.taskChanged("once", 102, 1);
            outbox.taskChanged("once", 101, 3);
            outbox.taskChanged("once", 101, 2);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    // Runs after the outbox's own beforeCommit: the rows it wrote, before the indexer can take them.
                    written.addAll(jdbc.sql("""
                            SELECT task_id, task_version FROM search_outbox WHERE tenant_id = 'once'
                            ORDER BY task_id""").query((rs, n) -> List.<Object>of(rs.getLong(1), rs.getInt(2))).list());
                }
            });
        });
        assertThat(written).containsExactly(List.of(101L, 3), List.of(102L, 1));
    }

    @Test
    void aTransactionRolledBackLeavesNoOutboxRow() {
        provision("undone");
        transactions.executeWithoutResult(status -> {
            outbox.taskChanged("undone", 201, 1);
            status.setRollbackOnly();
        });
        assertThat(jdbc.sql("SELECT count(*) FROM search_outbox WHERE tenant_id = 'undone'").query(Long.class)
                .single()).isZero();
    }

    @Test
    void replayedOutboxRowsChangeNothing() throws IOException {
        RestClient tenant = client(provision("replay").get("tenant"));
        long id = create(tenant, "r1", "Replay me");
        tenant.patch().uri("/tasks/{id}", id).body(Map.of("priority", 4)).retrieve().toBodilessEntity();
        SearchTestSupport.awaitIndexed(jdbc, indices, "replay");
        GetResponse<Map> before = es.get(g -> g.index(names.alias("replay")).id(Long.toString(id)), Map.class);
        double rejected = rejectedCount();

        for (int version = 1; version <= 2; version++) {
            for (int copy = 0; copy < 3; copy++) {
                jdbc.sql("INSERT INTO search_outbox (tenant_id, task_id, task_version) VALUES ('replay', ?, ?)")
                        .params(id, version).update();
            }
        }
        SearchTestSupport.awaitIndexed(jdbc, indices, "replay");

        GetResponse<Map> after = es.get(g -> g.index(names.alias("replay")).id(Long.toString(id)), Map.class);
        assertThat(after.version()).isEqualTo(before.version()).isEqualTo(2);
        assertThat(after.seqNo()).as("no write reached the index").isEqualTo(before.seqNo());
        assertThat(after.source()).isEqualTo(before.source());
        assertThat(rejectedCount()).isEqualTo(rejected);
    }

    @Test
    void deletingATenantDeletesItsIndex() throws IOException {
        RestClient tenant = client(provision("leaving").get("tenant"));
        create(tenant, "l1", "Soon gone");
        SearchTestSupport.awaitIndexed(jdbc, indices, "leaving");
        assertThat(indices.indices("leaving")).hasSize(1);

        assertThat(client(ADMIN_KEY).delete().uri("/provisioning/leaving").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(204);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> indices.indices("leaving").isEmpty());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                jdbc.sql("SELECT count(*) FROM search_index_drop").query(Long.class).single() == 0);
        assertThat(indices.aliasExists("leaving")).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void backlogAndLagAreExportedAndHealthReportsElasticsearch() {
        RestClient tenant = client(provision("watched").get("tenant"));
        create(tenant, "w1", "Watch me");
        SearchTestSupport.awaitIndexed(jdbc, indices, "watched");
        assertThat(search(tenant, "q=watch")).hasSize(1);
        RestClient management = RestClient.create("http://127.0.0.1:" + managementPort);

        String scrape = management.get().uri("/actuator/prometheus").header("Accept", "text/plain").retrieve()
                .body(String.class);
        assertThat(scrape).contains("iwd_search_outbox_backlog{application=\"iwd-api\"}")
                .contains("iwd_search_index_lag_seconds{application=\"iwd-api\"}")
                .contains("iwd_search_indexed_total")
                .contains("iwd_search_requests_total{application=\"iwd-api\",backend=\"elasticsearch\"");
        Map<?, ?> health = management.get().uri("/actuator/health/search").retrieve().body(Map.class);
        assertThat(health.get("status")).isEqualTo("UP");
        assertThat((Map<String, Object>) health.get("details")).containsEntry("backend", "elasticsearch")
                .containsKeys("elasticsearch", "outboxBacklog", "indexLagSeconds");
        Map<?, ?> readiness = management.get().uri("/actuator/health/readiness").retrieve().body(Map.class);
        assertThat(readiness.get("status")).isEqualTo("UP");
        assertThat((Map<String, Object>) readiness.get("components")).as("what readiness reports")
                .containsOnlyKeys("readinessState", "db", "redis", "search");
    }

    @Test
    void whileAnotherReplicaHoldsTheSweepsLeaseThisOneLeavesAMissingIndexToIt() throws Exception {
        RestClient tenant = client(provision("swept").get("tenant"));
        create(tenant, "sw1", "Swept along");
        SearchTestSupport.awaitIndexed(jdbc, indices, "swept");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Another replica takes the lease as soon as this replica's own loop is not sweeping.
        CompletableFuture<Boolean> otherReplica = CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (lease.runIfFree(SearchIndexer.SWEEP_LEASE_NAME, Duration.ofMinutes(1), () -> {
                    holding.countDown();
                    awaitQuietly(release);
                })) {
                    return true;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
            return false;
        }, Thread::startVirtualThread);
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        indices.delete(indices.indices("swept").stream().map(i -> i.name()).toList());

        indexer.requestReconcile();
        indexer.runOnce();
        assertThat(indices.aliasExists("swept")).as("the sweep is the lease holder's").isFalse();

        release.countDown();
        assertThat(otherReplica.get(10, TimeUnit.SECONDS)).isTrue();
        indexer.runOnce();
        assertThat(indices.aliasExists("swept")).as("the check requested meanwhile was kept").isTrue();
        SearchTestSupport.awaitIndexed(jdbc, indices, "swept");
        assertThat(search(tenant, "q=swept")).hasSize(1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private double rejectedCount() {
        return meters.find("iwd.search.index.rejected").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private long version(String alias, long id) throws IOException {
        return SearchTestSupport.indexedVersions(es, alias).get(id);
    }

    @Test
    void theIndexerVacuumsTheOutboxItDrains() throws InterruptedException {
        RestClient tenant = client(provision("outboxvacuum").get("tenant"));
        long before = manualVacuums("search_outbox");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int i = 0; manualVacuums("search_outbox") == before && System.nanoTime() < deadline; i++) {
            create(tenant, "ov" + i, "Vacuumed outbox " + i);
            Thread.sleep(100);
        }
        assertThat(manualVacuums("search_outbox")).as("VACUUMs of the outbox (not autovacuum's)")
                .isGreaterThan(before);
    }

    private long create(RestClient tenant, String captureId, String subject) {
        return ((Number) tenant.post().uri("/tasks").body(Map.of("captureId", captureId, "subject", subject))
                .retrieve().body(Map.class).get("id")).longValue();
    }

    private static List<Long> search(RestClient tenant, String query) {
        ResponseEntity<Map> page = tenant.get().uri("/tasks?" + query).retrieve().toEntity(Map.class);
        assertThat(page.getHeaders().getFirst("x-iwd-search-backend")).isEqualTo("elasticsearch");
        return ((List<?>) page.getBody().get("tasks")).stream()
                .map(task -> ((Number) ((Map<?, ?>) task).get("id")).longValue()).toList();
    }
}
