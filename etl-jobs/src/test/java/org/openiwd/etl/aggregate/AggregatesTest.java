package org.openiwd.etl.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openiwd.etl.ImportedTasks.act;
import static org.openiwd.etl.ImportedTasks.create;
import static org.openiwd.etl.ImportedTasks.departmentWithProcesses;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.BatchStatus;
import org.springframework.web.client.RestClient;

/**
 * The five subject areas end to end: a known day replayed through the real API (import key, Europe/Paris, UTC+1
 * on 2 March 2026), the intraday job, {@link DayAggregator}, and the exact numbers of every area in the 15-minute
 * tables, the day tables and every granularity of the report views. Several events lie exactly on interval
 * boundaries (09:15:00, 09:45:00, 10:00:00, 08:00:00 next day) and count in the interval they start.
 *
 * <p>Tasks: A (crm, p1, q1, value 100, due 10:00) created 09:00, assigned to E1 09:10, held 09:20, resumed 09:30,
 * completed 09:45. B (crm, p1, q1, value 50) created 09:05, transferred to q2 09:15, assigned to E2 09:29:59,
 * transferred to E1 10:00 (E2 worked 1801 s), canceled 10:10. C (web, p1, q2) created 09:50, completed the next
 * day 08:00. D (web, no process, no queue) created 08:00, stays New for ever. Times are UTC.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AggregatesTest extends EtlWithApiTest {

    static final String TENANT = "agg";
    static final String S = "tenant_agg";

    static final Map<String, List<String>> ADDITIVE = new LinkedHashMap<>();

    static {
        ADDITIVE.put("task_classif", List.of("created", "queued", "assigned", "completed", "canceled", "rejected",
                "completed_in_due", "completed_overdue", "sum_time_to_complete_sec"));
        ADDITIVE.put("task_queue", List.of("entered", "exited"));
        ADDITIVE.put("task_agent", List.of("assigned", "completed", "work_time_sec", "held_time_sec"));
        ADDITIVE.put("task_capt", List.of("created", "completed", "canceled", "rejected",
                "sum_business_value_created", "sum_business_value_completed"));
    }

    static final List<String> LONGER = List.of("30min", "hour", "day", "week", "month", "qrtr", "year");

    static RestClient importer;

    @Test
    @Order(1)
    void eachAreaCountsTheEventsOfEachQuarterHourExactly() throws Exception {
        importer = api(provisionWithImportKey(TENANT, "Europe/Paris"));
        departmentWithProcesses(importer, "d", "p1");
        long d = create(importer, "D", "web", null, null, null, "2026-03-02T08:00:00Z", null);
        long a = create(importer, "A", "crm", "p1", "q1", 100, "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z");
        long b = create(importer, "B", "crm", "p1", "q1", 50, "2026-03-02T09:05:00Z", null);
        act(importer, a, "assign", "2026-03-02T09:10:00Z", Map.of("agentId", "E1"));
        act(importer, b, "transfer", "2026-03-02T09:15:00Z", Map.of("queueId", "q2"));
        act(importer, a, "hold", "2026-03-02T09:20:00Z", Map.of());
        act(importer, b, "assign", "2026-03-02T09:29:59Z", Map.of("agentId", "E2"));
        act(importer, a, "resume", "2026-03-02T09:30:00Z", Map.of());
        act(importer, a, "complete", "2026-03-02T09:45:00Z", Map.of());
        long c = create(importer, "C", "web", "p1", "q2", null, "2026-03-02T09:50:00Z", null);
        act(importer, b, "transfer", "2026-03-02T10:00:00Z", Map.of("agentId", "E1"));
        act(importer, b, "cancel", "2026-03-02T10:10:00Z", Map.of("reason", "duplicate"));
        act(importer, c, "complete", "2026-03-03T08:00:00Z", Map.of());
        assertThat(d).isPositive();

        tenants.sync();
        assertThat(jobs.run(JobNames.INTRADAY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        // interval (UTC), process, created, queued, assigned, completed, canceled, rejected, in due, overdue,
        // seconds to complete
        assertThat(quarterHours("task_classif", "coalesce(nullif(process_id, ''), '-')")).containsExactly(
                "03-02 08:00 - 1 0 0 0 0 0 0 0 0",
                "03-02 09:00 p1 2 2 1 0 0 0 0 0 0",
                "03-02 09:15 p1 0 0 1 0 0 0 0 0 0",
                "03-02 09:45 p1 1 1 0 1 0 0 1 0 2700",
                "03-02 10:00 p1 0 0 0 0 1 0 0 0 0",
                "03-03 08:00 p1 0 0 0 1 0 0 0 0 79800");
        // queue, entered, exited
        assertThat(quarterHours("task_queue", "queue_id")).containsExactly(
                "03-02 09:00 q1 2 0",
                "03-02 09:15 q1 0 1",
                "03-02 09:15 q2 1 0",
                "03-02 09:45 q1 0 1",
                "03-02 09:45 q2 1 0",
                "03-02 10:00 q2 0 1",
                "03-03 08:00 q2 0 1");
        // agent, assigned, completed, work seconds, held seconds
        assertThat(quarterHours("task_agent", "agent_id")).containsExactly(
                "03-02 09:00 E1 1 0 0 0",
                "03-02 09:15 E1 0 0 600 0",
                "03-02 09:15 E2 1 0 0 0",
                "03-02 09:30 E1 0 0 0 600",
                "03-02 09:45 E1 0 1 900 0",
                "03-02 10:00 E1 1 0 600 0",
                "03-02 10:00 E2 0 0 1801 0");
        // capture point, created, completed, canceled, rejected, business value created, completed
        assertThat(quarterHours("task_capt", "capture_point_id")).containsExactly(
                "03-02 08:00 web 1 0 0 0 0 0",
                "03-02 09:00 crm 2 0 0 0 150 0",
                "03-02 09:45 crm 0 1 0 0 0 100",
                "03-02 09:45 web 1 0 0 0 0 0",
                "03-02 10:00 crm 0 0 1 0 0 0",
                "03-03 08:00 web 0 1 0 0 0 0");
        assertThat(rows("SELECT event_date_key::text FROM " + S + ".etl_touched_day ORDER BY 1"))
                .containsExactly("20260302", "20260303");
    }

    @Test
    @Order(2)
    void taskAgeSnapshotsTheOpenTasksAtEachIntervalsEnd() {
        // age band, queue, process, open tasks, sum of their ages in seconds
        assertThat(ageAt("2026-03-02T08:00:00Z")).containsExactly("< 1h - - 1 900");
        assertThat(ageAt("2026-03-02T08:45:00Z")).containsExactly("1-4h - - 1 3600");
        // A created exactly at 09:00 is not open at the end of 08:45-09:00; B's transfer at 09:15:00 still
        // leaves it in q1 at the end of 09:00-09:15.
        assertThat(ageAt("2026-03-02T09:00:00Z")).containsExactly("1-4h - - 1 4500", "< 1h q1 p1 2 1500");
        assertThat(ageAt("2026-03-02T09:15:00Z"))
                .containsExactly("1-4h - - 1 5400", "< 1h q1 p1 1 1800", "< 1h q2 p1 1 1500");
        // A completed at 09:45:00 is still open at the end of 09:30-09:45.
        assertThat(ageAt("2026-03-02T09:30:00Z"))
                .containsExactly("1-4h - - 1 6300", "< 1h q1 p1 1 2700", "< 1h q2 p1 1 2400");
        assertThat(ageAt("2026-03-02T09:45:00Z")).containsExactly("1-4h - - 1 7200", "< 1h q2 p1 2 3900");
        assertThat(ageAt("2026-03-02T10:00:00Z")).containsExactly("1-4h - - 1 8100", "< 1h q2 p1 1 1500");
        // Quiet intervals between events have their snapshots too.
        assertThat(ageAt("2026-03-02T10:45:00Z")).containsExactly("1-4h - - 1 10800", "1-4h q2 p1 1 4200");
        assertThat(ageAt("2026-03-03T07:45:00Z")).containsExactly("1-2d - - 1 86400", "8-24h q2 p1 1 79800");
        assertThat(ageAt("2026-03-03T08:00:00Z")).containsExactly("1-2d - - 1 87300");
        assertThat(through()).isEqualTo(key("2026-03-03T08:00:00Z"));
    }

    @Test
    @Order(3)
    void everyGranularityOfOpenDaysHasTheQuarterHoursTotalsAndTheLastSnapshot() {
        assertEveryGranularityAddsUp();
        // Open days: the day views take the day's last snapshot, local 23:45 (22:45 UTC), or the newest one.
        assertThat(agePeriod("day", "2026-03-02")).isEqualTo(ageAt("2026-03-02T22:45:00Z"))
                .containsExactly("8-24h - - 1 54000", "8-24h q2 p1 1 47400");
        assertThat(agePeriod("day", "2026-03-03")).isEqualTo(ageAt("2026-03-03T08:00:00Z"));
        for (String period : List.of("week", "month", "qrtr", "year")) {
            assertThat(agePeriod(period, periodStart(period))).as(period)
                    .isEqualTo(ageAt("2026-03-03T08:00:00Z"));
        }
        // The hour of local 10:00 ends with the snapshot of 09:45 UTC; its half hours with 09:15 and 09:45.
        assertThat(ageView("hour", "2026-03-02T09:00:00Z")).isEqualTo(ageAt("2026-03-02T09:45:00Z"));
        assertThat(ageView("30min", "2026-03-02T09:00:00Z")).isEqualTo(ageAt("2026-03-02T09:15:00Z"));
        assertThat(ageView("30min", "2026-03-02T09:30:00Z")).isEqualTo(ageAt("2026-03-02T09:45:00Z"));
        assertThat(rows("SELECT count(*)::text FROM " + S + ".h_task_classif_fact_day")).containsExactly("0");
    }

    @Test
    @Order(4)
    void closedDaysGetDayRowsThatAreTheSumsOfTheirQuarterHours() {
        int closed = aggregateClosedDays(TENANT);
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        // Every day from 2 March to yesterday: the snapshots went on through the quiet days to yesterday's end.
        assertThat(closed).isEqualTo((int) (today.toEpochDay() - LocalDate.parse("2026-03-02").toEpochDay()));
        assertThat(rows("SELECT event_date_key::text FROM " + S + ".etl_touched_day")).isEmpty();
        assertThat(dayRows("task_classif", "coalesce(nullif(p.process_id, ''), '-')",
                "JOIN " + S + ".process p USING (process_key)")).containsExactly(
                "20260302 - 1 0 0 0 0 0 0 0 0",
                "20260302 p1 3 3 2 1 1 0 1 0 2700",
                "20260303 p1 0 0 0 1 0 0 0 0 79800");
        assertThat(dayRows("task_queue", "q.queue_id", "JOIN " + S + ".queue q USING (queue_key)")).containsExactly(
                "20260302 q1 2 2", "20260302 q2 2 1", "20260303 q2 0 1");
        assertThat(dayRows("task_agent", "a.agent_id", "JOIN " + S + ".agent a USING (agent_key)")).containsExactly(
                "20260302 E1 2 1 2100 600", "20260302 E2 1 0 1801 0");
        assertThat(dayRows("task_capt", "cp.capture_point_id",
                "JOIN " + S + ".capture_point cp USING (capture_point_key)")).containsExactly(
                "20260302 crm 2 1 1 0 150 100", "20260302 web 2 0 0 0 0 0", "20260303 web 0 1 0 0 0 0");
        assertThat(ageDay("20260302")).containsExactly("8-24h - - 1 54000", "8-24h q2 p1 1 47400");
        assertThat(ageDay("20260303")).containsExactly("1-2d - - 1 140400");
        assertDayRowsAreTheirQuarterHours();
        assertEveryGranularityAddsUp();
        // Closed periods end with their last day's last snapshot: Sunday 8 March, 31 March (summer time).
        assertThat(agePeriod("week", "2026-03-02")).isEqualTo(ageAt("2026-03-08T22:45:00Z"))
                .containsExactly("3-7d - - 1 572400");
        assertThat(agePeriod("month", "2026-03-01")).isEqualTo(ageAt("2026-03-31T21:45:00Z"))
                .containsExactly("14-30d - - 1 2556000");
        assertThat(agePeriod("qrtr", "2026-01-01")).isEqualTo(ageAt("2026-03-31T21:45:00Z"));
        assertThat(agePeriod("year", "2026-01-01")).isEqualTo(rows(ageSql("f.date_time_key = " + through())));
    }

    @Test
    @Order(5)
    void aRerunWithNothingNewChangesNoRowAndNoAuditKey() throws Exception {
        Map<String, List<String>> before = aggregateRowsWithAuditKeys();
        assertThat(jobs.run(JobNames.INTRADAY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(aggregateClosedDays(TENANT)).isZero();
        assertThat(aggregateRowsWithAuditKeys()).isEqualTo(before);
    }

    @Test
    @Order(6)
    void lateEventsReaggregateTheirIntervalsAndTheirClosedDayExactly() throws Exception {
        String ageDayAudit = auditKeys("h_task_age_fact_day", "event_date_key = 20260302");
        String otherDaysAudit = auditKeys("h_task_classif_fact_day", "event_date_key <> 20260302");
        long e = create(importer, "E", "crm", "p1", "q1", 10, "2026-03-02T09:20:00Z", null);
        act(importer, e, "complete", "2026-03-02T09:40:00Z", Map.of());
        assertThat(jobs.run(JobNames.INTRADAY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(quarterHours("task_classif", "coalesce(nullif(process_id, ''), '-')"))
                .contains("03-02 09:15 p1 1 1 1 0 0 0 0 0 0", "03-02 09:30 p1 0 0 0 1 0 0 0 0 1200");
        assertThat(quarterHours("task_queue", "queue_id")).contains("03-02 09:15 q1 1 1", "03-02 09:30 q1 0 1");
        assertThat(quarterHours("task_capt", "capture_point_id"))
                .contains("03-02 09:15 crm 1 0 0 0 10 0", "03-02 09:30 crm 0 1 0 0 0 10");
        assertThat(ageAt("2026-03-02T09:15:00Z"))
                .containsExactly("1-4h - - 1 5400", "< 1h q1 p1 2 2400", "< 1h q2 p1 1 1500");
        assertThat(ageAt("2026-03-02T09:30:00Z"))
                .containsExactly("1-4h - - 1 6300", "< 1h q1 p1 1 2700", "< 1h q2 p1 1 2400");
        // Only the day whose rows changed waits for its day aggregates again.
        assertThat(rows("SELECT event_date_key::text FROM " + S + ".etl_touched_day")).containsExactly("20260302");
        assertEveryGranularityAddsUp();

        assertThat(aggregateClosedDays(TENANT)).isOne();
        assertThat(dayRows("task_classif", "coalesce(nullif(p.process_id, ''), '-')",
                "JOIN " + S + ".process p USING (process_key)")).startsWith(
                "20260302 - 1 0 0 0 0 0 0 0 0",
                "20260302 p1 4 4 2 2 1 0 1 0 3900");
        assertThat(dayRows("task_queue", "q.queue_id", "JOIN " + S + ".queue q USING (queue_key)")).startsWith(
                "20260302 q1 3 3", "20260302 q2 2 1");
        assertThat(dayRows("task_capt", "cp.capture_point_id",
                "JOIN " + S + ".capture_point cp USING (capture_point_key)")).startsWith(
                "20260302 crm 3 2 1 0 160 110", "20260302 web 2 0 0 0 0 0");
        assertThat(ageDay("20260302")).containsExactly("8-24h - - 1 54000", "8-24h q2 p1 1 47400");
        assertThat(auditKeys("h_task_age_fact_day", "event_date_key = 20260302")).isEqualTo(ageDayAudit);
        assertThat(auditKeys("h_task_classif_fact_day", "event_date_key <> 20260302")).isEqualTo(otherDaysAudit);
        assertDayRowsAreTheirQuarterHours();
        assertEveryGranularityAddsUp();
    }

    @Test
    @Order(7)
    void weeksStartOnTheTenantsWeekStart() {
        assertThat(rows("SELECT local_date || ' ' || created FROM " + S + ".iwd_agg_task_capt_fact_week"
                + " WHERE capture_point_id = 'web' ORDER BY 1")).containsExactly("2026-03-02 2");
        jdbc.sql("UPDATE " + S + ".tenant SET week_start = 2").update();
        // Tuesday: Monday 2 March belongs to the week of Tuesday 24 February, Tuesday 3 March starts the next.
        assertThat(rows("SELECT local_date || ' ' || created || ' ' || completed FROM " + S
                + ".iwd_agg_task_capt_fact_week WHERE capture_point_id = 'web' ORDER BY 1"))
                .containsExactly("2026-02-24 2 0", "2026-03-03 0 1");
        assertThat(rows("SELECT to_char(interval_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM " + S
                + ".iwd_agg_task_capt_fact_week WHERE capture_point_id = 'web' ORDER BY 1"))
                .containsExactly("2026-02-23 23:00", "2026-03-02 23:00");
        jdbc.sql("UPDATE " + S + ".tenant SET week_start = 1").update();
    }

    @Test
    @Order(8)
    void theTwoHoursOfAFallBackNightStayApartInHalfHourAndHourViews() throws Exception {
        RestClient dst = api(provisionWithImportKey("aggdst", "Europe/Paris"));
        dst.post().uri("/departments").body(Map.of("id", "d", "name", "D")).retrieve().toBodilessEntity();
        dst.post().uri("/processes").body(Map.of("id", "p", "name", "P", "parentId", "d")).retrieve()
                .toBodilessEntity();
        // 25 October 2026: 03:00 CEST becomes 02:00 CET at 01:00 UTC, so local 02:00-02:59 happens twice.
        long summer = create(dst, "S1", "crm", "p", "q", null, "2026-10-25T00:20:00Z", null);
        create(dst, "S2", "crm", "p", "q", null, "2026-10-25T00:40:00Z", null);
        create(dst, "W1", "crm", "p", "q", null, "2026-10-25T01:20:00Z", null);
        act(dst, summer, "complete", "2026-10-25T01:40:00Z", Map.of());
        tenants.sync();
        assertThat(jobs.run(JobNames.INTRADAY, "aggdst").getStatus()).isEqualTo(BatchStatus.COMPLETED);

        String bucket = """
                SELECT to_char(interval_start AT TIME ZONE 'UTC', 'HH24:MI') || ' ' || to_char(local_time, 'HH24:MI')
                    || ' UTC' || to_char(utc_offset_min / 60, 'SG0') || ' ' || %s
                FROM tenant_aggdst.%s ORDER BY interval_start, 1""";
        assertThat(rows(bucket.formatted("created || ' ' || completed", "iwd_agg_task_capt_fact_hour")))
                .containsExactly("00:00 02:00 UTC+2 2 0", "01:00 02:00 UTC+1 1 1");
        assertThat(rows(bucket.formatted("created || ' ' || completed", "iwd_agg_task_capt_fact_30min")))
                .containsExactly("00:00 02:00 UTC+2 1 0", "00:30 02:30 UTC+2 1 0", "01:00 02:00 UTC+1 1 0",
                        "01:30 02:30 UTC+1 0 1");
        assertThat(rows(bucket.formatted("created || ' ' || queued || ' ' || completed",
                "iwd_agg_task_classif_fact_hour"))).containsExactly("00:00 02:00 UTC+2 2 2 0",
                "01:00 02:00 UTC+1 1 1 1");
        assertThat(rows(bucket.formatted("entered || ' ' || exited", "iwd_agg_task_queue_fact_hour")))
                .containsExactly("00:00 02:00 UTC+2 2 0", "01:00 02:00 UTC+1 1 1");
        // The backlog at the end of each of the two hours: S1 and S2 (ages 40 and 20 minutes), then, at the newest
        // snapshot (01:30-01:45 UTC), S2 and W1.
        assertThat(rows(bucket.formatted("age_name || ' ' || open_tasks || ' ' || sum_age_sec",
                "iwd_agg_task_age_fact_hour"))).containsExactly("00:00 02:00 UTC+2 < 1h 2 3600",
                "01:00 02:00 UTC+1 1-4h 1 3900", "01:00 02:00 UTC+1 < 1h 1 1500");

        assertThat(aggregateClosedDays("aggdst")).isPositive();
        assertThat(rows("""
                SELECT event_date_key || ' ' || created || ' ' || completed FROM tenant_aggdst.h_task_capt_fact_day"""))
                .containsExactly("20261025 3 1");
        assertThat(rows("""
                SELECT ag.name || ' ' || open_tasks || ' ' || sum_age_sec FROM tenant_aggdst.h_task_age_fact_day f
                JOIN tenant_aggdst.age ag USING (age_key) WHERE event_date_key = 20261025"""))
                .containsExactly("8-24h 2 158400");
    }

    /** For every additive area, every granularity of the views has the 15-minute view's totals. */
    private void assertEveryGranularityAddsUp() {
        ADDITIVE.forEach((area, measures) -> {
            String totals = "SELECT concat_ws(' ', " + String.join(", ",
                    measures.stream().map(m -> "coalesce(sum(" + m + "), 0)").toList()) + ") FROM " + S
                    + ".iwd_agg_" + area + "_fact_";
            String expected = jdbc.sql(totals + "15min").query(String.class).single();
            assertThat(expected).as(area).isNotEqualTo(String.join(" ", measures.stream().map(m -> "0").toList()));
            for (String granularity : LONGER) {
                assertThat(jdbc.sql(totals + granularity).query(String.class).single()).as(area + " " + granularity)
                        .isEqualTo(expected);
            }
        });
    }

    /** Day rows equal the sums of their 15-minute rows (task_age: the day's 23:45 snapshot), for every area. */
    private void assertDayRowsAreTheirQuarterHours() {
        ADDITIVE.forEach((area, measures) -> {
            String dims = String.join(", ", switch (area) {
                case "task_classif" -> List.of("solution_key", "department_key", "process_key", "category_key");
                case "task_queue" -> List.of("queue_key");
                case "task_agent" -> List.of("agent_key");
                default -> List.of("capture_point_key");
            });
            String sums = String.join(", ", measures.stream().map(m -> "sum(" + m + ")").toList());
            String day = "SELECT event_date_key, " + dims + ", " + String.join(", ", measures) + " FROM " + S + ".h_"
                    + area + "_fact_day";
            String quarters = "SELECT dt.event_date_key, " + dims + ", " + sums + " FROM " + S + ".h_" + area
                    + "_fact_15min JOIN " + S + ".date_time dt USING (date_time_key) GROUP BY dt.event_date_key, "
                    + dims;
            assertThat(jdbc.sql("SELECT count(*) FROM ((" + day + " EXCEPT " + quarters + ") UNION ALL (" + quarters
                    + " EXCEPT " + day + ")) x").query(Long.class).single()).as(area).isZero();
        });
        String day = "SELECT event_date_key, age_key, queue_key, process_key, open_tasks, sum_age_sec FROM " + S
                + ".h_task_age_fact_day";
        String last = "SELECT dt.event_date_key, age_key, queue_key, process_key, open_tasks, sum_age_sec FROM " + S
                + ".h_task_age_fact_15min JOIN " + S + ".date_time dt USING (date_time_key)"
                + " WHERE dt.local_time = '23:45' AND dt.event_date_key IN (SELECT event_date_key FROM " + S
                + ".h_task_age_fact_day)";
        assertThat(jdbc.sql("SELECT count(*) FROM ((" + day + " EXCEPT " + last + ") UNION ALL (" + last + " EXCEPT "
                + day + ")) x").query(Long.class).single()).as("task_age").isZero();
    }

    private Map<String, List<String>> aggregateRowsWithAuditKeys() {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String area : List.of("task_classif", "task_queue", "task_agent", "task_capt", "task_age")) {
            for (String grain : List.of("15min", "day")) {
                String table = S + ".h_" + area + "_fact_" + grain;
                tables.put(table, rows("SELECT t::text FROM " + table + " t ORDER BY 1"));
            }
        }
        tables.put("through", rows("SELECT t::text FROM " + S + ".etl_age_snapshot t"));
        tables.put("touched days", rows("SELECT t::text FROM " + S + ".etl_touched_day t"));
        return tables;
    }

    private List<String> quarterHours(String area, String id) {
        return rows("SELECT to_char(interval_start AT TIME ZONE 'UTC', 'MM-DD HH24:MI') || ' ' || " + id
                + " || ' ' || concat_ws(' ', " + String.join(", ", ADDITIVE.get(area)) + ") FROM " + S
                + ".iwd_agg_" + area + "_fact_15min ORDER BY 1");
    }

    private List<String> dayRows(String area, String id, String join) {
        return rows("SELECT f.event_date_key || ' ' || " + id + " || ' ' || concat_ws(' ', " + String.join(", ",
                ADDITIVE.get(area).stream().map(m -> "f." + m).toList()) + ") FROM " + S + ".h_" + area
                + "_fact_day f " + join + " ORDER BY 1");
    }

    private List<String> ageAt(String intervalStart) {
        return rows(ageSql("f.interval_start = '" + intervalStart + "'"));
    }

    private static String ageSql(String where) {
        return "SELECT " + AGE_ROW + " FROM " + S + ".iwd_agg_task_age_fact_15min f WHERE " + where + " ORDER BY 1";
    }

    private static final String AGE_ROW = "f.age_name || ' ' || coalesce(nullif(f.queue_id, ''), '-') || ' ' || "
            + "coalesce(nullif(f.process_id, ''), '-') || ' ' || f.open_tasks || ' ' || f.sum_age_sec";

    private List<String> agePeriod(String period, String localDate) {
        return rows("SELECT " + AGE_ROW + " FROM " + S + ".iwd_agg_task_age_fact_" + period
                + " f WHERE f.local_date = '" + localDate + "' ORDER BY 1");
    }

    private List<String> ageView(String view, String intervalStart) {
        return rows("SELECT " + AGE_ROW + " FROM " + S + ".iwd_agg_task_age_fact_" + view
                + " f WHERE f.interval_start = '" + intervalStart + "' ORDER BY 1");
    }

    private List<String> ageDay(String eventDateKey) {
        return rows("SELECT ag.name || ' ' || coalesce(nullif(q.queue_id, ''), '-') || ' ' || "
                + "coalesce(nullif(p.process_id, ''), '-') || ' ' || f.open_tasks || ' ' || f.sum_age_sec FROM " + S
                + ".h_task_age_fact_day f JOIN " + S + ".age ag USING (age_key) JOIN " + S
                + ".queue q USING (queue_key) JOIN " + S + ".process p USING (process_key) WHERE f.event_date_key = "
                + eventDateKey + " ORDER BY 1");
    }

    private static String periodStart(String period) {
        return switch (period) {
            case "week" -> "2026-03-02";
            case "month" -> "2026-03-01";
            default -> "2026-01-01";
        };
    }

    private String auditKeys(String table, String where) {
        return jdbc.sql("SELECT string_agg(created_etl_audit_key || '/' || updated_etl_audit_key, ',' ORDER BY t::text)"
                + " FROM " + S + "." + table + " t WHERE " + where).query(String.class).single();
    }

    private int through() {
        return jdbc.sql("SELECT through_date_time_key FROM " + S + ".etl_age_snapshot").query(Integer.class)
                .single();
    }

    private static int key(String instant) {
        return (int) (java.time.Instant.parse(instant).getEpochSecond() / 900);
    }

    private List<String> rows(String sql) {
        return jdbc.sql(sql).query(String.class).list();
    }
}
