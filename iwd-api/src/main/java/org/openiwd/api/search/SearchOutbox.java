package org.openiwd.api.search;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where task changes are recorded for the index: one row in {@code search_outbox} per task a transaction changed
 * (with the task's last version in it, however many events the change appended), written in that transaction just
 * before it commits, so the index can never miss a committed change, whatever Elasticsearch is doing. After commit
 * the {@link SearchIndexer} of this replica is nudged. Does nothing with the {@code postgres} backend, which has no
 * index. Needs an active Spring transaction.
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
        Changes changes = (Changes) TransactionSynchronizationManager.getResource(this);
        if (changes == null) {
            changes = new Changes();
            TransactionSynchronizationManager.registerSynchronization(changes);
            TransactionSynchronizationManager.bindResource(this, changes);
            publisher.publishEvent(OutboxAppended.INSTANCE);
        }
        changes.record(tenantId, taskId, version);
    }

    /** Published in a transaction that wrote outbox rows; after its commit the indexer is nudged. */
    enum OutboxAppended {
        INSTANCE
    }

    private record Change(String tenantId, long taskId, int version) {
    }

    /** The tasks one transaction changed, with their last version; written before it commits. */
    private final class Changes implements TransactionSynchronization {

        private final Map<Long, Change> byTask = new LinkedHashMap<>();

        void record(String tenantId, long taskId, int version) {
            byTask.merge(taskId, new Change(tenantId, taskId, version),
                    (a, b) -> a.version() >= b.version() ? a : b);
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            for (Change change : byTask.values()) {
                jdbc.sql("INSERT INTO search_outbox (tenant_id, task_id, task_version) VALUES (?, ?, ?)")
                        .params(change.tenantId(), change.taskId(), change.version())
                        .update();
            }
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(SearchOutbox.this);
        }
    }
}
