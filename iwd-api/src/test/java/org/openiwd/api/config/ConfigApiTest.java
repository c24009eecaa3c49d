package org.openiwd.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

class ConfigApiTest extends ApiIntegrationTest {

    RestClient tenant;
    RestClient datamart;

    @BeforeEach
    void tenant() {
        Map<String, String> keys = provision("cfg-" + System.nanoTime() % 1_000_000);
        tenant = client(keys.get("tenant"));
        datamart = client(keys.get("datamart"));
    }

    @Test
    void createReadUpdateAndRetireAreVersionedWithOneEventEach() {
        ResponseEntity<Map> created = post("/solutions", Map.of("id", "bo", "name", "Back office"));
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat(created.getBody()).containsEntry("version", 1).containsEntry("revision", 1);
        assertThat(created.getHeaders().getLocation().getPath()).isEqualTo("/iwd/v3/solutions/bo");

        ResponseEntity<Map> updated = tenant.put().uri("/solutions/bo").header("If-Match", "\"1\"")
                .body(Map.of("name", "Back office EMEA")).retrieve().toEntity(Map.class);
        assertThat(updated.getBody()).containsEntry("version", 2).containsEntry("name", "Back office EMEA");
        assertThat(updated.getHeaders().getETag()).isEqualTo("\"2\"");

        ResponseEntity<Map> stale = tenant.put().uri("/solutions/bo").header("If-Match", "\"1\"")
                .body(Map.of("name", "Lost update")).retrieve().toEntity(Map.class);
        assertThat(stale.getStatusCode().value()).isEqualTo(412);
        assertThat(stale.getBody()).containsEntry("type", "urn:iwd:problem:version-mismatch");

        assertThat(tenant.delete().uri("/solutions/bo").retrieve().toEntity(Map.class).getBody())
                .containsEntry("deleted", true).containsEntry("version", 3);
        assertThat(items(tenant.get().uri("/solutions").retrieve().body(Map.class))).isEmpty();

        List<Map<String, Object>> events = configEvents();
        assertThat(events).extracting(e -> e.get("operation")).containsExactly("created", "updated", "deleted");
        assertThat(events.stream().map(e -> (Object) ((Map<?, ?>) e.get("object")).get("name")).toList())
                .containsExactly("Back office", "Back office EMEA", "Back office EMEA");
    }

    @Test
    void referencesMustExistAndNamesAreUniquePerParent() {
        assertThat(post("/processes", Map.of("id", "p", "name", "P")).getBody())
                .containsEntry("type", "urn:iwd:problem:parent-required");
        assertThat(post("/processes", Map.of("id", "p", "name", "P", "parentId", "nowhere")).getBody())
                .containsEntry("type", "urn:iwd:problem:unknown-parent");
        assertThat(post("/queues", Map.of("id", "q", "name", "Q", "parentId", "x")).getBody())
                .containsEntry("type", "urn:iwd:problem:no-parent");
        post("/departments", Map.of("id", "d1", "name", "Finance"));
        post("/departments", Map.of("id", "d2", "name", "Care"));
        assertThat(post("/processes", Map.of("id", "p1", "name", "Refund", "parentId", "d1"))
                .getStatusCode().value()).isEqualTo(201);
        ResponseEntity<Map> clash = post("/processes", Map.of("id", "p2", "name", "REFUND", "parentId", "d1"));
        assertThat(clash.getStatusCode().value()).isEqualTo(409);
        assertThat(clash.getBody()).containsEntry("type", "urn:iwd:problem:name-taken");
        assertThat(post("/processes", Map.of("id", "p3", "name", "Refund", "parentId", "d2"))
                .getStatusCode().value()).as("same name, other parent").isEqualTo(201);
        assertThat(post("/processes", Map.of("id", "p1", "name", "Other", "parentId", "d2")).getBody())
                .containsEntry("type", "urn:iwd:problem:id-taken");
        ResponseEntity<Map> busy = tenant.delete().uri("/departments/d1").retrieve().toEntity(Map.class);
        assertThat(busy.getStatusCode().value()).isEqualTo(409);
        assertThat(busy.getBody()).containsEntry("type", "urn:iwd:problem:has-children");
    }

    @Test
    void categoriesNestWithoutCycles() {
        post("/categories", Map.of("id", "a", "name", "A"));
        post("/categories", Map.of("id", "b", "name", "B", "parentId", "a"));
        ResponseEntity<Map> cycle = tenant.put().uri("/categories/a").body(Map.of("name", "A", "parentId", "b"))
                .retrieve().toEntity(Map.class);
        assertThat(cycle.getStatusCode().value()).isEqualTo(409);
        assertThat(cycle.getBody()).containsEntry("type", "urn:iwd:problem:parent-cycle");
    }

    @Test
    void businessCalendarsMustBeWellFormed() {
        Map<String, Object> good = Map.of("timeZone", "Europe/Paris",
                "weeklyHours", Map.of("MONDAY", List.of(Map.of("from", "08:00", "to", "12:00"),
                        Map.of("from", "13:00", "to", "18:00"))),
                "holidays", List.of("2026-12-25"));
        assertThat(post("/business-calendars", Map.of("id", "std", "name", "Standard", "settings", good))
                .getStatusCode().value()).isEqualTo(201);
        for (Map<String, ?> bad : List.<Map<String, ?>>of(
                Map.of("weeklyHours", Map.of()),
                Map.of("timeZone", "Nowhere/City", "weeklyHours", Map.of()),
                Map.of("timeZone", "UTC", "weeklyHours", Map.of("FUNDAY", List.of())),
                Map.of("timeZone", "UTC", "weeklyHours", Map.of("MONDAY", List.of(Map.of("from", "18:00",
                        "to", "08:00")))),
                Map.of("timeZone", "UTC", "weeklyHours", Map.of("MONDAY", List.of(Map.of("from", "08:00",
                        "to", "12:00"), Map.of("from", "11:00", "to", "13:00")))),
                Map.of("timeZone", "UTC", "weeklyHours", Map.of(), "holidays", List.of("25/12/2026")),
                Map.of("timeZone", "UTC", "weeklyHours", Map.of(), "colour", "blue"))) {
            ResponseEntity<Map> refused = post("/business-calendars", Map.of("name", "Bad " + bad.hashCode(),
                    "settings", bad));
            assertThat(refused.getStatusCode().value()).as(bad.toString()).isEqualTo(400);
            assertThat(refused.getBody()).containsEntry("type", "urn:iwd:problem:invalid-settings");
        }
    }

    @Test
    void sinceGivesExactlyWhatChangedAfterARevisionRetiredIncluded() {
        post("/queues", Map.of("id", "q1", "name", "One"));
        post("/queues", Map.of("id", "q2", "name", "Two"));
        long revision = ((Number) tenant.get().uri("/queues").retrieve().body(Map.class).get("revision")).longValue();
        assertThat(revision).isEqualTo(2);
        tenant.put().uri("/queues/q1").body(Map.of("name", "One bis")).retrieve().toBodilessEntity();
        tenant.delete().uri("/queues/q2").retrieve().toBodilessEntity();
        post("/queues", Map.of("id", "q3", "name", "Three"));
        Map<?, ?> changes = datamart.get().uri("/queues?since={r}", revision).retrieve().body(Map.class);
        assertThat(items(changes)).extracting(o -> o.get("id") + ":" + o.get("deleted"))
                .containsExactly("q1:false", "q2:true", "q3:false");
        assertThat(changes.get("revision")).isEqualTo(5);
    }

    @Test
    void listsPageInIdOrder() {
        for (int i = 0; i < 5; i++) {
            post("/capture-points", Map.of("id", "cp" + i, "name", "Capture " + i));
        }
        Map<?, ?> first = tenant.get().uri("/capture-points?limit=3").retrieve().body(Map.class);
        assertThat(items(first)).extracting(o -> o.get("id")).containsExactly("cp0", "cp1", "cp2");
        Map<?, ?> second = tenant.get().uri("/capture-points?limit=3&after={a}", first.get("next")).retrieve()
                .body(Map.class);
        assertThat(items(second)).extracting(o -> o.get("id")).containsExactly("cp3", "cp4");
        assertThat(second.get("next")).isNull();
    }

    @Test
    void theDatamartRoleReadsButDoesNotWriteAndOtherTenantsSeeNothing() {
        post("/solutions", Map.of("id", "s", "name", "S"));
        assertThat(datamart.get().uri("/solutions/s").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(200);
        assertThat(datamart.post().uri("/solutions").body(Map.of("name", "X")).retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(403);
        RestClient other = client(provision("cfg-other-" + System.nanoTime() % 1_000_000).get("tenant"));
        assertThat(other.get().uri("/solutions/s").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(404);
    }

    private ResponseEntity<Map> post(String path, Map<String, Object> body) {
        return tenant.post().uri(path).body(body).retrieve().toEntity(Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<?, ?> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> configEvents() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<Map<String, Object>> events;
        do {
            events = (List<Map<String, Object>>) datamart.get().uri("/reporting/config-events").retrieve()
                    .body(Map.class).get("events");
        }
        while (events.size() < 3 && System.nanoTime() < deadline);
        return events;
    }
}
