package org.openiwd.etl.job.intraday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.feed.FeedEvent;
import org.openiwd.etl.feed.FeedPage;
import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The page's dimension keys, resolved in Java and COPYed with the facts, are those the load's joins gave: the SCD-2
 * version valid at the event's time at both sides of each boundary and at the infinities, the department of the
 * process version valid then for an event that names only its process, key 0 where no version is valid; and a page
 * written again skips its events already loaded, one by one, leaving their rows as they were.
 */
class KeysResolvedInJavaTest extends EtlWithApiTest {

    private static final Instant T1 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-03-02T12:00:00Z");
    private static final Duration MICRO = Duration.ofNanos(1000);

    @Autowired
    TaskEventFactWriter writer;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void eachEventGetsTheVersionsValidAtItsTimeAtBothSidesOfEveryBoundary() {
        DataMartTenant tenant = registeredTenant("keys", "Europe/Paris");
        // d1 changes at T1; p1 belongs to d1 until T1, then to d2 until T2, and has no version after T2;
        // p2 has its first version at T2 and no department.
        jdbc.sql("""
                INSERT INTO tenant_keys.department (department_id, name, version, valid_from, valid_to) VALUES
                    ('d1', 'D1 old', 1, '-infinity', :t1), ('d1', 'D1 new', 2, :t1, 'infinity'),
                    ('d2', 'D2', 1, '-infinity', 'infinity')""").param("t1", utc(T1)).update();
        jdbc.sql("""
                INSERT INTO tenant_keys.process (process_id, department_id, name, version, valid_from, valid_to) VALUES
                    ('p1', 'd1', 'P1 in d1', 1, '-infinity', :t1), ('p1', 'd2', 'P1 in d2', 2, :t1, :t2),
                    ('p2', NULL, 'P2', 1, :t2, 'infinity')""").param("t1", utc(T1)).param("t2", utc(T2)).update();
        long audit = testAudit("keys");
        List<FeedEvent> events = List.of(
                event(1, 101, T1.minus(MICRO), null, "p1"),
                event(2, 102, T1, null, "p1"),
                event(3, 103, T2.minus(MICRO), null, "p1"),
                event(4, 104, T2, null, "p1"),
                event(5, 105, T1, "d1", "p1"),
                event(6, 106, T1.minus(MICRO), "d1", null),
                event(7, 107, T2.minus(MICRO), null, "p2"),
                event(8, 108, T2, null, "p2"),
                event(9, 109, T1, "d3", "p3"),
                event(10, 110, T1, null, null),
                // a task whose two events fall on both sides of T1: its task fact takes the later versions
                event(12, 112, T1.minus(MICRO), null, "p1"),
                event(13, 112, T1, null, "p1"));
        transactions.executeWithoutResult(status -> writer.writeEvents(tenant, page(events), audit));

        assertThat(jdbc.sql("""
                SELECT f.event_id || ' ' || p.process_id || 'v' || p.version || ' ' || d.department_id || 'v'
                    || d.version || ' ' || s.solution_id || ' ' || q.queue_id || ' ' || a.agent_id || ' '
                    || et.name || ' ' || st.name || ' ' || m.name
                FROM tenant_keys.i_task_event_fact f
                JOIN tenant_keys.process p ON p.process_key = f.process_key
                JOIN tenant_keys.department d ON d.department_key = f.department_key
                JOIN tenant_keys.solution s ON s.solution_key = f.solution_key
                JOIN tenant_keys.queue q ON q.queue_key = f.queue_key
                JOIN tenant_keys.agent a ON a.agent_key = f.agent_key
                JOIN tenant_keys.task_event_type et ON et.task_event_type_key = f.task_event_type_key
                JOIN tenant_keys.status st ON st.status_key = f.status_key
                JOIN tenant_keys.media_type m ON m.media_type_key = f.media_type_key
                ORDER BY f.event_id""").query(String.class).list()).containsExactly(
                        "1 p1v1 d1v1 s1 q1 E1 Assigned Assigned email",
                        "2 p1v2 d2v1 s1 q1 E1 Assigned Assigned email",
                        "3 p1v2 d2v1 s1 q1 E1 Assigned Assigned email",
                        "4 v0 v0 s1 q1 E1 Assigned Assigned email",
                        "5 p1v2 d1v2 s1 q1 E1 Assigned Assigned email",
                        "6 v0 d1v1 s1 q1 E1 Assigned Assigned email",
                        "7 v0 v0 s1 q1 E1 Assigned Assigned email",
                        "8 p2v1 v0 s1 q1 E1 Assigned Assigned email",
                        "9 p3v0 d3v0 s1 q1 E1 Assigned Assigned email",
                        "10 v0 v0 s1 q1 E1 Assigned Assigned email",
                        "12 p1v1 d1v1 s1 q1 E1 Assigned Assigned email",
                        "13 p1v2 d2v1 s1 q1 E1 Assigned Assigned email");
        assertThat(jdbc.sql("""
                SELECT f.date_time_key = floor(extract(epoch FROM f.occurred_at) / 900)::integer
                FROM tenant_keys.i_task_event_fact f""").query(Boolean.class).list()).containsOnly(true);
        assertThat(jdbc.sql("""
                SELECT p.process_id || 'v' || p.version || ' ' || d.department_id || 'v' || d.version
                FROM tenant_keys.i_task_fact t
                JOIN tenant_keys.process p ON p.process_key = t.process_key
                JOIN tenant_keys.department d ON d.department_key = t.department_key
                WHERE t.task_id = 112""").query(String.class).single()).isEqualTo("p1v2 d2v1");
    }

    @Test
    void aPageWrittenAgainSkipsItsEventsAlreadyLoadedAndKeepsTheirRows() {
        DataMartTenant tenant = registeredTenant("replay", "Europe/Paris");
        long first = testAudit("replay");
        List<FeedEvent> page = List.of(event(21, 201, T1, null, "p"), event(22, 201, T1.plusSeconds(60), null, "p"),
                event(23, 202, T1, null, "p"));
        transactions.executeWithoutResult(status -> writer.writeEvents(tenant, page(page), first));
        List<String> before = facts();

        long second = testAudit("replay");
        List<FeedEvent> again = List.of(page.get(1), page.get(2), event(24, 202, T1.plusSeconds(120), null, "p"),
                event(25, 203, T1, null, "p"));
        transactions.executeWithoutResult(status -> writer.writeEvents(tenant, page(again), second));

        List<String> after = facts();
        assertThat(after).hasSize(5).containsAll(before);
        assertThat(after).filteredOn(row -> row.startsWith("24 ") || row.startsWith("25 "))
                .allMatch(row -> row.endsWith(" " + second + " " + second));
        assertThat(jdbc.sql("SELECT count(*) FROM tenant_replay.i_task_fact").query(Long.class).single())
                .isEqualTo(3);
    }

    @Test
    void anUnknownStatusRollsThePageBackInsteadOfDroppingItsEvent() {
        DataMartTenant tenant = registeredTenant("unknown", "Europe/Paris");
        long audit = testAudit("unknown");
        FeedEvent odd = new FeedEvent(31, 301, "C301", 1, "Assigned", "Parked", T1, "s1", null, "p", null, null,
                "q1", null, "E1", null, "email", null, null, null, null, null, null, null, 0, 0, Map.of());
        assertThatThrownBy(() -> transactions.executeWithoutResult(
                status -> writer.writeEvents(tenant, page(List.of(odd)), audit)))
                .hasMessageContaining("no status Parked");
        assertThat(jdbc.sql("SELECT count(*) FROM tenant_unknown.i_task_event_fact").query(Long.class).single())
                .isZero();
    }

    @Test
    void anEventTimeThatRoundsIntoTheNextQuarterHourIsCalendaredAndTouchedWhereItsFactIs() {
        DataMartTenant tenant = registeredTenant("round", "UTC");
        long audit = testAudit("round");
        // PostgreSQL keeps microseconds: this time is stored as 09:15:00, in the next quarter-hour.
        FeedEvent late = event(41, 401, Instant.parse("2026-03-02T09:14:59.9999996Z"), null, "p");
        transactions.executeWithoutResult(status -> writer.writeEvents(tenant, page(List.of(late)), audit));

        int quarter = Math.toIntExact(Instant.parse("2026-03-02T09:15:00Z").getEpochSecond() / 900);
        assertThat(jdbc.sql("SELECT date_time_key FROM tenant_round.i_task_event_fact").query(Integer.class).single())
                .isEqualTo(quarter);
        assertThat(jdbc.sql("SELECT date_time_key FROM tenant_round.etl_touched_interval").query(Integer.class)
                .list()).containsExactly(quarter);
        assertThat(jdbc.sql("SELECT count(*) FROM tenant_round.date_time WHERE date_time_key = ?").param(quarter)
                .query(Long.class).single()).isOne();
    }

    private List<String> facts() {
        return jdbc.sql("""
                SELECT f.event_id || ' ' || f.process_key || ' ' || f.created_etl_audit_key || ' '
                    || f.updated_etl_audit_key
                FROM tenant_replay.i_task_event_fact f ORDER BY f.event_id""").query(String.class).list();
    }

    private static FeedEvent event(long id, long taskId, Instant at, String departmentId, String processId) {
        return new FeedEvent(id, taskId, "C" + taskId, (int) id, "Assigned", "Assigned", at, "s1", departmentId,
                processId, null, null, "q1", null, "E1", null, "email", null, null, null, null, null, null, null, 60,
                0, Map.of());
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static FeedPage page(List<FeedEvent> events) {
        return new FeedPage(events, List.of(), events.getLast().id());
    }
}
