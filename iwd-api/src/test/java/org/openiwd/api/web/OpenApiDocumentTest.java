package org.openiwd.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.openiwd.api.lifecycle.TaskAction;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document is the clients' reference, so it must describe what the application really serves: every
 * mapped operation and no other, the key on all of them, problems for errors, and the hand-written feed pages as
 * they are written. Fetched without a key, as a client would.
 */
class OpenApiDocumentTest extends ApiIntegrationTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head",
            "options", "trace");
    /** A path variable limited to literal alternatives, documented as one path per alternative. */

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    JsonNode document;

    @BeforeEach
    void fetchWithoutAKey() {
        ResponseEntity<JsonNode> response = anonymous().get().uri("/iwd/v3/openapi.json").retrieve()
                .toEntity(JsonNode.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        document = response.getBody();
    }

    @Test
    void documentsExactlyTheOperationsTheApplicationMaps() {
        Set<String> mapped = new ApiEndpoints(mappings).all();
        Set<String> documented = new TreeSet<>();
        document.get("paths").forEachEntry((path, item) -> item.propertyNames().stream()
                .filter(HTTP_METHODS::contains).forEach(method -> documented.add(method.toUpperCase() + " " + path)));

        assertThat(mapped).as("the configuration collections are mapped").contains("GET /iwd/v3/solutions",
                "PUT /iwd/v3/business-calendars/{id}");
        assertThat(documented).isEqualTo(mapped);
        assertThat(operationsOfDocument().map(op -> op.path("operationId").asString()).toList())
                .as("operation ids, unique for client generators").doesNotHaveDuplicates().doesNotContain("");
    }

    @Test
    void everyOperationNeedsTheApiKeyAndAnswersErrorsAsProblems() {
        JsonNode scheme = document.at("/components/securitySchemes/apiKey");
        assertThat(scheme.path("type").asString()).isEqualTo("apiKey");
        assertThat(scheme.path("in").asString()).isEqualTo("header");
        assertThat(scheme.path("name").asString()).isEqualTo("x-api-key");
        assertThat(document.at("/security/0").has("apiKey")).as("required by default").isTrue();
        assertThat(document.at("/components/schemas/Problem/properties").propertyNames())
                .contains("type", "title", "status", "detail", "instance");
        assertThat(document.at("/components/responses/Conflict/content/application~1problem+json/schema/$ref")
                .asString()).isEqualTo("#/components/schemas/Problem");

        operationsOfDocument().forEach(op -> {
            assertThat(op.has("security")).as("no operation opts out of the key").isFalse();
            JsonNode responses = op.get("responses");
            assertThat(responses.at("/401/$ref").asString()).isEqualTo("#/components/responses/Unauthorized");
            assertThat(responses.at("/403/$ref").asString()).isEqualTo("#/components/responses/Forbidden");
            assertThat(responses.at("/429/$ref").asString()).isEqualTo("#/components/responses/TooManyRequests");
            responses.forEachEntry((status, response) -> {
                if (status.startsWith("4")) {
                    assertThat(response.path("$ref").asString()).as(status).startsWith("#/components/responses/");
                }
            });
            boolean ifMatch = op.path("parameters").valueStream()
                    .anyMatch(p -> p.path("$ref").asString().equals("#/components/parameters/IfMatch"));
            assertThat(responses.has("412")).as("412 exactly where If-Match is taken").isEqualTo(ifMatch);
        });
        assertThat(document.at("/paths/~1iwd~1v3~1tasks~1{id}/patch/responses/200/headers/ETag/$ref").asString())
                .isEqualTo("#/components/headers/ETag");
        assertThat(document.at("/components/parameters/TenantHeader/name").asString()).isEqualTo("x-iwd-tenant");
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref -> assertThat(document.at(ref.substring(1)).isMissingNode())
                .as(ref).isFalse());
    }

    @Test
    void theInteractiveUiAnswersWithoutAKey() {
        ResponseEntity<String> docs = anonymous().get().uri("/iwd/v3/docs").retrieve().toEntity(String.class);
        String page = docs.getStatusCode().is3xxRedirection() ? docs.getHeaders().getLocation().toString()
                : "/iwd/v3/docs";
        for (String path : List.of(page, "/iwd/v3/swagger-ui/swagger-ui-bundle.js",
                "/iwd/v3/openapi.json/swagger-config")) {
            assertThat(anonymous().get().uri(path).retrieve().toBodilessEntity().getStatusCode().value())
                    .as(path).isEqualTo(200);
        }
        assertThat(anonymous().get().uri(page).retrieve().body(String.class)).contains("swagger-ui");
        assertThat(anonymous().get().uri("/iwd/v3/swagger-ui/x/../../tasks/1").retrieve().toBodilessEntity()
                .getStatusCode().is4xxClientError()).as("no way around the key through the UI's files").isTrue();
    }

    @Test
    void theActionsDocumentedAreTheLifecycleActions() {
        List<String> actions = Arrays.stream(TaskAction.values()).map(TaskAction::wireName).toList();
        for (String path : List.of("/iwd/v3/tasks/{id}/{action}",
                "/iwd/v3/capture-points/{capturePointId}/tasks/{captureId}/{action}")) {
            JsonNode action = document.get("paths").get(path).at("/post/parameters").valueStream()
                    .filter(p -> p.path("name").asString().equals("action")).findFirst().orElseThrow();
            assertThat(action.at("/schema/enum").valueStream().map(JsonNode::asString).toList())
                    .as(path).containsExactlyInAnyOrderElementsOf(actions);
        }
    }

    @Test
    void theFeedPagesWrittenByHandMatchTheirSchemas() throws InterruptedException {
        RestClient tenant = client(provision("docs").get("tenant"));
        configureProcesses(tenant, "p");
        Object id = tenant.post().uri("/tasks").body(Map.of("captureId", "c1", "capturePointId", "crm",
                "processId", "p", "priority", 3, "dueAt", "2030-01-01T00:00:00Z", "attributes", Map.of("a", 1)))
                .retrieve().body(Map.class).get("id");
        tenant.post().uri("/tasks/{id}/assign", id).body(Map.of("agentId", "ann")).retrieve().toBodilessEntity();

        assertMatches(waitForEvents(tenant, "/reporting/events", 3), "TaskEventPage", "TaskEvent");
        assertMatches(waitForEvents(tenant, "/reporting/config-events", 2), "ConfigEventPage", "ConfigEvent");
    }

    private void assertMatches(JsonNode page, String pageSchema, String eventSchema) {
        assertThat(page.propertyNames()).containsExactlyInAnyOrderElementsOf(
                document.at("/components/schemas/" + pageSchema + "/properties").propertyNames());
        JsonNode schema = document.at("/components/schemas/" + eventSchema);
        List<String> required = schema.get("required").valueStream().map(JsonNode::asString).toList();
        page.get("events").forEach(event -> {
            assertThat(event.propertyNames()).as(eventSchema).containsAll(required);
            event.forEachEntry((name, value) -> {
                JsonNode property = schema.at("/properties/" + name);
                assertThat(property.isMissingNode()).as(eventSchema + "." + name + " is documented").isFalse();
                String type = property.has("$ref") ? "object" : property.path("type").asString();
                assertThat(type).as(eventSchema + "." + name).isEqualTo(value.isString() ? "string"
                        : value.isIntegralNumber() ? "integer" : value.isObject() ? "object" : value.getNodeType()
                                .toString());
            });
        });
    }

    private JsonNode waitForEvents(RestClient reader, String feed, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode page;
        do {
            Thread.sleep(50);
            page = reader.get().uri(feed).retrieve().body(JsonNode.class);
        }
        while (page.get("events").size() < count && System.nanoTime() < deadline);
        assertThat(page.get("events").size()).as(feed).isGreaterThanOrEqualTo(count);
        return page;
    }

    private Stream<JsonNode> operationsOfDocument() {
        return document.get("paths").valueStream().flatMap(item -> item.propertyStream()
                .filter(e -> HTTP_METHODS.contains(e.getKey())).map(Map.Entry::getValue));
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject() && node.has("$ref")) {
            refs.add(node.get("$ref").asString());
        }
        node.values().forEach(child -> collectRefs(child, refs));
    }

    private RestClient anonymous() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }
}
