package org.openiwd.etl.job.intraday;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openiwd.etl.feed.FeedEvent;

/**
 * Puts one row per task of a page into the transaction-local table {@code stage_task}: what the page says of the
 * task, ready for the {@code i_task_fact} upsert, its dimension keys resolved ({@link DimensionKeys}). Its latest
 * event (highest id) gives the state (and whether it is final: then its time is the task's {@code finished_at}),
 * classification keys (the SCD-2 versions valid at that event's time), custom attributes (rendered by the tenant's
 * mapping) and time; its first {@code Created}, {@code Queued} and assignment times, its work and held seconds
 * summed, and the agent of its latest event that names one, come from all its events in the page. Computed here in
 * one pass over the page, so that the database neither sorts the page's events nor joins the dimensions for them;
 * only {@code custom_dim}'s key is left to the upsert. The table is dropped at commit or rollback.
 */
final class StagedTasks {

    static final String CREATE = """
            CREATE TEMP TABLE stage_task (
                task_id bigint, capture_id text, status_key smallint, solution_key integer, department_key integer,
                process_key integer, category_key integer, capture_point_key integer, queue_key integer,
                media_type_key integer, result_code_key integer, priority integer, business_value integer,
                due_at timestamptz, last_event_id bigint, last_event_at timestamptz, created_at timestamptz,
                activated_at timestamptz, first_assigned_at timestamptz, finished_at timestamptz, work_sec bigint,
                held_sec bigint, last_agent_key integer,
                custom_attribute1 text, custom_attribute2 text, custom_attribute3 text, custom_attribute4 text,
                custom_attribute5 text, custom_attribute6 text, custom_attribute7 text, custom_attribute8 text,
                custom_attribute9 text, custom_attribute10 text,
                custom_dim1 text, custom_dim2 text, custom_dim3 text, custom_dim4 text, custom_dim5 text
            ) ON COMMIT DROP""";

    private StagedTasks() {
    }

    static void stage(Connection connection, List<FeedEvent> events, DimensionKeys.Keys keys,
            CustomAttributeMapping mapping) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(CREATE);
        }
        Map<Long, PageTask> tasks = new LinkedHashMap<>();
        for (FeedEvent e : events) {
            tasks.computeIfAbsent(e.taskId(), id -> new PageTask()).add(e);
        }
        CopyRows.copyIn(connection, "COPY stage_task FROM STDIN (FORMAT binary)", row -> {
            for (PageTask task : tasks.values()) {
                task.write(row, keys, mapping);
            }
        });
    }

    /** A task as the page's events leave it. */
    private static final class PageTask {

        private FeedEvent last;
        private Instant createdAt;
        private Instant activatedAt;
        private Instant firstAssignedAt;
        private long workSec;
        private long heldSec;
        private FeedEvent lastWithAgent;

        void add(FeedEvent e) {
            if (last == null || e.id() > last.id()) {
                last = e;
            }
            if (e.agentId() != null && (lastWithAgent == null || e.id() > lastWithAgent.id())) {
                lastWithAgent = e;
            }
            if ("Created".equals(e.type())) {
                createdAt = earliest(createdAt, e.occurredAt());
            }
            if ("Queued".equals(e.type())) {
                activatedAt = earliest(activatedAt, e.occurredAt());
            }
            if ("Assigned".equals(e.type()) || "Assigned".equals(e.status())) {
                firstAssignedAt = earliest(firstAssignedAt, e.occurredAt());
            }
            workSec += e.workTimeSec();
            heldSec += e.heldTimeSec();
        }

        void write(CopyRows row, DimensionKeys.Keys keys, CustomAttributeMapping mapping) throws IOException {
            DimensionKeys.EventKeys k = keys.of(last);
            row.int8(last.taskId()).text(last.captureId()).int2(k.status()).int4(k.solution())
                    .int4(k.department()).int4(k.process()).int4(k.category()).int4(k.capturePoint())
                    .int4(k.queue()).int4(k.mediaType()).int4(k.resultCode()).int4(last.priority())
                    .int4(last.businessValue()).instant(last.dueAt()).int8(last.id()).instant(last.occurredAt())
                    .instant(createdAt).instant(activatedAt).instant(firstAssignedAt)
                    .instant(k.isFinal() ? last.occurredAt() : null).int8(workSec).int8(heldSec)
                    .int4(lastWithAgent == null ? 0 : keys.agent(lastWithAgent.agentId()));
            for (String value : mapping.columnValues(last.attributes())) {
                row.text(value);
            }
            for (String value : mapping.dimensionValues(last.attributes())) {
                row.text(value);
            }
            row.endRow();
        }

        private static Instant earliest(Instant current, Instant candidate) {
            return current == null || candidate.isBefore(current) ? candidate : current;
        }
    }
}
