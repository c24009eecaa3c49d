package org.openiwd.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * A contact centre's back-office day, replayed through the real API with an import key so that every event has
 * its time on that day: tasks arrive from 08:00 to 18:00 (busiest mid-morning) through three capture points, are
 * classified into four processes (one in ten arrives unclassified and stays New), wait, are assigned to agents,
 * are sometimes held and resumed, and end completed, canceled or rejected, or are still being worked at the end.
 * The same seed gives the same day.
 */
final class DemoDay {

    private static final String[][] PROCESSES = {
        // process, department, category, queue, due within (minutes)
        {"billing-dispute", "finance", "billing", "q-billing", "120"},
        {"refund", "finance", "payments", "q-billing", "240"},
        {"address-change", "back-office", "account", "q-back-office", "60"},
        {"complaint", "customer-care", "service", "q-care", "180"},
    };
    private static final String[] CAPTURE_POINTS = {"crm", "email", "web"};
    private static final String[] AGENTS = {"E1001", "E1002", "E1003", "E1004", "E1005", "E1006"};
    private static final int[] ARRIVALS_PER_HOUR = {30, 70, 90, 75, 45, 50, 65, 60, 45, 25};

    private final String apiUrl;
    private final String adminKey;
    private final String tenant;
    private final ZoneId zone;
    private final LocalDate day;

    DemoDay(String apiUrl, String adminKey, String tenant, ZoneId zone, LocalDate day) {
        this.apiUrl = apiUrl;
        this.adminKey = adminKey;
        this.tenant = tenant;
        this.zone = zone;
        this.day = day;
    }

    /** What the replay did, to compare with the report. */
    record Totals(int tasks, int events, int completed, int canceled, int rejected, int open) {
        @Override
        public String toString() {
            return "%d tasks, %d requests: %d completed, %d canceled, %d rejected, %d still open"
                    .formatted(tasks, events, completed, canceled, rejected, open);
        }
    }

    Totals replay() throws Exception {
        RestClient admin = client(adminKey);
        admin.post().uri("/provisioning").body(Map.of("id", tenant, "name", "Demo contact centre",
                "timeZone", zone.getId())).retrieve().toBodilessEntity();
        String importKey = (String) admin.post().uri("/provisioning/{id}/keys", tenant)
                .body(Map.of("role", "import")).retrieve().body(Map.class).get("key");
        RestClient api = client(importKey);
        configure(api);

        List<List<Step>> tasks = plan(new Random(42));
        AtomicInteger done = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<Step> steps : tasks) {
                futures.add(pool.submit(() -> {
                    run(api, steps);
                    requests.addAndGet(steps.size());
                    int n = done.incrementAndGet();
                    if (n % 100 == 0) {
                        System.out.println("    " + n + " of " + tasks.size() + " tasks replayed");
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        finally {
            pool.shutdown();
        }
        int completed = count(tasks, "complete");
        int canceled = count(tasks, "cancel");
        int rejected = count(tasks, "reject");
        return new Totals(tasks.size(), requests.get(), completed, canceled, rejected,
                tasks.size() - completed - canceled - rejected);
    }

    /** The tenant's configuration: a solution, its departments and processes, categories, queues, capture points. */
    private static void configure(RestClient api) {
        post(api, "/solutions", Map.of("id", "back-office", "name", "Back office"));
        for (String[] p : PROCESSES) {
            if (api.get().uri("/departments/{id}", p[1]).retrieve().toBodilessEntity().getStatusCode().value() == 404) {
                post(api, "/departments", Map.of("id", p[1], "name", title(p[1]), "parentId", "back-office"));
            }
            post(api, "/processes", Map.of("id", p[0], "name", title(p[0]), "parentId", p[1],
                    "settings", Map.of("dueInMinutes", Integer.parseInt(p[4]))));
            post(api, "/categories", Map.of("id", p[2], "name", title(p[2])));
            if (api.get().uri("/queues/{id}", p[3]).retrieve().toBodilessEntity().getStatusCode().value() == 404) {
                post(api, "/queues", Map.of("id", p[3], "name", title(p[3].substring(2))));
            }
        }
        for (String cp : CAPTURE_POINTS) {
            post(api, "/capture-points", Map.of("id", cp, "name", title(cp)));
        }
    }

    private static void post(RestClient api, String path, Map<String, Object> body) {
        api.post().uri(path).body(body).retrieve().toBodilessEntity();
    }

    private static String title(String id) {
        String words = id.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** One request of a task's life: an action (or "create") at a time with its body. */
    private record Step(String action, Instant at, Map<String, Object> body) {
    }

    private List<List<Step>> plan(Random random) {
        List<List<Step>> tasks = new ArrayList<>();
        int sequence = 0;
        for (int hour = 0; hour < ARRIVALS_PER_HOUR.length; hour++) {
            for (int i = 0; i < ARRIVALS_PER_HOUR[hour]; i++) {
                Instant created = day.atTime(LocalTime.of(8 + hour, 0)).atZone(zone).toInstant()
                        .plusSeconds(random.nextInt(3600));
                tasks.add(life(random, "DEMO-" + (++sequence), created));
            }
        }
        return tasks;
    }

    private List<Step> life(Random random, String captureId, Instant created) {
        List<Step> steps = new ArrayList<>();
        String[] process = PROCESSES[random.nextInt(PROCESSES.length)];
        boolean classified = random.nextInt(10) != 0;
        Map<String, Object> task = new HashMap<>(Map.of("captureId", captureId,
                "capturePointId", CAPTURE_POINTS[random.nextInt(CAPTURE_POINTS.length)],
                "mediaType", random.nextInt(3) == 0 ? "email" : "workitem",
                "priority", 1 + random.nextInt(5), "businessValue", 10 * (1 + random.nextInt(10)),
                "subject", "Customer request " + captureId));
        if (classified) {
            task.putAll(Map.of("processId", process[0], "departmentId", process[1], "categoryId", process[2],
                    "solutionId", "back-office", "queueId", process[3],
                    "dueAt", created.plus(Duration.ofMinutes(Long.parseLong(process[4]))).toString()));
        }
        steps.add(new Step("create", created, task));
        if (!classified) {
            return steps;
        }
        Instant at = created.plus(Duration.ofMinutes(2 + random.nextInt(60)));
        String agent = AGENTS[random.nextInt(AGENTS.length)];
        steps.add(new Step("assign", at, Map.of("agentId", agent)));
        if (random.nextInt(10) == 0) {
            at = at.plus(Duration.ofMinutes(3 + random.nextInt(10)));
            steps.add(new Step("hold", at, Map.of("reason", "waiting for customer")));
            at = at.plus(Duration.ofMinutes(5 + random.nextInt(30)));
            steps.add(new Step("resume", at, Map.of()));
        }
        at = at.plus(Duration.ofMinutes(5 + random.nextInt(40)));
        int outcome = random.nextInt(100);
        if (outcome < 82) {
            steps.add(new Step("complete", at, Map.of("resultCode", random.nextInt(4) == 0 ? "escalated" : "solved")));
        }
        else if (outcome < 90) {
            steps.add(new Step("cancel", at, Map.of("reason", "duplicate request")));
        }
        else if (outcome < 95) {
            steps.add(new Step("reject", at, Map.of("reason", "out of scope")));
        }
        return steps;
    }

    private static void run(RestClient api, List<Step> steps) {
        Object id = null;
        for (Step step : steps) {
            Map<String, Object> body = new HashMap<>(step.body());
            body.put("occurredAt", step.at().toString());
            if (step.action().equals("create")) {
                id = withinRateLimit(() -> api.post().uri("/tasks").body(body).retrieve().body(Map.class)).get("id");
            }
            else {
                Object task = id;
                withinRateLimit(() -> api.post().uri("/tasks/{id}/{action}", task, step.action()).body(body)
                        .retrieve().toBodilessEntity());
            }
        }
    }

    /**
     * Sends a request, and again after the answer's {@code Retry-After} while the API's per-key rate limit refuses
     * it (a 429 is refused before anything is done, so sending it again is safe): the replay's four threads can
     * make more requests per second than a key may.
     */
    static <T> T withinRateLimit(Supplier<T> request) {
        while (true) {
            try {
                return request.get();
            }
            catch (HttpClientErrorException.TooManyRequests e) {
                String retryAfter = e.getResponseHeaders() == null ? null
                        : e.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
                try {
                    Thread.sleep(Duration.ofSeconds(retryAfter == null ? 1 : Long.parseLong(retryAfter.trim())));
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static int count(List<List<Step>> tasks, String action) {
        return (int) tasks.stream().filter(steps -> steps.getLast().action().equals(action)).count();
    }

    /** A client that throws on any error (a demo step that fails must stop the demo), except 404 on reads. */
    private RestClient client(String key) {
        return RestClient.builder().baseUrl(apiUrl).defaultHeader("x-api-key", key)
                .defaultStatusHandler(status -> status.value() == 404, (request, response) -> { })
                .build();
    }
}
