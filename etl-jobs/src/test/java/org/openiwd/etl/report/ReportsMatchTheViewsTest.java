package org.openiwd.etl.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.jsoup.Jsoup;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The numbers on screen equal the report views: {@link ReportDay} replayed through the real API, the real intraday
 * job (and then the day aggregation of closed days), and every report at every granularity, with and without
 * filters, compared with plain SELECTs of the views ({@link ViewRows}): the service's rows, the JSON endpoint, the
 * CSV export and the cells of the page's table (through the real security filters, as a viewer). Also the known
 * numbers of the replayed days, the fall-back night's repeated hour, and the bounds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@AutoConfigureMockMvc
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportsMatchTheViewsTest extends EtlWithApiTest {

    private static final LocalDate MARCH_2 = LocalDate.parse("2026-03-02");
    private static final LocalDate FALL_BACK = LocalDate.parse("2026-10-25");

    private static boolean replayed;

    @Autowired
    ReportService reports;
    @Autowired
    TenantRegistry registry;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    MockMvc mvc;

    @BeforeEach
    void replayOnce() throws Exception {
        if (!replayed) {
            ReportDay.replay(api(provisionWithImportKey(ReportDay.TENANT, ReportDay.ZONE)));
            tenants.sync();
            assertThat(jobs.run(JobNames.INTRADAY, ReportDay.TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);
            replayed = true;
        }
    }

    @Test
    @Order(1)
    void everyReportAtEveryGranularityShowsTheViewsNumbersWhileTheDaysAreOpen() {
        assertEveryReportMatchesTheViews();
    }

    @Test
    @Order(2)
    void filtersNarrowEachReportToTheViewsRowsOfTheirMember() {
        List<ReportRequest> requests = new ArrayList<>();
        for (Granularity granularity : List.of(Granularity.HOUR, Granularity.DAY, Granularity.MONTH)) {
            LocalDate to = granularity.intraday() ? MARCH_2 : FALL_BACK;
            requests.add(request(MARCH_2, to, granularity, Map.of(ReportFilter.DEPARTMENT, "d2")));
            requests.add(request(MARCH_2, to, granularity, Map.of(ReportFilter.PROCESS, "p1")));
            requests.add(request(MARCH_2, to, granularity,
                    Map.of(ReportFilter.DEPARTMENT, "d1", ReportFilter.PROCESS, "p1")));
        }
        for (ReportRequest request : requests) {
            for (ReportDefinition report : List.of(ReportCatalog.VOLUMES, ReportCatalog.SERVICE_LEVEL)) {
                assertMatches(report, request);
            }
        }
        assertMatches(ReportCatalog.BACKLOG, request(MARCH_2, MARCH_2, Granularity.HOUR,
                Map.of(ReportFilter.QUEUE, "q1")));
        assertMatches(ReportCatalog.BACKLOG, request(MARCH_2, FALL_BACK, Granularity.WEEK,
                Map.of(ReportFilter.QUEUE, "q2", ReportFilter.PROCESS, "p2")));
        assertMatches(ReportCatalog.AGENTS, request(MARCH_2, FALL_BACK, Granularity.DAY,
                Map.of(ReportFilter.AGENT, "E1001")));
        assertMatches(ReportCatalog.QUEUES, request(MARCH_2, MARCH_2, Granularity.MIN_15,
                Map.of(ReportFilter.QUEUE, "q2")));
        assertMatches(ReportCatalog.CAPTURE_POINTS, request(MARCH_2, FALL_BACK, Granularity.QUARTER,
                Map.of(ReportFilter.CAPTURE_POINT, "web")));

        ReportResult d2 = reports.run(ReportCatalog.VOLUMES, request(MARCH_2, MARCH_2, Granularity.DAY,
                Map.of(ReportFilter.DEPARTMENT, "d2")));
        // T3 (completed), T4 (canceled) and T6 of department d2.
        assertThat(columns(d2, "period", "created", "completed", "canceled", "rejected"))
                .containsExactly("2026-03-02 3 1 1 0");
    }

    @Test
    @Order(3)
    void theReplayedDaysNumbersAreWhatHappened() {
        ReportResult volumes = reports.run(ReportCatalog.VOLUMES, request(MARCH_2, MARCH_2, Granularity.DAY));
        assertThat(columns(volumes, "period", "created", "completed", "canceled", "rejected"))
                .containsExactly("2026-03-02 7 3 1 1");

        ReportResult serviceLevel = reports.run(ReportCatalog.SERVICE_LEVEL,
                request(MARCH_2, MARCH_2, Granularity.DAY));
        // T1 in due after 65 minutes, T2 overdue after 80; T3 had no due time.
        assertThat(columns(serviceLevel, "department", "process", "completed", "completed_in_due",
                "completed_overdue", "service_level_pct", "avg_minutes_to_complete")).containsExactly(
                "Billing Refund 2 1 1 50.0 72.5",
                ReportDay.TRICKY_DEPARTMENT + " Complaint 1 0 0 null 60.0");

        ReportResult agents = reports.run(ReportCatalog.AGENTS, request(MARCH_2, MARCH_2, Granularity.DAY));
        // Alice worked T1 08:20-09:10 and T3 09:00-09:05 and 09:20-09:50 (5100 s), and held T3 15 minutes.
        assertThat(columns(agents, "agent_id", "agent", "assigned", "completed", "work_hours", "held_hours"))
                .containsExactly("E1001 Alice Johnson 2 2 1.42 0.25", "E1002 Bob Smith 1 1 0.83 0.00",
                        "E1003 Carla Garcia 1 0 0.00 0.00");

        ReportResult queues = reports.run(ReportCatalog.QUEUES, request(MARCH_2, MARCH_2, Granularity.DAY));
        assertThat(columns(queues, "queue", "entered", "exited"))
                .containsExactly("Back office 4 3", "Care 3 3");

        ReportResult capture = reports.run(ReportCatalog.CAPTURE_POINTS, request(MARCH_2, MARCH_2, Granularity.DAY));
        assertThat(columns(capture, "capture_point", "created", "completed", "canceled", "rejected",
                "business_value_created", "business_value_completed"))
                .containsExactly("CRM 3 2 0 0 220 150", "Web form 4 1 1 1 30 20");

        // At the end of local 11:00-12:00 (10:45-11:00 UTC): T7 for 3.5 h, T6 for 55 minutes.
        ReportResult backlog = reports.run(ReportCatalog.BACKLOG, request(MARCH_2, MARCH_2, Granularity.HOUR));
        assertThat(columns(backlog, "period", "age_band", "open_tasks", "avg_age_hours").stream()
                .filter(row -> row.startsWith("2026-03-02 11:00"))).containsExactly(
                "2026-03-02 11:00 +01:00 < 1h 1 0.92", "2026-03-02 11:00 +01:00 1-4h 1 3.50");
    }

    @Test
    @Order(4)
    void theRepeatedHourOfTheFallBackNightIsTwoBucketsWithTheirOwnOffsets() {
        ReportResult hours = reports.run(ReportCatalog.VOLUMES, request(FALL_BACK, FALL_BACK, Granularity.HOUR));
        assertThat(columns(hours, "period", "interval_start", "created", "completed", "canceled", "rejected"))
                .containsExactly(
                        "2026-10-25 00:00 +02:00 2026-10-25T00:00:00+02:00 1 0 0 0",
                        "2026-10-25 01:00 +02:00 2026-10-25T01:00:00+02:00 0 1 0 0",
                        "2026-10-25 02:00 +02:00 2026-10-25T02:00:00+02:00 2 0 0 0",
                        "2026-10-25 02:00 +01:00 2026-10-25T02:00:00+01:00 2 2 1 0");
        ReportResult day = reports.run(ReportCatalog.VOLUMES, request(FALL_BACK, FALL_BACK, Granularity.DAY));
        assertThat(columns(day, "period", "interval_start", "created", "completed", "canceled"))
                .containsExactly("2026-10-25 2026-10-25T00:00:00+02:00 5 3 1");
        ReportResult quarterHours = reports.run(ReportCatalog.VOLUMES,
                request(FALL_BACK, FALL_BACK, Granularity.MIN_15));
        assertThat(columns(quarterHours, "period")).contains("2026-10-25 02:15 +02:00", "2026-10-25 02:15 +01:00");
    }

    @Test
    @Order(5)
    void theSpringForwardDayHasNoBucketForTheHourThatDidNotHappen() {
        LocalDate springForward = LocalDate.parse("2026-03-29");
        ReportResult hours = reports.run(ReportCatalog.VOLUMES,
                request(springForward, springForward, Granularity.HOUR));
        // Created 01:30 CET, completed 03:10 CEST, 40 minutes later.
        assertThat(columns(hours, "period", "interval_start", "created", "completed")).containsExactly(
                "2026-03-29 01:00 +01:00 2026-03-29T01:00:00+01:00 1 0",
                "2026-03-29 03:00 +02:00 2026-03-29T03:00:00+02:00 0 1");
        assertThat(columns(reports.run(ReportCatalog.VOLUMES, request(springForward, springForward,
                Granularity.DAY)), "period", "interval_start", "created", "completed"))
                .containsExactly("2026-03-29 2026-03-29T00:00:00+01:00 1 1");
        assertMatches(ReportCatalog.VOLUMES, request(springForward, springForward, Granularity.MIN_15));
        assertMatches(ReportCatalog.BACKLOG, request(springForward, springForward, Granularity.MIN_30));
    }

    @Test
    @Order(6)
    void afterTheDaysAreClosedEveryReportStillShowsTheViewsNumbers() {
        assertThat(aggregateClosedDays(ReportDay.TENANT)).isPositive();
        assertEveryReportMatchesTheViews();
        assertThat(columns(reports.run(ReportCatalog.VOLUMES, request(MARCH_2, FALL_BACK, Granularity.YEAR)),
                "period", "created", "completed", "canceled", "rejected")).containsExactly("2026 13 7 2 1");
    }

    @Test
    @Order(7)
    void requestsOutsideTheBoundsAreRefusedWithAReason() {
        assertThatThrownBy(() -> reports.run(ReportCatalog.VOLUMES, request(FALL_BACK, MARCH_2, Granularity.DAY)))
                .isInstanceOf(InvalidReportException.class).hasMessageContaining("ends (2026-03-02) before");
        assertThatThrownBy(() -> reports.run(ReportCatalog.VOLUMES, request(MARCH_2, FALL_BACK, Granularity.HOUR)))
                .isInstanceOf(InvalidReportException.class).hasMessageContaining("at most 62 days");
        assertThatThrownBy(() -> reports.run(ReportCatalog.QUEUES, request(MARCH_2, MARCH_2, Granularity.DAY,
                Map.of(ReportFilter.AGENT, "E1001")))).isInstanceOf(InvalidReportException.class)
                .hasMessageContaining("cannot be filtered by agent");
        assertThatThrownBy(() -> reports.run(ReportCatalog.VOLUMES,
                new ReportRequest("nobody", MARCH_2, MARCH_2, Granularity.DAY)))
                .isInstanceOf(UnknownReportException.class);
        assertThatThrownBy(() -> reports.run(ReportCatalog.VOLUMES,
                new ReportRequest("x; DROP SCHEMA tenant_100", MARCH_2, MARCH_2, Granularity.DAY)))
                .isInstanceOf(InvalidReportException.class);
        // A filter value is a bound parameter: SQL in it matches no member.
        assertThat(reports.run(ReportCatalog.VOLUMES, request(MARCH_2, MARCH_2, Granularity.DAY,
                Map.of(ReportFilter.DEPARTMENT, "d1' OR '1'='1"))).rows()).isEmpty();
    }

    @Test
    @Order(8)
    void aResultLongerThanTheBoundKeepsItsFirstRowsAndSaysSo() {
        ReportService bounded = new ReportService(jdbc, registry, new ReportProperties(3, 62, 3660,
                Duration.ofSeconds(30)), transactions);
        ReportResult result = bounded.run(ReportCatalog.VOLUMES, request(MARCH_2, MARCH_2, Granularity.MIN_15));
        ReportResult all = reports.run(ReportCatalog.VOLUMES, request(MARCH_2, MARCH_2, Granularity.MIN_15));
        assertThat(result.truncated()).isTrue();
        assertThat(result.rows()).isEqualTo(all.rows().subList(0, 3));
        assertThat(result.message()).contains("first 3 rows");
        assertThat(all.truncated()).isFalse();
        assertThat(all.message()).isNull();
    }

    @Test
    @Order(9)
    void theJsonTheCsvAndThePagesTableShowTheViewsNumbers() throws Exception {
        List<Object[]> cases = List.of(
                new Object[] {ReportCatalog.VOLUMES, request(FALL_BACK, FALL_BACK, Granularity.HOUR)},
                new Object[] {ReportCatalog.VOLUMES, request(MARCH_2, MARCH_2, Granularity.MIN_15,
                        Map.of(ReportFilter.DEPARTMENT, "d1"))},
                new Object[] {ReportCatalog.SERVICE_LEVEL, request(MARCH_2, FALL_BACK, Granularity.MONTH)},
                new Object[] {ReportCatalog.SERVICE_LEVEL, request(FALL_BACK.minusDays(1), FALL_BACK,
                        Granularity.MIN_30)},
                new Object[] {ReportCatalog.BACKLOG, request(FALL_BACK, FALL_BACK, Granularity.HOUR)},
                new Object[] {ReportCatalog.BACKLOG, request(MARCH_2, FALL_BACK, Granularity.WEEK,
                        Map.of(ReportFilter.PROCESS, "p2"))},
                new Object[] {ReportCatalog.AGENTS, request(MARCH_2, FALL_BACK, Granularity.DAY)},
                new Object[] {ReportCatalog.QUEUES, request(MARCH_2, MARCH_2, Granularity.HOUR,
                        Map.of(ReportFilter.QUEUE, "q1"))},
                new Object[] {ReportCatalog.CAPTURE_POINTS, request(MARCH_2, FALL_BACK, Granularity.QUARTER)},
                new Object[] {ReportCatalog.CAPTURE_POINTS, request(MARCH_2, FALL_BACK, Granularity.YEAR)});
        for (Object[] c : cases) {
            ReportDefinition report = (ReportDefinition) c[0];
            ReportRequest request = (ReportRequest) c[1];
            String what = report.id() + " " + request;
            List<String> expected = new ViewRows(jdbc).expected(report, request);
            assertThat(expected).as(what).isNotEmpty();

            MvcResult json = mvc.perform(get("/console/api/reports/" + report.id() + query(request)).with(viewer()))
                    .andExpect(status().isOk()).andReturn();
            assertThat(WebRows.fromJson(json.getResponse().getContentAsString(StandardCharsets.UTF_8)))
                    .as("JSON " + what).containsExactlyInAnyOrderElementsOf(WebRows.normalized(expected));

            MvcResult csv = mvc.perform(get("/console/reports/" + report.id() + ".csv" + query(request))
                    .with(viewer())).andExpect(status().isOk()).andReturn();
            assertThat(csv.getResponse().getContentType()).isEqualTo("text/csv;charset=UTF-8");
            assertThat(csv.getResponse().getHeader("Content-Disposition")).as(what)
                    .contains("attachment", report.id() + "_100_" + request.from() + "_" + request.to() + "_"
                            + request.granularity().id() + ".csv");
            assertThat(WebRows.fromCsv(csv.getResponse().getContentAsByteArray())).as("CSV " + what)
                    .containsExactlyInAnyOrderElementsOf(expected);

            MvcResult page = mvc.perform(get("/console/reports/" + report.id() + query(request)).with(viewer()))
                    .andExpect(status().isOk()).andReturn();
            assertThat(WebRows.tableCells(page.getResponse().getContentAsString(StandardCharsets.UTF_8)))
                    .as("table " + what).containsExactlyInAnyOrderElementsOf(
                            new ViewRows(jdbc).expectedCells(report, request, ZoneId.of(ReportDay.ZONE)));
        }
    }

    @Test
    @Order(10)
    void theCsvQuotesNamesAndIsUtf8WithAHeaderRow() throws Exception {
        MvcResult csv = mvc.perform(get("/console/reports/service-level.csv" + query(request(MARCH_2, MARCH_2,
                Granularity.DAY))).with(viewer())).andExpect(status().isOk()).andReturn();
        String text = new String(csv.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        assertThat(text.split("\r\n")).containsExactly(
                "period,interval_start,local_date,department_id,department,process_id,process,completed,"
                        + "completed_in_due,completed_overdue,service_level_pct,avg_minutes_to_complete",
                "2026-03-02,2026-03-02T00:00:00+01:00,2026-03-02,d1,Billing,p1,Refund,2,1,1,50.0,72.5",
                "2026-03-02,2026-03-02T00:00:00+01:00,2026-03-02,d2,\"Réclamations, \"\"VIP\"\"\",p2,Complaint,1,0,0,,"
                        + "60.0");
    }

    @Test
    @Order(11)
    void badRequestsGetAReasonOnThePageAndProblemJsonFromTheApi() throws Exception {
        String backwards = "?tenant=100&from=2026-03-05&to=2026-03-01&granularity=day";
        mvc.perform(get("/console/api/reports/volumes" + backwards).with(viewer()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:iwd:problem:report-invalid"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("before it starts")));
        MvcResult page = mvc.perform(get("/console/reports/volumes" + backwards).with(viewer()))
                .andExpect(status().isBadRequest()).andReturn();
        assertThat(Jsoup.parse(page.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .select("#report-error").text()).contains("before it starts");
        mvc.perform(get("/console/api/reports/volumes?tenant=100&granularity=fortnight").with(viewer()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("fortnight")));
        mvc.perform(get("/console/api/reports/nothing?tenant=100").with(viewer()))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:iwd:problem:report-not-found"));
        mvc.perform(get("/console/api/reports/volumes?tenant=nobody").with(viewer()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/console/reports/queues.csv?tenant=100&agent=E1001").with(viewer()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("cannot be filtered")));
        mvc.perform(get("/console/api/reports").with(viewer())).andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id").value(org.hamcrest.Matchers.contains("volumes", "service-level",
                        "backlog", "agents", "queues", "capture-points")));
    }

    private static RequestPostProcessor viewer() {
        return user("viewer").roles("VIEWER");
    }

    private static String query(ReportRequest request) {
        StringBuilder query = new StringBuilder("?tenant=" + request.tenantId() + "&from=" + request.from() + "&to="
                + request.to() + "&granularity=" + request.granularity().id());
        request.filters().forEach((filter, value) -> query.append('&').append(filter.parameter()).append('=')
                .append(value));
        return query.toString();
    }

    private void assertEveryReportMatchesTheViews() {
        for (ReportDefinition report : ReportCatalog.all()) {
            for (Granularity granularity : Granularity.values()) {
                List<ReportRequest> requests = granularity.intraday()
                        ? List.of(request(MARCH_2, MARCH_2, granularity),
                                request(FALL_BACK.minusDays(1), FALL_BACK.plusDays(1), granularity))
                        : granularity.compareTo(Granularity.MONTH) < 0
                        ? List.of(request(MARCH_2.minusDays(1), FALL_BACK.plusDays(6), granularity))
                        // A range within a quiet part of March: the whole periods that overlap it.
                        : List.of(request(MARCH_2.minusDays(1), FALL_BACK.plusDays(6), granularity),
                                request(LocalDate.parse("2026-03-10"), LocalDate.parse("2026-03-12"), granularity));
                for (ReportRequest request : requests) {
                    assertMatches(report, request);
                }
            }
        }
    }

    private void assertMatches(ReportDefinition report, ReportRequest request) {
        List<String> expected = new ViewRows(jdbc).expected(report, request);
        ReportResult result = reports.run(report, request);
        String what = report.id() + " " + request;
        assertThat(expected).as("the views have rows for " + what).isNotEmpty();
        assertThat(ViewRows.of(result)).as(what).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.truncated()).isFalse();
    }

    private static ReportRequest request(LocalDate from, LocalDate to, Granularity granularity) {
        return new ReportRequest(ReportDay.TENANT, from, to, granularity);
    }

    private static ReportRequest request(LocalDate from, LocalDate to, Granularity granularity,
            Map<ReportFilter, String> filters) {
        return new ReportRequest(ReportDay.TENANT, from, to, granularity, filters);
    }

    private static List<String> columns(ReportResult result, String... keys) {
        return result.rows().stream().map(row -> {
            List<String> parts = new ArrayList<>();
            for (String key : keys) {
                parts.add(String.valueOf(row.get(result.columnIndex(key))));
            }
            return String.join(" ", parts);
        }).toList();
    }
}
