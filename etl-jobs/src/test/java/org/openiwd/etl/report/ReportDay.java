package org.openiwd.etl.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openiwd.etl.ImportedTasks.act;
import static org.openiwd.etl.ImportedTasks.create;

import java.util.Map;

import org.springframework.web.client.RestClient;

/**
 * The known work the report tests replay through the real API with an import key, for tenant {@value #TENANT}
 * (Europe/Paris; its agents E1001-E1003 are in the Info Mart fixture with names): a winter Monday, 2 March 2026
 * (UTC+1), the spring-forward Sunday, 29 March 2026, which has no local 02:00-02:59, and the autumn fall-back
 * Sunday, 25 October 2026, whose local 02:00-02:59 happens twice (UTC+2, then UTC+1 from 01:00 UTC). Two
 * departments (one with a comma, quotes and an accent in its name), two processes, two queues, two capture points;
 * tasks completed in and over their due time, without one, held, transferred, canceled, rejected, and three left
 * open for the backlog. Times are UTC.
 */
final class ReportDay {

    static final String TENANT = "100";
    static final String SCHEMA = "tenant_100";
    static final String ZONE = "Europe/Paris";
    /** The department name that CSV has to quote. */
    static final String TRICKY_DEPARTMENT = "Réclamations, \"VIP\"";

    private ReportDay() {
    }

    static void replay(RestClient api) {
        post(api, "/departments", Map.of("id", "d1", "name", "Billing"));
        post(api, "/departments", Map.of("id", "d2", "name", TRICKY_DEPARTMENT));
        post(api, "/processes", Map.of("id", "p1", "name", "Refund", "parentId", "d1"));
        post(api, "/processes", Map.of("id", "p2", "name", "Complaint", "parentId", "d2"));
        post(api, "/queues", Map.of("id", "q1", "name", "Back office"));
        post(api, "/queues", Map.of("id", "q2", "name", "Care"));
        post(api, "/capture-points", Map.of("id", "crm", "name", "CRM"));
        post(api, "/capture-points", Map.of("id", "web", "name", "Web form"));

        long t7 = create(api, "T7", "web", null, null, null, "2026-03-02T07:30:00Z", null);
        long t1 = create(api, "T1", "crm", "p1", "q1", 100, "2026-03-02T08:05:00Z", "2026-03-02T10:00:00Z");
        long t2 = create(api, "T2", "crm", "p1", "q1", 50, "2026-03-02T08:10:00Z", "2026-03-02T09:00:00Z");
        act(api, t1, "assign", "2026-03-02T08:20:00Z", Map.of("agentId", "E1001"));
        act(api, t2, "assign", "2026-03-02T08:40:00Z", Map.of("agentId", "E1002"));
        long t3 = create(api, "T3", "web", "p2", "q2", 20, "2026-03-02T08:50:00Z", null);
        act(api, t3, "assign", "2026-03-02T09:00:00Z", Map.of("agentId", "E1001"));
        act(api, t3, "hold", "2026-03-02T09:05:00Z", Map.of());
        act(api, t1, "complete", "2026-03-02T09:10:00Z", Map.of());
        long t4 = create(api, "T4", "web", "p2", "q2", null, "2026-03-02T09:15:00Z", null);
        act(api, t3, "resume", "2026-03-02T09:20:00Z", Map.of());
        act(api, t2, "complete", "2026-03-02T09:30:00Z", Map.of());
        act(api, t4, "cancel", "2026-03-02T09:40:00Z", Map.of("reason", "duplicate"));
        act(api, t3, "complete", "2026-03-02T09:50:00Z", Map.of());
        long t5 = create(api, "T5", "web", "p1", "q1", 10, "2026-03-02T10:00:00Z", null);
        long t6 = create(api, "T6", "crm", "p2", "q2", 70, "2026-03-02T10:05:00Z", "2026-03-02T12:00:00Z");
        act(api, t6, "transfer", "2026-03-02T10:20:00Z", Map.of("queueId", "q1"));
        act(api, t5, "reject", "2026-03-02T10:30:00Z", Map.of("reason", "spam"));
        act(api, t6, "assign", "2026-03-02T10:45:00Z", Map.of("agentId", "E1003"));

        // 29 March 2026, Paris: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
        long s1 = create(api, "S1", "web", "p1", "q1", null, "2026-03-29T00:30:00Z", null);
        act(api, s1, "complete", "2026-03-29T01:10:00Z", Map.of());

        // 25 October 2026, Paris: 00:30 local is 22:30 UTC the day before; 03:00 CEST becomes 02:00 CET at 01:00 UTC.
        long w0 = create(api, "W0", "web", "p2", "q2", 5, "2026-10-24T22:30:00Z", null);
        act(api, w0, "complete", "2026-10-24T23:10:00Z", Map.of());
        long u1 = create(api, "U1", "crm", "p1", "q1", 30, "2026-10-25T00:20:00Z", "2026-10-25T02:00:00Z");
        act(api, u1, "assign", "2026-10-25T00:40:00Z", Map.of("agentId", "E1001"));
        long u2 = create(api, "U2", "web", "p2", "q2", null, "2026-10-25T00:50:00Z", null);
        act(api, u1, "complete", "2026-10-25T01:10:00Z", Map.of());
        long u3 = create(api, "U3", "crm", "p1", "q1", null, "2026-10-25T01:25:00Z", null);
        long u4 = create(api, "U4", "crm", "p2", "q2", 40, "2026-10-25T01:30:00Z", null);
        act(api, u3, "cancel", "2026-10-25T01:35:00Z", Map.of());
        act(api, u2, "complete", "2026-10-25T01:50:00Z", Map.of());
        assertThat(t7 + u4).isPositive();
    }

    private static void post(RestClient api, String path, Map<String, Object> body) {
        assertThat(api.post().uri(path).body(body).retrieve().toBodilessEntity().getStatusCode().is2xxSuccessful())
                .as("POST " + path + " " + body).isTrue();
    }
}
