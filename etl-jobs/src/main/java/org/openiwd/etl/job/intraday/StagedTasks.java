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
 * task, ready for the {@code i_task_fact} upsert. Its latest event (highest id) gives the state, classification,
 * custom attributes (rendered by the tenant's mapping) and time; its first {@code Created}, {@code Queued} and
 * assignment times, its work and held seconds summed, and the agent of its latest event that names one, come from
 * all its events in the page. Computed here in one pass over the page, so that the database does not sort the
 * staged events twice per page to find them. The table is dropped at commit or rollback.
 */
final class StagedTasks {

    static final String CREATE = """
            CREATE TEMP TABLE stage_task (
                task_id bigint, capture_id text, status text, solution_id text, department_id text, process_id text,
                category_id text, capture_point_id text, queue_id text, media_type text, result_code text,
                priority integer, business_value integer, due_at timestamptz, last_event_id bigint,
                last_event_at timestamptz, created_at timestamptz, activated_at timestamptz,
                first_assigned_at timestamptz, work_sec bigint, held_sec bigint, agent_id text,
                custom_attribute1 text, custom_attribute2 text, custom_attribute3 text, custom_attribute4 text,
                custom_attribute5 text, custom_attribute6 text, custom_attribute7 text, custom_attribute8 text,
                custom_attribute9 text, custom_attribute10 text,
                custom_dim1 text, custom_dim2 text, custom_dim3 text, custom_dim4 text, custom_dim5 text
            ) ON COMMIT DROP""";

    private StagedTasks() {
    }

    static void stage(Connection connection, List<FeedEvent> events, CustomAttributeMapping mapping)
            throws SQLException, IOException {
        try (var statement = connection.createStatement()) {
            statement.execute(CREATE);
        }
        Map<Long, PageTask> tasks = new LinkedHashMap<>();
        for (FeedEvent e : events) {
            tasks.computeIfAbsent(e.taskId(), id -> new PageTask()).add(e);
        }
        CopyText.copyIn(connection, "COPY stage_task FROM STDIN", row -> {
            for (PageTask task : tasks.values()) {
                task.write(row, mapping);
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

        void write(CopyText row, CustomAttributeMapping mapping) throws IOException {
            row.number(last.taskId()).text(last.captureId()).text(last.status()).text(last.solutionId())
                    .text(last.departmentId()).text(last.processId()).text(last.categoryId())
                    .text(last.capturePointId()).text(last.queueId()).text(last.mediaType()).text(last.resultCode())
                    .integer(last.priority()).integer(last.businessValue()).instant(last.dueAt()).number(last.id())
                    .instant(last.occurredAt()).instant(createdAt).instant(activatedAt).instant(firstAssignedAt)
                    .number(workSec).number(heldSec).text(lastWithAgent == null ? null : lastWithAgent.agentId());
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
