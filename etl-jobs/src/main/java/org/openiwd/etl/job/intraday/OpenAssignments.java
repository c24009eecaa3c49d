package org.openiwd.etl.job.intraday;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openiwd.etl.feed.FeedEvent;

/**
 * The assignments a page of new events changes, computed in Java from each task's open assignment (its row in
 * {@code i_task_work_fact}) and the task's events in the page, by the rules of {@code docs/work-fact.md}: an event's
 * work and held seconds go to the assignment open before it; an event that starts an assignment ({@code Assigned},
 * or {@code Transferred} with status {@code Assigned}) or leaves the task neither {@code Assigned} nor held ends the
 * open one ({@code abandoned} unless {@code Completed}); a start opens a new one with the start event's keys.
 *
 * <p>This gives the rows the derivation from the task's events gives ({@link TaskWorkFactWriter}) only when every
 * event of the page comes after every event loaded before, which is what a page in feed order without events
 * already loaded is; the writer falls back to the derivation otherwise. Not thread-safe: one per page.
 */
final class OpenAssignments {

    /** An assignment row; {@code endEventId} null while open. */
    static final class Assignment {
        final long taskId;
        final long startEventId;
        final int agentKey, queueKey, solutionKey, departmentKey, processKey, categoryKey, dateTimeKey;
        final Instant assignedAt;
        Long endEventId;
        short endTypeKey;
        Instant finishedAt;
        boolean abandoned;
        long workSec;
        long heldSec;

        Assignment(long taskId, long startEventId, int agentKey, int queueKey, int solutionKey, int departmentKey,
                int processKey, int categoryKey, int dateTimeKey, Instant assignedAt, long workSec, long heldSec) {
            this.taskId = taskId;
            this.startEventId = startEventId;
            this.agentKey = agentKey;
            this.queueKey = queueKey;
            this.solutionKey = solutionKey;
            this.departmentKey = departmentKey;
            this.processKey = processKey;
            this.categoryKey = categoryKey;
            this.dateTimeKey = dateTimeKey;
            this.assignedAt = assignedAt;
            this.workSec = workSec;
            this.heldSec = heldSec;
        }

        void write(CopyRows row) throws IOException {
            row.int8(taskId).int8(startEventId).int4(agentKey).int4(queueKey).int4(solutionKey)
                    .int4(departmentKey).int4(processKey).int4(categoryKey).int4(dateTimeKey).instant(assignedAt);
            if (endEventId == null) {
                row.nullValue().nullValue().nullValue();
            }
            else {
                row.int8(endEventId).int2(endTypeKey).instant(finishedAt);
            }
            row.int4(Math.toIntExact(workSec)).int4(Math.toIntExact(heldSec))
                    .bool(endEventId == null ? null : abandoned);
            row.endRow();
        }
    }

    private final Map<Long, Assignment> open = new HashMap<>();
    private final List<Assignment> changed = new ArrayList<>();

    /** Starts from the tasks' open assignments as loaded. */
    OpenAssignments(List<Assignment> loaded) {
        for (Assignment a : loaded) {
            open.put(a.taskId, a);
            changed.add(a);
        }
    }

    /** Applies the next event of its task (events of one task in ascending id). */
    void apply(FeedEvent e, DimensionKeys.EventKeys keys) {
        Assignment current = open.get(e.taskId());
        if (current != null) {
            current.workSec += e.workTimeSec();
            current.heldSec += e.heldTimeSec();
        }
        boolean starts = startsAssignment(e);
        boolean leaves = !"Assigned".equals(e.status()) && !"Held".equals(e.status())
                && !"ErrorHeld".equals(e.status());
        if (!starts && !leaves) {
            return;
        }
        if (current != null) {
            current.endEventId = e.id();
            current.endTypeKey = keys.type();
            current.finishedAt = e.occurredAt();
            current.abandoned = !"Completed".equals(e.type());
            open.remove(e.taskId());
        }
        if (starts) {
            Assignment next = new Assignment(e.taskId(), e.id(), keys.agent(), keys.queue(), keys.solution(),
                    keys.department(), keys.process(), keys.category(), keys.dateTime(), e.occurredAt(), 0, 0);
            open.put(e.taskId(), next);
            changed.add(next);
        }
    }

    /** Whether the event gives the task to an agent: {@code Assigned}, or {@code Transferred} to an agent. */
    static boolean startsAssignment(FeedEvent e) {
        return "Assigned".equals(e.type()) || "Transferred".equals(e.type()) && "Assigned".equals(e.status());
    }

    /** The rows the events touched: the open ones loaded, and every one started since. */
    List<Assignment> rows() {
        return changed;
    }
}
