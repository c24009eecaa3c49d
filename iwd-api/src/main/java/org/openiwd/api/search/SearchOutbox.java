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
 * index. {@link #taskChanged} needs an active Spring transaction; a statement that may run without one writes its
 * rows itself ({@link #insertedTasksItem}).
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

    /**
     * For a statement that inserts tasks in a {@code WITH} item named {@code inserted} and may run outside any
     * transaction, where {@link #taskChanged} has none to join: a data-modifying {@code WITH} item (with its leading
     * comma) that writes their outbox rows in the same statement, so that the rows commit with the tasks however the
     * statement commits; empty with the {@code postgres} backend. After the statement, call
     * {@link #appendedByStatement}.
     */
    public String insertedTasksItem() {
        return enabled ? """
                , search_outbox_rows AS (
                    INSERT INTO search_outbox (tenant_id, task_id, task_version)
                    SELECT tenant_id, task_id, version FROM inserted
                )""" : "";
    }

    /**
     * Nudges the indexer for rows a statement wrote through {@link #insertedTasksItem}: after the commit of the
     * transaction it ran in, or at once when it ran on its own (it has committed).
     */
    public void appendedByStatement() {
        if (enabled) {
            publisher.publishEvent(OutboxAppended.INSTANCE);
        }
    }

    /**
     * Published when outbox rows were written: the indexer is nudged after the commit of the transaction that wrote
     * them, or at once when there is none (a statement that committed on its own).
     */
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
