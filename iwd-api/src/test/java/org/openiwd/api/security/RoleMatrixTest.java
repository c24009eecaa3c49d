package org.openiwd.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openiwd.api.ApiIntegrationTest;
import org.openiwd.api.security.TenantFixture.Call;
import org.openiwd.api.web.ApiEndpoints;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call what, as DESIGN.md §4.1 and the controllers say, for every endpoint the application maps: a valid
 * request by a key of a role the endpoint does not allow is 403 and writes nothing; a read by a role it allows is
 * not refused. The cluster datamart and email keys act on the tenant named in {@code x-iwd-tenant} with their
 * role's rights and no more. An endpoint missing from the matrix fails the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixTest extends ApiIntegrationTest {

    /** A caller: a tenant key of a role, the admin key, or a cluster key acting on the tenant. */
    enum Principal { TENANT, IMPORT, DATAMART, EMAIL, ADMIN, CLUSTER_DATAMART, CLUSTER_EMAIL }

    private static final String V3 = "/iwd/v3";
    private static final String CLUSTER_EMAIL_KEY = "test-cluster-email-key";

    private static final Set<Principal> WRITERS = EnumSet.of(Principal.TENANT, Principal.IMPORT);
    /** Configuration reads: the Data Mart's too. */
    private static final Set<Principal> CONFIG_READERS = EnumSet.of(Principal.TENANT, Principal.IMPORT,
            Principal.DATAMART, Principal.CLUSTER_DATAMART);
    /** Mailboxes, email items and the outbound queue: the email service's too. */
    private static final Set<Principal> EMAIL_READERS = EnumSet.of(Principal.TENANT, Principal.IMPORT,
            Principal.EMAIL, Principal.CLUSTER_EMAIL);
    private static final Set<Principal> EMAIL_SERVICE = EnumSet.of(Principal.EMAIL, Principal.CLUSTER_EMAIL);
    private static final Set<Principal> FEED_READERS = CONFIG_READERS;
    private static final Set<Principal> ADMIN = EnumSet.of(Principal.ADMIN);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private TenantFixture tenant;

    @BeforeAll
    void aTenantWithEveryKindOfObject() throws InterruptedException {
        tenant = TenantFixture.create("roles", "r", client(ADMIN_KEY), this::client);
        // The sequencer positions the setup's events in the background: done before any snapshot is taken.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (jdbc.sql("SELECT (SELECT count(*) FROM task_event_pending)"
                + " + (SELECT count(*) FROM config_event WHERE feed_id IS NULL)").query(Long.class).single() > 0) {
            assertThat(System.nanoTime()).as("events positioned").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** The matrix: who may call each endpoint. */
    static Map<String, Set<Principal>> allowed() {
        Map<String, Set<Principal>> matrix = new LinkedHashMap<>();
        matrix.put("POST " + V3 + "/provisioning", ADMIN);
        matrix.put("PUT " + V3 + "/provisioning", ADMIN);
        // The cluster keys list the tenants to find the ones they serve.
        matrix.put("GET " + V3 + "/provisioning", EnumSet.of(Principal.ADMIN, Principal.CLUSTER_DATAMART,
                Principal.CLUSTER_EMAIL));
        matrix.put("DELETE " + V3 + "/provisioning/{tenantId}", ADMIN);
        matrix.put("POST " + V3 + "/provisioning/{tenantId}/keys", ADMIN);
        matrix.put("GET " + V3 + "/provisioning/{tenantId}/keys", ADMIN);
        matrix.put("DELETE " + V3 + "/provisioning/{tenantId}/keys/{keyId}", ADMIN);
        matrix.put("POST " + V3 + "/provisioning/{tenantId}/search-index/rebuild", ADMIN);
        matrix.put("GET " + V3 + "/provisioning/audit", ADMIN);
        matrix.put("GET " + V3 + "/tenant", EnumSet.complementOf(EnumSet.of(Principal.ADMIN)));
        for (String c : TenantFixture.COLLECTIONS) {
            matrix.put("POST " + V3 + "/" + c, WRITERS);
            matrix.put("GET " + V3 + "/" + c, CONFIG_READERS);
            matrix.put("GET " + V3 + "/" + c + "/{id}", CONFIG_READERS);
            matrix.put("PUT " + V3 + "/" + c + "/{id}", WRITERS);
            matrix.put("DELETE " + V3 + "/" + c + "/{id}", WRITERS);
        }
        // Mailbox configuration is the tenant key's; the email service reads it, reports status, reads secrets.
        matrix.put("POST " + V3 + "/mailboxes", WRITERS);
        matrix.put("GET " + V3 + "/mailboxes", EMAIL_READERS);
        matrix.put("GET " + V3 + "/mailboxes/{id}", EMAIL_READERS);
        matrix.put("PUT " + V3 + "/mailboxes/{id}", WRITERS);
        matrix.put("DELETE " + V3 + "/mailboxes/{id}", WRITERS);
        matrix.put("GET " + V3 + "/mailboxes/{id}/credentials", EMAIL_SERVICE);
        matrix.put("PUT " + V3 + "/mailboxes/{id}/status", EMAIL_SERVICE);
        matrix.put("POST " + V3 + "/emails", EMAIL_SERVICE);
        matrix.put("GET " + V3 + "/emails", EMAIL_READERS);
        matrix.put("GET " + V3 + "/emails/{id}", EMAIL_READERS);
        matrix.put("GET " + V3 + "/emails/{id}/attachments/{index}", EMAIL_READERS);
        matrix.put("GET " + V3 + "/emails/{id}/raw", EMAIL_READERS);
        matrix.put("POST " + V3 + "/emails/outbound", EMAIL_READERS);
        matrix.put("GET " + V3 + "/emails/outbound", EMAIL_READERS);
        matrix.put("GET " + V3 + "/emails/outbound/{id}", EMAIL_READERS);
        matrix.put("PUT " + V3 + "/emails/outbound/{id}/status", EMAIL_SERVICE);
        for (String feed : List.of("/reporting/events", "/reporting/config-events")) {
            matrix.put("GET " + V3 + feed, FEED_READERS);
            matrix.put("GET " + V3 + feed + "/head", FEED_READERS);
        }
        for (String task : List.of("POST /tasks", "GET /tasks", "GET /tasks/{id}", "PATCH /tasks/{id}",
                "GET /tasks/{id}/history", "POST /tasks/{id}/{action}",
                "POST /capture-points/{capturePointId}/tasks/{captureId}/{action}")) {
            matrix.put(task.replace(" ", " " + V3), WRITERS);
        }
        return matrix;
    }

    @Test
    void everyEndpointIsInTheMatrix() {
        Set<String> endpoints = new ApiEndpoints(mappings).all();
        Set<String> missing = new TreeSet<>(endpoints);
        missing.removeAll(allowed().keySet());
        assertThat(missing).as("endpoints with no row in the role matrix").isEmpty();
        assertThat(endpoints).as("no row for an endpoint that is gone").containsAll(allowed().keySet());
        assertThat(tenant.ownCalls().keySet()).as("a valid request for every endpoint")
                .containsAll(allowed().keySet());
    }

    @Test
    void everyRoleNotAllowedIsRefused403AndWritesNothing() {
        String before = rows();
        List<String> failures = new ArrayList<>();
        int refusals = 0;
        for (Map.Entry<String, Set<Principal>> row : allowed().entrySet()) {
            Call call = tenant.ownCalls().get(row.getKey());
            for (Principal principal : EnumSet.complementOf(EnumSet.copyOf(row.getValue()))) {
                ResponseEntity<String> response = send(principal, call);
                refusals++;
                if (response.getStatusCode().value() != 403
                        || !String.valueOf(response.getBody()).contains("urn:iwd:problem:forbidden")) {
                    failures.add(row.getKey() + " by " + principal + ": " + response.getStatusCode() + " "
                            + response.getBody());
                }
            }
        }
        assertThat(failures).as("of %d refusals", refusals).isEmpty();
        assertThat(refusals).isGreaterThan(200);
        assertThat(rows()).as("no refused request wrote anything").isEqualTo(before);
    }

    @Test
    void everyRoleAllowedToReadIsServed() {
        List<String> failures = new ArrayList<>();
        allowed().forEach((endpoint, principals) -> {
            if (!endpoint.startsWith("GET ")) {
                return;
            }
            Call call = tenant.ownCalls().get(endpoint);
            for (Principal principal : principals) {
                ResponseEntity<String> response = send(principal, call);
                if (!response.getStatusCode().is2xxSuccessful()) {
                    failures.add(endpoint + " by " + principal + ": " + response.getStatusCode() + " "
                            + response.getBody());
                }
            }
        });
        assertThat(failures).isEmpty();
    }

    private ResponseEntity<String> send(Principal principal, Call call) {
        return switch (principal) {
            case ADMIN -> TenantFixture.send(client(ADMIN_KEY), null, call);
            case CLUSTER_DATAMART -> TenantFixture.send(client(CLUSTER_DATAMART_KEY), tenant.id(), call);
            case CLUSTER_EMAIL -> TenantFixture.send(client(CLUSTER_EMAIL_KEY), tenant.id(), call);
            default -> TenantFixture.send(client(tenant.keys().get(principal.name().toLowerCase())), null, call);
        };
    }

    /** Every row of every table, but the audit log (refused provisioning is audited on purpose). */
    private String rows() {
        StringBuilder rows = new StringBuilder();
        for (String table : jdbc.sql("""
                SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
                AND table_type = 'BASE TABLE' AND table_name <> 'audit_log' ORDER BY table_name""")
                .query(String.class).list()) {
            rows.append(table).append('=').append(jdbc.sql("SELECT count(*) || ':' || coalesce(md5(string_agg("
                    + "t::text, E'\\n' ORDER BY t::text)), '') FROM \"" + table + "\" t").query(String.class)
                    .single()).append('\n');
        }
        return rows.toString();
    }
}
