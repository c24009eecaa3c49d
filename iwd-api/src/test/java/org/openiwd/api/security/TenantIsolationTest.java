package org.openiwd.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.web.client.RestClient;

/**
 * One tenant never sees or touches another's objects, on every endpoint: another tenant's object answers 404
 * (never revealing that it exists), lists and feeds hold only the caller's own, and idempotency is per tenant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTest extends ApiIntegrationTest {

    RestClient a;
    RestClient b;
    RestClient bDatamart;
    Object taskOfA;

    @BeforeAll
    void twoTenants() throws InterruptedException {
        a = client(provision("iso-a").get("tenant"));
        Map<String, String> keysB = provision("iso-b");
        b = client(keysB.get("tenant"));
        bDatamart = client(keysB.get("datamart"));
        configureProcesses(a, "pa");
        taskOfA = a.post().uri("/tasks").body(Map.of("captureId", "shared-id", "capturePointId", "crm",
                "processId", "pa")).retrieve().body(Map.class).get("id");
        Thread.sleep(300);
    }

    @Test
    void anotherTenantsTaskIs404OnEveryTaskEndpoint() {
        assertThat(status(b.get().uri("/tasks/{id}", taskOfA))).isEqualTo(404);
        assertThat(status(b.get().uri("/tasks/{id}/history", taskOfA))).isEqualTo(404);
        assertThat(status(b.patch().uri("/tasks/{id}", taskOfA).body(Map.of("priority", 1)))).isEqualTo(404);
        for (String action : List.of("assign", "transfer", "complete", "cancel", "reject", "hold", "resume",
                "restart")) {
            assertThat(status(b.post().uri("/tasks/{id}/{action}", taskOfA, action)
                    .body(Map.of("agentId", "x")))).as(action).isEqualTo(404);
            assertThat(status(b.post().uri("/capture-points/crm/tasks/shared-id/{action}", action)
                    .body(Map.of("agentId", "x")))).as(action + " by capture id").isEqualTo(404);
        }
        assertThat(a.get().uri("/tasks/{id}", taskOfA).retrieve().body(Map.class).get("status"))
                .as("untouched").isEqualTo("Queued");
    }

    @Test
    void anotherTenantsConfigurationIs404AndNotListed() {
        assertThat(status(b.get().uri("/processes/pa"))).isEqualTo(404);
        assertThat(status(b.put().uri("/processes/pa").body(Map.of("name", "mine", "parentId", "dept"))))
                .isEqualTo(404);
        assertThat(status(b.delete().uri("/departments/dept"))).isEqualTo(404);
        assertThat((List<?>) b.get().uri("/processes").retrieve().body(Map.class).get("items")).isEmpty();
        assertThat(a.get().uri("/processes/pa").retrieve().body(Map.class).get("deleted")).isEqualTo(false);
    }

    @Test
    void feedsHoldOnlyTheCallersOwnEvents() {
        List<?> eventsOfB = (List<?>) bDatamart.get().uri("/reporting/events").retrieve().body(Map.class)
                .get("events");
        assertThat(eventsOfB).noneMatch(e -> taskOfA.equals(((Map<?, ?>) e).get("taskId")));
        assertThat((List<?>) bDatamart.get().uri("/reporting/config-events").retrieve().body(Map.class)
                .get("events")).as("B has no configuration").isEmpty();
        Map<?, ?> ofA = client(CLUSTER_DATAMART_KEY).get().uri("/reporting/events")
                .header("x-iwd-tenant", "iso-a").retrieve().body(Map.class);
        assertThat((List<?>) ofA.get("events")).isNotEmpty();
    }

    @Test
    void theSameCaptureIdInAnotherTenantIsAnotherTask() {
        Object ofA = a.post().uri("/tasks").body(Map.of("captureId", "twin", "capturePointId", "web"))
                .retrieve().body(Map.class).get("id");
        Map<?, ?> ofB = b.post().uri("/tasks").body(Map.of("captureId", "twin", "capturePointId", "web"))
                .retrieve().body(Map.class);
        assertThat(ofB.get("id")).isNotEqualTo(ofA);
        assertThat(ofB.get("version")).as("a new task, not A's").isEqualTo(1);
    }

    @Test
    void aTenantKeyCannotProvisionOrSeeKeys() {
        assertThat(status(b.get().uri("/provisioning"))).isEqualTo(403);
        assertThat(status(b.get().uri("/provisioning/iso-a/keys"))).isEqualTo(403);
        assertThat(status(b.delete().uri("/provisioning/iso-a"))).isEqualTo(403);
    }

    private static int status(RestClient.RequestHeadersSpec<?> request) {
        return request.retrieve().toBodilessEntity().getStatusCode().value();
    }
}
