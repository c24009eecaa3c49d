package org.openiwd.api.search;

import java.io.IOException;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Chooses the backend of each search. Elasticsearch answers when the backend is {@code elasticsearch}, it is
 * reachable, and the tenant has no change waiting in the outbox for longer than {@code max-lag}; PostgreSQL answers
 * otherwise, and whenever the Elasticsearch search fails (unreachable, no index yet for the tenant, anything
 * else). A search never fails because of Elasticsearch. Counts answers as {@code iwd_search_requests_total} by
 * backend and tenant.
 */
@Component
class SearchRouter {

    static final String ELASTICSEARCH = "elasticsearch";
    static final String POSTGRES = "postgres";

    private static final Logger log = LoggerFactory.getLogger(SearchRouter.class);

    private final PostgresTaskSearch postgres;
    private final ElasticsearchTaskSearch elasticsearch;
    private final ElasticsearchAvailability availability;
    private final OutboxBacklog backlog;
    private final SearchIndexer indexer;
    private final MeterRegistry meters;

    SearchRouter(PostgresTaskSearch postgres, ObjectProvider<ElasticsearchTaskSearch> elasticsearch,
            ObjectProvider<ElasticsearchAvailability> availability, ObjectProvider<OutboxBacklog> backlog,
            ObjectProvider<SearchIndexer> indexer, MeterRegistry meters) {
        this.postgres = postgres;
        this.elasticsearch = elasticsearch.getIfAvailable();
        this.availability = availability.getIfAvailable();
        this.backlog = backlog.getIfAvailable();
        this.indexer = indexer.getIfAvailable();
        this.meters = meters;
    }

    /** A page and the backend that answered it. */
    record Answer(SearchPage page, String backend) {
    }

    Answer search(String tenantId, TaskQuery query) {
        if (elasticsearch != null && availability.reachable() && !backlog.behind(tenantId)) {
            try {
                return answered(tenantId, new Answer(elasticsearch.search(tenantId, query), ELASTICSEARCH));
            }
            catch (IOException e) {
                availability.failed(e);
            }
            catch (ElasticsearchException e) {
                if (e.status() == 404) {
                    // No index for this tenant yet (or the cluster lost it): have one built, answer meanwhile.
                    indexer.requestReconcile();
                }
                else {
                    log.warn("Elasticsearch search of tenant {} failed, PostgreSQL answers: {}", tenantId,
                            e.toString());
                }
            }
        }
        return answered(tenantId, new Answer(postgres.search(tenantId, query), POSTGRES));
    }

    private Answer answered(String tenantId, Answer answer) {
        Counter.builder("iwd.search.requests").description("Task searches, by the backend that answered")
                .tags("backend", answer.backend(), "tenant", tenantId).register(meters).increment();
        return answer;
    }
}
