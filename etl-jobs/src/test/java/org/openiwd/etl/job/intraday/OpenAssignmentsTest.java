package org.openiwd.etl.job.intraday;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.feed.FeedEvent;
import org.openiwd.etl.feed.FeedPage;
import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The work fact written page by page from the open assignments and each page's events is the one derived from
 * all the events at once: random event sequences (every start, end and hold in every order, reassignments,
 * transfers both ways, restarts) over interleaved tasks, cut into pages of random sizes.
 */
class OpenAssignmentsTest extends EtlWithApiTest {

    /** Type and status after it; the rules read nothing else. */
    private static final String[][] EVENTS = {{"Created", "New"}, {"Queued", "Queued"}, {"Assigned", "Assigned"},
        {"Transferred", "Assigned"}, {"Transferred", "Queued"}, {"Held", "Held"}, {"Resumed", "Assigned"},
        {"ErrorHeld", "ErrorHeld"}, {"Updated", "Assigned"}, {"Updated", "Held"}, {"Reprioritized", "Queued"},
        {"Restarted", "New"}, {"Completed", "Completed"}, {"Canceled", "Canceled"}, {"Rejected", "Rejected"}};

    @Autowired
    TaskEventFactWriter writer;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void pagesAppliedToTheOpenAssignmentsGiveTheRowsDerivedFromAllTheEvents() {
        Random random = new Random(20261129);
        List<FeedEvent> events = new ArrayList<>();
        Instant t = Instant.parse("2026-03-02T08:00:00Z");
        for (long id = 1; id <= 600; id++) {
            String[] event = EVENTS[random.nextInt(EVENTS.length)];
            long task = 1 + random.nextInt(40);
            t = t.plusSeconds(1 + random.nextInt(300));
            events.add(new FeedEvent(id, task, "C" + task, (int) id, event[0], event[1], t, null, null, "p", null,
                    null, "q" + random.nextInt(3), null, "E" + random.nextInt(4), null, null, null, null, null, null,
                    null, null, null, random.nextInt(200), random.nextInt(50), Map.of()));
        }

        DataMartTenant paged = registeredTenant("paged", "UTC");
        long audit = testAudit("paged");
        long after = 0;
        for (int from = 0; from < events.size(); ) {
            int to = Math.min(events.size(), from + 1 + random.nextInt(25));
            List<FeedEvent> page = events.subList(from, to);
            long pageAfter = after;
            long next = page.getLast().id();
            transactions.executeWithoutResult(
                    status -> writer.write(paged, pageAfter, LoadBatch.of(new FeedPage(page, List.of(), next)), audit));
            after = next;
            from = to;
        }
        DataMartTenant whole = registeredTenant("whole", "UTC");
        long wholeAudit = testAudit("whole");
        transactions.executeWithoutResult(
                status -> writer.writeEvents(whole, new FeedPage(events, List.of(), 600), wholeAudit));

        List<String> derived = assignments("tenant_whole");
        assertThat(derived).hasSizeGreaterThan(50);
        assertThat(derived).anyMatch(row -> row.contains("|open|"));
        assertThat(assignments("tenant_paged")).isEqualTo(derived);
    }

    private List<String> assignments(String schema) {
        return jdbc.sql("""
                SELECT concat_ws('|', w.task_id, w.start_event_id, a.agent_id, q.queue_id, w.date_time_key,
                    w.assigned_at, coalesce(w.end_event_id::text, 'open'), et.name, w.finished_at, w.work_time_sec,
                    w.held_time_sec, w.abandoned)
                FROM %1$s.i_task_work_fact w
                JOIN %1$s.agent a ON a.agent_key = w.agent_key
                JOIN %1$s.queue q ON q.queue_key = w.queue_key
                LEFT JOIN %1$s.task_event_type et ON et.task_event_type_key = w.end_task_event_type_key
                ORDER BY w.task_id, w.start_event_id""".formatted(schema)).query(String.class).list();
    }

}
