package org.openiwd.api.search;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.elasticsearch.indices.resolve_index.ResolveIndexItem;
import jakarta.annotation.PreDestroy;
import org.awaitility.Awaitility;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the Elasticsearch search tests share: the settings that point the API at a real Elasticsearch under a prefix
 * of the test's own (so test classes and test runs never see each other's indices), waiting for the index to
 * catch up, and deleting the test's indices when its Spring context closes (after the indexer has stopped).
 */
public final class SearchTestSupport {

    /** The shared Elasticsearch of {@code ./iwd services}; {@code IWD_TEST_ES_URL} to use another. */
    public static final String SHARED_URL = System.getenv().getOrDefault("IWD_TEST_ES_URL", "http://127.0.0.1:9200");

    private SearchTestSupport() {
    }

    /** The properties of the elasticsearch backend on {@code url}, with a fresh index prefix and quick loops. */
    public static void useElasticsearch(DynamicPropertyRegistry registry, String url) {
        String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8) + "-tasks";
        registry.add("iwd.api.search.backend", () -> "elasticsearch");
        registry.add("spring.elasticsearch.uris", () -> url);
        registry.add("iwd.api.search.index-prefix", () -> prefix);
        registry.add("iwd.api.search.index-replicas", () -> "0");
        registry.add("iwd.api.search.indexer-interval", () -> "100ms");
        registry.add("iwd.api.search.max-backoff", () -> "1s");
    }

    /** Waits until the outbox is empty, then refreshes the tenants' indices so searches see every document. */
    static void awaitIndexed(JdbcClient jdbc, TaskIndices indices, String... tenantIds) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                jdbc.sql("SELECT count(*) FROM search_outbox").query(Long.class).single() == 0);
        for (String tenantId : tenantIds) {
            try {
                indices.refresh(tenantId);
            }
            catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Task id to version, as the index holds them. */
    static Map<Long, Long> indexedVersions(ElasticsearchClient es, String alias) throws IOException {
        es.indices().refresh(r -> r.index(alias));
        return es.search(s -> s.index(alias).size(10_000).source(src -> src.filter(f -> f.includes("version"))),
                Map.class).hits().hits().stream()
                .collect(Collectors.toMap(hit -> Long.parseLong(hit.id()),
                        hit -> ((Number) hit.source().get("version")).longValue()));
    }

    /** Task id to version, as PostgreSQL holds them. */
    static Map<Long, Long> storedVersions(JdbcClient jdbc, String tenantId) {
        return jdbc.sql("SELECT task_id, version FROM task WHERE tenant_id = ?").param(tenantId)
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Deletes every index under the context's prefix when the context closes, after the indexer has stopped. */
    public static class DeleteIndicesAtClose {

        private final ElasticsearchClient es;
        private final SearchProperties settings;

        DeleteIndicesAtClose(ElasticsearchClient es, SearchProperties settings) {
            this.es = es;
            this.settings = settings;
        }

        @PreDestroy
        void deleteIndices() throws IOException {
            try {
                List<String> names = es.indices().resolveIndex(r -> r.name(settings.indexPrefix() + "-*")
                        .expandWildcards(ExpandWildcard.All)).indices().stream().map(ResolveIndexItem::name).toList();
                if (!names.isEmpty()) {
                    es.indices().delete(d -> d.index(names));
                }
            }
            catch (IOException e) {
                // The outage test's own cluster is already gone with its indices.
            }
        }
    }
}
