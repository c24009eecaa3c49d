package org.openiwd.api.search;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where task changes are recorded for the index: one row in {@code search_outbox} per change, in the change's
 * transaction, so the index can never miss a committed change, whatever Elasticsearch is doing. After commit the
 * {@link SearchIndexer} of this replica is nudged. Does nothing with the {@code postgres} backend, which has no
 * index.
 */
@Component
public class SearchOutbox {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher publisher;
    private final boolean enabled;

    SearchOutbox(JdbcClient jdbc, ApplicationEventPublisher publisher, SearchProperties properties) {
        this.jdbc = jdbc;
        this.publisher = publisher;
        this.enabled = properties.elasticsearch();
    }

    /** Records that the task reached {@code version}; call in the transaction that changed it. */
    public void taskChanged(String tenantId, long taskId, int version) {
        if (!enabled) {
            return;
        }
        jdbc.sql("INSERT INTO search_outbox (tenant_id, task_id, task_version) VALUES (?, ?, ?)")
                .params(tenantId, taskId, version)
                .update();
        publisher.publishEvent(OutboxAppended.INSTANCE);
    }

    /** Published in a transaction that wrote outbox rows; after its commit the indexer is nudged. */
    enum OutboxAppended {
        INSTANCE
    }
}
