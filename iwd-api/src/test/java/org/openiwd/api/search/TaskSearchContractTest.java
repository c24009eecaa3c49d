package org.openiwd.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The search contract, which every backend passes: a fixed data set created through the API, and each filter,
 * full text, each sort in both directions, cursor paging, tenant isolation, roles and bad parameters, checked
 * against an oracle written in plain Java. Every answer must come from {@link #backend()}, named by the
 * {@code x-iwd-search-backend} header.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TaskSearchContractTest extends ApiIntegrationTest {

    private static final String[] SUBJECTS = {"Invoice", "Refund", "Delivery", "Complaint", "Address"};
    private static final String[] TOPICS = {"parcel", "payment", "contract"};
    private static final String[] COLORS = {"red", "blue", "green"};
    private static final int TASKS = 30;

    /** The tasks of tenant alpha as the API shows them, by id, after the data set is built. */
    private final Map<Long, Map<String, Object>> tasks = new LinkedHashMap<>();
    private final Set<Long> betaIds = new HashSet<>();
    private Map<String, String> alphaKeys;
    private Map<String, String> betaKeys;
    private RestClient alpha;
    private Instant dueBase;

    /** The backend that must answer every search. */
    abstract String backend();

    /** Waits until the backend sees every change made so far. */
    abstract void awaitSearchable();

    @BeforeAll
    void createDataSet() {
        alphaKeys = provision("alpha");
        betaKeys = provision("beta");
        alpha = client(alphaKeys.get("tenant"));
        configureProcesses(alpha, "p1", "p2");
        dueBase = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<Integer, Long> ids = new LinkedHashMap<>();
        for (int i = 1; i <= TASKS; i++) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("color", COLORS[i % 3]);
            attributes.put("size", i % 4 == 0 ? new BigDecimal("5.50") : i % 4);
            attributes.put("vip", i % 2 == 0);
            attributes.put("note", i % 5 == 0 ? "Zebra crossing" : "plain");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("captureId", "c%02d".formatted(i));
            body.put("capturePointId", i % 3 == 0 ? null : i % 3 == 1 ? "cp-web" : "cp-mail");
            body.put("queueId", i % 4 == 0 ? null : "q" + (i % 2 + 1));
            body.put("departmentId", i % 5 == 0 ? null : i % 2 == 0 ? "dept" : "sales");
            body.put("processId", i % 6 == 0 ? null : i % 2 == 0 ? "p1" : "p2");
            body.put("categoryId", i % 2 == 0 ? "cat-a" : "cat-b");
            body.put("solutionId", i % 3 == 0 ? "sol1" : "sol2");
            body.put("mediaType", i % 2 == 0 ? "email" : "web");
            body.put("priority", i % 7 == 0 ? null : (i * 37) % 11);
            body.put("businessValue", i);
            body.put("dueAt", i % 5 == 1 ? null : dueBase.plus((i % 9) - 4, ChronoUnit.DAYS).toString());
            body.put("subject", SUBJECTS[i % 5] + " " + (i % 2 == 0 ? "urgent" : "normal"));
            body.put("description", "The customer wrote about a " + TOPICS[i % 3] + ".");
            body.put("attributes", attributes);
            long id = ((Number) alpha.post().uri("/tasks").body(body).retrieve().body(Map.class).get("id"))
                    .longValue();
            ids.put(i, id);
        }
        act(ids.get(3), "assign", Map.of("agentId", "agent-1"));
        act(ids.get(8), "assign", Map.of("agentId", "agent-1"));
        act(ids.get(10), "assign", Map.of("agentId", "agent-2"));
        act(ids.get(5), "complete", Map.of());
        act(ids.get(12), "cancel", Map.of("reason", "duplicate"));
        act(ids.get(14), "hold", Map.of("reason", "waiting"));
        alpha.patch().uri("/tasks/{id}", ids.get(7)).body(Map.of("subject", "Rewritten headline", "priority", 9))
                .retrieve().toBodilessEntity();
        RestClient beta = client(betaKeys.get("tenant"));
        for (int i = 1; i <= 3; i++) {
            Map<?, ?> created = beta.post().uri("/tasks").body(Map.of("captureId", "c%02d".formatted(i),
                    "subject", "Invoice urgent", "queueId", "q1", "attributes", Map.of("color", "red")))
                    .retrieve().body(Map.class);
            betaIds.add(((Number) created.get("id")).longValue());
        }
        for (long id : ids.values()) {
            tasks.put(id, alpha.get().uri("/tasks/{id}", id).retrieve().body(Map.class));
        }
        awaitSearchable();
    }

    private void act(long id, String action, Map<String, Object> body) {
        assertThat(alpha.post().uri("/tasks/{id}/{action}", id, action).body(body).retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- filters

    static Stream<Arguments> equalityFilters() {
        return Stream.of(
                Arguments.of("status=Queued", field("status", "Queued")),
                Arguments.of("status=Assigned,Completed,Held", field("status", "Assigned", "Completed", "Held")),
                Arguments.of("status=Canceled&status=New", field("status", "Canceled", "New")),
                Arguments.of("queueId=q1", field("queueId", "q1")),
                Arguments.of("departmentId=dept", field("departmentId", "dept")),
                Arguments.of("processId=p2", field("processId", "p2")),
                Arguments.of("categoryId=cat-a", field("categoryId", "cat-a")),
                Arguments.of("capturePointId=cp-web,cp-mail", field("capturePointId", "cp-web", "cp-mail")),
                Arguments.of("agentId=agent-1", field("agentId", "agent-1")),
                Arguments.of("solutionId=sol1", field("solutionId", "sol1")),
                Arguments.of("mediaType=email", field("mediaType", "email")),
                Arguments.of("queueId=nowhere", field("queueId", "nowhere")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("equalityFilters")
    void equalityFiltersMatchAnyOfTheirValues(String query, Predicate<Map<String, Object>> expected) {
        assertSearch(query, expected);
    }

    @Test
    void priorityRangeIsInclusiveAndSkipsTasksWithoutPriority() {
        assertSearch("priorityMin=3", t -> priority(t) != null && priority(t) >= 3);
        assertSearch("priorityMax=5", t -> priority(t) != null && priority(t) <= 5);
        assertSearch("priorityMin=3&priorityMax=5", t -> priority(t) != null && priority(t) >= 3 && priority(t) <= 5);
    }

    @Test
    void dueRangeIncludesItsStartAndExcludesItsEnd() {
        Instant from = dueBase.minus(1, ChronoUnit.DAYS);
        Instant before = dueBase.plus(2, ChronoUnit.DAYS);
        assertSearch("dueAfter=" + from, t -> time(t, "dueAt") != null && !time(t, "dueAt").isBefore(from));
        assertSearch("dueBefore=" + before, t -> time(t, "dueAt") != null && time(t, "dueAt").isBefore(before));
        assertSearch("dueAfter=" + from + "&dueBefore=" + before, t -> time(t, "dueAt") != null
                && !time(t, "dueAt").isBefore(from) && time(t, "dueAt").isBefore(before));
    }

    @Test
    void createdRangeIncludesItsStartAndExcludesItsEnd() {
        List<Instant> created = tasks.values().stream().map(t -> time(t, "createdAt")).sorted().toList();
        Instant from = created.get(10);
        Instant before = created.get(20);
        assertSearch("createdAfter=" + from, t -> !time(t, "createdAt").isBefore(from));
        assertSearch("createdAfter=" + from + "&createdBefore=" + before,
                t -> !time(t, "createdAt").isBefore(from) && time(t, "createdAt").isBefore(before));
    }

    @Test
    void overdueMeansDuePassedAndNotFinal() {
        Predicate<Map<String, Object>> overdue = t -> time(t, "dueAt") != null
                && time(t, "dueAt").isBefore(Instant.now())
                && !List.of("Completed", "Canceled", "Rejected").contains(t.get("status"));
        assertThat(tasks.values().stream().filter(overdue).count()).isBetween(3L, 25L);
        assertSearch("overdue=true", overdue);
        assertSearch("overdue=false", overdue.negate());
    }

    @Test
    void attributesCompareByTheirJsonText() {
        assertSearch("attr.color=red", attribute("color", "red"));
        assertSearch("attr.color=red&attr.color=blue", attribute("color", "red", "blue"));
        assertSearch("attr.vip=true", attribute("vip", "true"));
        assertSearch("attr.size=2", attribute("size", "2"));
        // The API stores numbers as it read them: 5.50 was stored as 5.5, and matches only as that.
        assertSearch("attr.size=5.5", attribute("size", "5.5"));
        assertThat(ids("attr.size=5.5")).hasSize(7);
        assertSearch("attr.size=5.50", t -> false);
        assertSearch("attr.color=red&attr.vip=false", attribute("color", "red").and(attribute("vip", "false")));
        assertSearch("attr.nothing=red", t -> false);
    }

    @Test
    void filtersCombineWithAnd() {
        assertSearch("status=Queued&queueId=q1&q=urgent&priorityMin=2&sort=priority&order=desc",
                field("status", "Queued").and(field("queueId", "q1")).and(words("urgent"))
                        .and(t -> priority(t) != null && priority(t) >= 2));
    }

    // ---------------------------------------------------------------- full text

    @Test
    void fullTextFindsWholeWordsOfSubjectDescriptionAndStringAttributesWhateverTheirCase() {
        assertSearch("q=invoice", words("invoice"));
        assertSearch("q=INVOICE%20Urgent", words("invoice", "urgent"));
        assertSearch("q=payment", words("payment"));
        assertSearch("q=zebra", words("zebra"));
        assertSearch("q=crossing%20zebra", words("zebra", "crossing"));
        assertSearch("q=green", words("green"));
        assertSearch("q=rewritten", words("rewritten"));
        assertSearch("q=invoice,%20refund!", words("invoice", "refund"));
    }

    @Test
    void fullTextIgnoresNumbersPartsOfWordsAndOldVersions() {
        assertSearch("q=5", t -> false);
        assertSearch("q=invoic", t -> false);
        assertSearch("q=nothing", t -> false);
        // Task 7's first subject ("Address normal") was replaced by a PATCH: only the current version is found.
        assertSearch("q=headline", words("headline"));
        assertThat(ids("q=headline")).hasSize(1);
    }

    // ---------------------------------------------------------------- sort and paging

    static Stream<Arguments> sorts() {
        return Stream.of(
                Arguments.of("priority", false), Arguments.of("priority", true),
                Arguments.of("dueAt", false), Arguments.of("dueAt", true),
                Arguments.of("createdAt", false), Arguments.of("createdAt", true));
    }

    @ParameterizedTest(name = "sort={0} desc={1}")
    @MethodSource("sorts")
    void eachSortPagesThroughEveryTaskInOrderWithoutGapsOrDuplicates(String sort, boolean descending) {
        String query = "sort=" + sort + "&order=" + (descending ? "desc" : "asc");
        for (int limit : new int[] {1, 4, 7, 200}) {
            assertThat(pagedIds(query, limit)).as("%s, pages of %d", query, limit)
                    .containsExactlyElementsOf(expected(query, t -> true));
        }
    }

    @Test
    void defaultIsOldestFirstInPagesOfFifty() {
        ResponseEntity<Map> page = search(alphaKeys.get("tenant"), "");
        assertThat(ids(page)).containsExactlyElementsOf(expected("sort=createdAt", t -> true));
        assertThat(page.getBody().get("next")).isNull();
    }

    @Test
    void lastPageHasNoCursorEvenWhenItIsFull() {
        assertThat(search(alphaKeys.get("tenant"), "limit=" + TASKS).getBody().get("next")).isNull();
        assertThat(search(alphaKeys.get("tenant"), "limit=" + (TASKS - 1)).getBody().get("next")).isNotNull();
    }

    @Test
    void tasksAreShownAsGetTaskShowsThem() {
        ResponseEntity<Map> page = search(alphaKeys.get("tenant"), "sort=priority&limit=5");
        for (Object task : (List<?>) page.getBody().get("tasks")) {
            long id = ((Number) ((Map<?, ?>) task).get("id")).longValue();
            assertThat(task).isEqualTo(tasks.get(id));
        }
    }

    // ---------------------------------------------------------------- tenants and roles

    @Test
    void aTenantSeesOnlyItsOwnTasks() {
        ResponseEntity<Map> beta = search(betaKeys.get("tenant"), "q=invoice&limit=200");
        assertThat(ids(beta)).containsExactlyInAnyOrderElementsOf(betaIds);
        assertThat(pagedIds("sort=priority", 200)).hasSize(TASKS).noneMatch(betaIds::contains);
        assertThat(pagedIds("attr.color=red&queueId=q1", 3)).isNotEmpty().noneMatch(betaIds::contains);
    }

    @Test
    void tenantAndImportKeysMaySearchOtherRolesMayNot() {
        String importKey = (String) client(ADMIN_KEY).post().uri("/provisioning/alpha/keys")
                .body(Map.of("role", "import")).retrieve().body(Map.class).get("key");
        assertThat(search(importKey, "q=invoice").getStatusCode().value()).isEqualTo(200);
        assertThat(client(alphaKeys.get("datamart")).get().uri("/tasks").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(403);
        assertThat(client(alphaKeys.get("email")).get().uri("/tasks").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(403);
        assertThat(client("wrong").get().uri("/tasks").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(401);
    }

    // ---------------------------------------------------------------- bad parameters

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("limit=0", "invalid-parameter"), Arguments.of("limit=201", "invalid-parameter"),
                Arguments.of("limit=ten", "invalid-parameter"), Arguments.of("limit=5&limit=6", "invalid-parameter"),
                Arguments.of("sort=subject", "invalid-parameter"), Arguments.of("order=up", "invalid-parameter"),
                Arguments.of("status=Done", "invalid-parameter"), Arguments.of("queueId=a%20b", "invalid-parameter"),
                Arguments.of("priorityMin=high", "invalid-parameter"),
                Arguments.of("dueBefore=tomorrow", "invalid-parameter"),
                Arguments.of("createdAfter=2025-01-01", "invalid-parameter"),
                Arguments.of("overdue=maybe", "invalid-parameter"), Arguments.of("q=%3F%21", "invalid-parameter"),
                Arguments.of("attr.bad-name=1", "invalid-parameter"),
                Arguments.of("colour=red", "unknown-parameter"),
                Arguments.of("cursor=bm90IGEgY3Vyc29y", "invalid-cursor"),
                Arguments.of("cursor=abc!", "invalid-cursor"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void badParametersAreA400ProblemNamingThem(String query, String code) {
        ResponseEntity<Map> response = search(alphaKeys.get("tenant"), query);
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(response.getBody().get("type")).isEqualTo("urn:iwd:problem:" + code);
        assertThat(response.getBody().get("parameter")).isNotNull();
    }

    @Test
    void aCursorPagesOnlyTheSortAndOrderItCameFrom() {
        String next = (String) search(alphaKeys.get("tenant"), "sort=priority&limit=2").getBody().get("next");
        assertThat(search(alphaKeys.get("tenant"), "sort=priority&limit=2&cursor=" + next).getStatusCode().value())
                .isEqualTo(200);
        ResponseEntity<Map> other = search(alphaKeys.get("tenant"), "sort=dueAt&cursor=" + next);
        assertThat(other.getStatusCode().value()).isEqualTo(400);
        assertThat(other.getBody().get("type")).isEqualTo("urn:iwd:problem:invalid-cursor");
        assertThat(search(alphaKeys.get("tenant"), "sort=priority&order=desc&cursor=" + next).getStatusCode()
                .value()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- the oracle

    /** Searches page by page and checks the result against the oracle, in order. */
    private void assertSearch(String query, Predicate<Map<String, Object>> matches) {
        assertThat(pagedIds(query, 4)).as(query).containsExactlyElementsOf(expected(query, matches));
    }

    /** The ids the oracle expects for {@code query}: matches, in the query's sort order. */
    private List<Long> expected(String query, Predicate<Map<String, Object>> matches) {
        Map<String, String> params = UriComponentsBuilder.fromUriString("/?" + query).build().getQueryParams()
                .toSingleValueMap();
        String sort = params.getOrDefault("sort", "createdAt");
        Function<Map<String, Object>, Long> key = switch (sort) {
            case "priority" -> t -> priority(t) == null ? Long.MAX_VALUE : priority(t).longValue();
            case "dueAt" -> t -> time(t, "dueAt") == null ? Long.MAX_VALUE : time(t, "dueAt").toEpochMilli();
            default -> t -> time(t, "createdAt").toEpochMilli();
        };
        Comparator<Map<String, Object>> order = Comparator.comparing(key)
                .thenComparing(t -> ((Number) t.get("id")).longValue());
        if ("desc".equals(params.get("order"))) {
            order = order.reversed();
        }
        return tasks.values().stream().filter(matches).sorted(order).map(t -> ((Number) t.get("id")).longValue())
                .toList();
    }

    private List<Long> pagedIds(String query, int limit) {
        List<Long> all = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages <= TASKS + 1; pages++) {
            ResponseEntity<Map> page = search(alphaKeys.get("tenant"), query + "&limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + cursor));
            List<Long> ids = ids(page);
            assertThat(ids.size()).isLessThanOrEqualTo(limit);
            assertThat(ids).as("a page repeats a task").noneMatch(all::contains);
            all.addAll(ids);
            cursor = (String) page.getBody().get("next");
            if (cursor == null) {
                return all;
            }
            assertThat(ids).as("a page with a next cursor is full").hasSize(limit);
        }
        throw new AssertionError("paging did not end");
    }

    private List<Long> ids(String query) {
        return ids(search(alphaKeys.get("tenant"), query));
    }

    private ResponseEntity<Map> search(String key, String query) {
        // A URI, not a template: the query is sent as written, percent-escapes included.
        ResponseEntity<Map> response = client(key).get()
                .uri(URI.create("http://127.0.0.1:" + port + "/iwd/v3/tasks?" + query)).retrieve().toEntity(Map.class);
        if (response.getStatusCode().value() == 200) {
            assertThat(response.getHeaders().getFirst(SearchController.BACKEND_HEADER)).as("backend of " + query)
                    .isEqualTo(backend());
        }
        return response;
    }

    private static List<Long> ids(ResponseEntity<Map> page) {
        assertThat(page.getStatusCode().value()).as(String.valueOf(page.getBody())).isEqualTo(200);
        return ((List<?>) page.getBody().get("tasks")).stream()
                .map(task -> ((Number) ((Map<?, ?>) task).get("id")).longValue()).toList();
    }

    private static Predicate<Map<String, Object>> field(String name, String... values) {
        return t -> Arrays.asList(values).contains(t.get(name));
    }

    /** The attribute's JSON text as stored: what {@code ->>} gives in PostgreSQL. */
    private static Predicate<Map<String, Object>> attribute(String name, String... values) {
        return t -> {
            Object value = ((Map<?, ?>) t.get("attributes")).get(name);
            return value != null && Arrays.asList(values).contains(value.toString());
        };
    }

    /** Every word occurs, whole and in any case, in the subject, the description or a string attribute. */
    private static Predicate<Map<String, Object>> words(String... words) {
        return t -> {
            List<String> text = new ArrayList<>();
            text.add((String) t.get("subject"));
            text.add((String) t.get("description"));
            ((Map<?, ?>) t.get("attributes")).values().stream().filter(String.class::isInstance)
                    .forEach(value -> text.add((String) value));
            Set<String> present = new HashSet<>();
            for (String part : text) {
                if (part != null) {
                    present.addAll(List.of(part.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")));
                }
            }
            return present.containsAll(List.of(words));
        };
    }

    private static Integer priority(Map<String, Object> task) {
        return (Integer) task.get("priority");
    }

    private static Instant time(Map<String, Object> task, String name) {
        Object value = task.get(name);
        return value == null ? null : Instant.parse((String) value).truncatedTo(ChronoUnit.MILLIS);
    }
}
