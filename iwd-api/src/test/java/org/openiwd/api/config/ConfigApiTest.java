package org.openiwd.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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

    /**
     * One kind of configuration object and its rules: the parent it needs (created first, in {@code setup}), a
     * parent it refuses, and settings good for create and update and bad ones.
     */
    record Kind(String collection, String wire, Map<String, Object> setup, String parentId,
            Map<String, Object> refusedParent, String refusedParentType, Map<String, Object> createSettings,
            Map<String, Object> updateSettings, Map<String, Object> badSettings) {

        @Override
        public String toString() {
            return collection;
        }
    }

    static List<Kind> kinds() {
        Map<String, Object> calendar = Map.of("timeZone", "Europe/Paris",
                "weeklyHours", Map.of("MONDAY", List.of(Map.of("from", "08:00", "to", "18:00"))));
        Map<String, Object> calendarBis = Map.of("timeZone", "America/New_York",
                "weeklyHours", Map.of("FRIDAY", List.of(Map.of("from", "09:00", "to", "17:00"))),
                "holidays", List.of("2026-07-04"));
        Map<String, Object> flat = Map.of("colour", "blue", "weight", 3);
        Map<String, Object> flatBis = Map.of("colour", "green", "active", true);
        Map<String, Object> nested = Map.of("colour", Map.of("r", 1));
        return List.of(
                new Kind("solutions", "solution", null, null,
                        Map.of("parentId", "x"), "no-parent", flat, flatBis, nested),
                new Kind("departments", "department", Map.of("/solutions", Map.of("id", "up", "name", "Up")), "up",
                        Map.of("parentId", "nowhere"), "unknown-parent", flat, flatBis, nested),
                new Kind("processes", "process", Map.of("/departments", Map.of("id", "up", "name", "Up")), "up",
                        Map.of(), "parent-required", flat, flatBis, nested),
                new Kind("categories", "category", Map.of("/categories", Map.of("id", "up", "name", "Up")), "up",
                        Map.of("parentId", "nowhere"), "unknown-parent", flat, flatBis, nested),
                new Kind("capture-points", "capture_point", null, null,
                        Map.of("parentId", "x"), "no-parent", flat, flatBis, nested),
                new Kind("queues", "queue", null, null,
                        Map.of("parentId", "x"), "no-parent", flat, flatBis, nested),
                new Kind("business-calendars", "business_calendar", null, null,
                        Map.of("parentId", "x", "settings", calendar), "no-parent", calendar, calendarBis,
                        Map.of("timeZone", "Europe/Paris")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    @SuppressWarnings("unchecked")
    void everyKindIsCreatedReadUpdatedAndRetiredVersionedWithAConfigurationEventPerChange(Kind kind) {
        if (kind.setup() != null) {
            kind.setup().forEach((path, parent) -> assertThat(post(path, (Map<String, Object>) parent)
                    .getStatusCode().value()).as("parent").isEqualTo(201));
        }
        String path = "/" + kind.collection();
        Map<String, Object> refused = new java.util.HashMap<>(Map.of("id", "o", "name", "Refused"));
        refused.putAll(kind.refusedParent());
        assertThat(problem(post(path, refused))).isEqualTo("400 urn:iwd:problem:" + kind.refusedParentType());
        assertThat(problem(post(path, body("o", "Bad", kind.parentId(), kind.badSettings()))))
                .isEqualTo("400 urn:iwd:problem:invalid-settings");

        ResponseEntity<Map> created = post(path, body("o", "First", kind.parentId(), kind.createSettings()));
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat(created.getHeaders().getLocation().getPath()).isEqualTo("/iwd/v3/" + kind.collection() + "/o");
        assertThat(created.getBody()).containsEntry("kind", kind.wire()).containsEntry("version", 1)
                .containsEntry("settings", kind.createSettings()).containsEntry("deleted", false);
        assertThat(created.getBody().get("parentId")).isEqualTo(kind.parentId());

        ResponseEntity<Map> read = tenant.get().uri(path + "/o").retrieve().toEntity(Map.class);
        assertThat(read.getHeaders().getETag()).isEqualTo("\"1\"");
        assertThat(read.getBody()).containsEntry("name", "First");
        assertThat(problem(tenant.put().uri(path + "/o").body(body(null, "Orphan", "nowhere", kind.createSettings()))
                .retrieve().toEntity(Map.class))).as("an update checks the parent too")
                .isEqualTo("400 urn:iwd:problem:" + (kind.parentId() == null ? "no-parent" : "unknown-parent"));

        ResponseEntity<Map> updated = tenant.put().uri(path + "/o").header("If-Match", "\"1\"")
                .body(body(null, "Second", kind.parentId(), kind.updateSettings())).retrieve().toEntity(Map.class);
        assertThat(updated.getStatusCode().value()).isEqualTo(200);
        assertThat(updated.getHeaders().getETag()).isEqualTo("\"2\"");
        assertThat(updated.getBody()).containsEntry("version", 2).containsEntry("name", "Second")
                .containsEntry("settings", kind.updateSettings());
        assertThat(problem(tenant.put().uri(path + "/o").header("If-Match", "\"1\"")
                .body(body(null, "Lost update", kind.parentId(), kind.updateSettings())).retrieve()
                .toEntity(Map.class))).isEqualTo("412 urn:iwd:problem:version-mismatch");

        ResponseEntity<Map> staleDelete = tenant.delete().uri(path + "/o").header("If-Match", "\"1\"").retrieve()
                .toEntity(Map.class);
        assertThat(problem(staleDelete)).isEqualTo("412 urn:iwd:problem:version-mismatch");
        assertThat(staleDelete.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(tenant.get().uri(path + "/o").retrieve().body(Map.class)).as("still live")
                .containsEntry("deleted", false).containsEntry("version", 2);

        ResponseEntity<Map> retired = tenant.delete().uri(path + "/o").header("If-Match", "\"2\"").retrieve()
                .toEntity(Map.class);
        assertThat(retired.getStatusCode().value()).isEqualTo(200);
        assertThat(retired.getHeaders().getETag()).isEqualTo("\"3\"");
        assertThat(retired.getBody()).containsEntry("deleted", true).containsEntry("version", 3);
        assertThat(items(tenant.get().uri(path).retrieve().body(Map.class))).extracting(o -> o.get("id"))
                .doesNotContain("o");
        assertThat(tenant.delete().uri(path + "/o").retrieve().toBodilessEntity().getStatusCode().value())
                .as("retired once").isEqualTo(404);

        List<Map<String, Object>> events = configEvents(kind.wire(), "o", 3);
        assertThat(events).extracting(e -> e.get("operation") + " v" + e.get("version"))
                .containsExactly("created v1", "updated v2", "deleted v3");
        assertThat(events).extracting(e -> (Object) ((Map<?, ?>) e.get("object")).get("name"))
                .containsExactly("First", "Second", "Second");
        assertThat(events).extracting(e -> (Object) ((Map<?, ?>) e.get("object")).get("settings"))
                .containsExactly(kind.createSettings(), kind.updateSettings(), kind.updateSettings());
        assertThat(events).extracting(e -> (Object) ((Map<?, ?>) e.get("object")).get("deleted"))
                .containsExactly(false, false, true);
    }

    @Test
    void aDeleteWithoutIfMatchRetiresWhateverTheVersion() {
        post("/queues", Map.of("id", "q", "name", "Q"));
        tenant.put().uri("/queues/q").body(Map.of("name", "Q2")).retrieve().toBodilessEntity();
        assertThat(tenant.delete().uri("/queues/q").retrieve().toEntity(Map.class).getBody())
                .containsEntry("deleted", true).containsEntry("version", 3);
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
    void anObjectChangedWhileAnIncrementalLoadPagesComesOnALaterPage() {
        for (int i = 1; i <= 5; i++) {
            post("/queues", Map.of("id", "q" + i, "name", "Queue " + i));
        }
        List<Map<String, Object>> seen = new ArrayList<>();
        Map<?, ?> page = datamart.get().uri("/queues?since=0&limit=2").retrieve().body(Map.class);
        seen.addAll(items(page));
        assertThat(items(page)).extracting(o -> o.get("id")).containsExactly("q1", "q2");
        tenant.put().uri("/queues/q1").body(Map.of("name", "Queue 1 bis")).retrieve().toBodilessEntity();
        while (page.get("next") != null) {
            page = datamart.get().uri("/queues?since=0&limit=2&after={a}", page.get("next")).retrieve()
                    .body(Map.class);
            seen.addAll(items(page));
        }
        assertThat(seen).extracting(o -> o.get("id") + ":" + o.get("name")).as("in revision order")
                .containsExactly("q1:Queue 1", "q2:Queue 2", "q3:Queue 3", "q4:Queue 4", "q5:Queue 5",
                        "q1:Queue 1 bis");
        long kept = ((Number) page.get("revision")).longValue();
        assertThat(kept).isEqualTo(6);

        tenant.put().uri("/queues/q2").body(Map.of("name", "Queue 2 bis")).retrieve().toBodilessEntity();
        assertThat(items(datamart.get().uri("/queues?since={r}", kept).retrieve().body(Map.class)))
                .extracting(o -> o.get("id") + ":" + o.get("name")).containsExactly("q2:Queue 2 bis");
    }

    @Test
    void aFirstLoadKeepsItsFirstPagesRevisionSoAChangeWhilePagingComesWithTheNextIncrementalLoad() {
        for (int i = 1; i <= 5; i++) {
            post("/capture-points", Map.of("id", "cp" + i, "name", "Capture " + i));
        }
        Map<?, ?> page = datamart.get().uri("/capture-points?limit=2").retrieve().body(Map.class);
        assertThat(page.get("revision")).isEqualTo(5);
        tenant.put().uri("/capture-points/cp1").body(Map.of("name", "Capture 1 bis")).retrieve().toBodilessEntity();
        List<Object> ids = new ArrayList<>(items(page).stream().map(o -> o.get("id")).toList());
        while (page.get("next") != null) {
            page = datamart.get().uri("/capture-points?limit=2&after={a}", page.get("next")).retrieve()
                    .body(Map.class);
            ids.addAll(items(page).stream().map(o -> o.get("id")).toList());
            assertThat(page.get("revision")).as("every page of the load").isEqualTo(5);
        }
        assertThat(ids).containsExactly("cp1", "cp2", "cp3", "cp4", "cp5");
        assertThat(items(datamart.get().uri("/capture-points?since={r}", page.get("revision")).retrieve()
                .body(Map.class))).extracting(o -> o.get("id") + ":" + o.get("name"))
                .containsExactly("cp1:Capture 1 bis");
    }

    @Test
    void aCursorOfTheOtherKindOfLoadOrForgedIsA400() {
        post("/queues", Map.of("id", "q1", "name", "One"));
        post("/queues", Map.of("id", "q2", "name", "Two"));
        String firstLoad = (String) tenant.get().uri("/queues?limit=1").retrieve().body(Map.class).get("next");
        String incremental = (String) tenant.get().uri("/queues?since=0&limit=1").retrieve().body(Map.class)
                .get("next");
        assertThat(problem(tenant.get().uri("/queues?since=0&after={a}", firstLoad).retrieve().toEntity(Map.class)))
                .isEqualTo("400 urn:iwd:problem:invalid-cursor");
        assertThat(problem(tenant.get().uri("/queues?after={a}", incremental).retrieve().toEntity(Map.class)))
                .isEqualTo("400 urn:iwd:problem:invalid-cursor");
        assertThat(problem(tenant.get().uri("/queues?after=q1").retrieve().toEntity(Map.class)))
                .isEqualTo("400 urn:iwd:problem:invalid-cursor");
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

    /** The tenant's configuration events about one object, waiting until {@code count} are sequenced. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> configEvents(String kind, String objectId, int count) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<Map<String, Object>> events;
        do {
            events = ((List<Map<String, Object>>) datamart.get().uri("/reporting/config-events").retrieve()
                    .body(Map.class).get("events")).stream()
                    .filter(e -> kind.equals(e.get("kind")) && objectId.equals(e.get("objectId"))).toList();
        }
        while (events.size() < count && System.nanoTime() < deadline);
        return events;
    }

    private static Map<String, Object> body(String id, String name, String parentId, Map<String, Object> settings) {
        Map<String, Object> body = new java.util.HashMap<>();
        if (id != null) {
            body.put("id", id);
        }
        body.put("name", name);
        if (parentId != null) {
            body.put("parentId", parentId);
        }
        body.put("settings", settings);
        return body;
    }

    private static String problem(ResponseEntity<Map> response) {
        return response.getStatusCode().value() + " " + response.getBody().get("type");
    }
}
