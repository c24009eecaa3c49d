import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load generator for {@code POST /iwd/v3/tasks}: requests are started on a fixed schedule (one every
 * 1/rate seconds) whatever the responses do, and each latency is measured from the request's intended start, so a
 * stall of the API shows in the percentiles instead of silently slowing the generator (no coordinated omission).
 *
 * <p>A warm-up at the same rate runs first and is not recorded. Each request is a realistic task: unique capture id,
 * the configured classification (so the API creates it {@code Created} and {@code Queued} at once), priority,
 * business value, due time, subject, a description of about 200 bytes, a customer and five attributes.
 *
 * <p>Runs from source with no dependencies: {@code java scripts/bench/ApiLoad.java --url URL --key KEY --rate N}.
 * Prints a report, then one {@code RESULT key=value ...} line for scripts.
 */
public class ApiLoad {

    static final String USAGE = """
            usage: java ApiLoad.java --url BASE_URL --key TENANT_KEY --rate REQ_PER_S [options]
              --duration S        measured seconds (60)
              --warmup S          unrecorded seconds at the same rate first (15)
              --warmup-from F     the warm-up's rate rises linearly from F x the rate to the rate (1: flat), so that a
                                  cold JIT is not driven into a backlog that the measured run would inherit (1)
              --max-in-flight N   at most N requests open at once; later ones wait, and the wait counts (1000)
              --timeout S         per-request timeout (10)
              --client raw|jdk    raw: a minimal keep-alive HTTP/1.1 client on blocking sockets (the default: it
                                  costs the machine several times less CPU per request than the JDK's);
                                  jdk: java.net.http.HttpClient, HTTP/1.1
              --floor-tps N       the pgbench floor, to print achieved/floor
              --goal-p99-ms N     the p99 goal (50)
              --run-id ID         prefix of the capture ids (a random one)
              --api-pid PID       report the CPU time of this process (the API) during the measured run
              --db-pids PID,...   report the CPU time of these processes (the API's database backends)
              --redis-pid PID     report the CPU time of the Redis server
              --clk-tck N         clock ticks per second of /proc/PID/stat (100)
              --metrics-url URL   the API's /actuator/prometheus: its meters over the measured run are reported
              --solution ID --department ID --process ID --category ID --queue ID --capture-point ID
              --per-second FILE   write the measured run per second (wall-clock second, requests, p50, p99, max
                                  in ms) to FILE, to line stalls up with a GC log or a database's
              --show-body         print one request body and its size, send nothing
            """;

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        Payload payload = new Payload(opt.getOrDefault("run-id", Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36)),
                opt.getOrDefault("solution", "back-office"), opt.getOrDefault("department", "claims"),
                opt.getOrDefault("process", "claims-review"), opt.getOrDefault("category", "motor"),
                opt.getOrDefault("queue", "claims-queue"), opt.getOrDefault("capture-point", "web-portal"));
        if (opt.containsKey("show-body")) {
            String body = payload.body(1);
            System.out.println(body);
            System.out.println(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " bytes");
            return;
        }
        String url = required(opt, "url");
        String key = required(opt, "key");
        double rate = Double.parseDouble(required(opt, "rate"));
        double duration = Double.parseDouble(opt.getOrDefault("duration", "60"));
        double warmup = Double.parseDouble(opt.getOrDefault("warmup", "15"));
        double warmupFrom = Double.parseDouble(opt.getOrDefault("warmup-from", "1"));
        int maxInFlight = Integer.parseInt(opt.getOrDefault("max-in-flight", "1000"));
        Duration timeout = Duration.ofMillis((long) (1000 * Double.parseDouble(opt.getOrDefault("timeout", "10"))));
        double floor = Double.parseDouble(opt.getOrDefault("floor-tps", "0"));
        double goalP99 = Double.parseDouble(opt.getOrDefault("goal-p99-ms", "50"));
        if (rate <= 0 || duration <= 0 || warmup < 0 || maxInFlight < 1 || warmupFrom <= 0 || warmupFrom > 1) {
            throw new IllegalArgumentException(
                    "rate and duration must be > 0, warmup >= 0, max-in-flight >= 1, 0 < warmup-from <= 1");
        }
        Meters meters = new Meters(opt.getOrDefault("metrics-url", ""));
        Cpu cpu = new Cpu(opt.getOrDefault("api-pid", ""), opt.getOrDefault("db-pids", ""), opt.getOrDefault("redis-pid", ""),
                Integer.parseInt(opt.getOrDefault("clk-tck", "100")));
        String client = opt.getOrDefault("client", "raw");
        if (!client.equals("raw") && !client.equals("jdk")) {
            usage("--client must be raw or jdk");
        }
        ApiLoad load = new ApiLoad(URI.create(url.replaceAll("/+$", "") + "/tasks"), key, rate, warmup, warmupFrom,
                duration, maxInFlight, timeout, payload, client.equals("raw"));
        load.run(floor, goalP99, cpu, meters);
        if (opt.containsKey("per-second")) {
            load.writePerSecond(java.nio.file.Path.of(opt.get("per-second")));
        }
    }

    private final URI target;
    private final String key;
    private final double rate;
    private final long warmupNanos;
    private final double warmupFrom;
    private final long measureNanos;
    private final Semaphore inFlight;
    private final Duration timeout;
    private final Payload payload;
    private final HttpClient client;
    private final RawHttp raw;

    // Measured requests only: latency from intended start to response, and how late each was actually sent.
    private final long[] latency;
    private final long[] sendLag;
    private final long[] intendedAt;
    private final AtomicInteger recorded = new AtomicInteger();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> warmupOutcomes = new ConcurrentHashMap<>();
    private final AtomicLong lastCompletion = new AtomicLong();
    private final AtomicInteger openWarmup = new AtomicInteger();
    /** The measured run's start: on the monotonic clock and on the wall clock, for {@link #writePerSecond}. */
    private long measureStartNanos;
    private long measureStartEpochMillis;

    ApiLoad(URI target, String key, double rate, double warmup, double warmupFrom, double duration, int maxInFlight,
            Duration timeout, Payload payload, boolean rawClient) {
        this.target = target;
        this.key = key;
        this.rate = rate;
        this.warmupNanos = (long) (warmup * 1e9);
        this.warmupFrom = warmupFrom;
        this.measureNanos = (long) (duration * 1e9);
        this.inFlight = new Semaphore(maxInFlight);
        this.timeout = timeout;
        this.payload = payload;
        int capacity = (int) Math.ceil(rate * duration) + 16;
        this.latency = new long[capacity];
        this.sendLag = new long[capacity];
        this.intendedAt = new long[capacity];
        this.raw = rawClient ? new RawHttp(target, key, (int) timeout.toMillis()) : null;
        this.client = rawClient ? null : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("http-", 0).factory()))
                .build();
    }

    void run(double floor, double goalP99, Cpu cpu, Meters meters) throws InterruptedException {
        long warmupCount = (long) Math.floor(rate * (1 + warmupFrom) / 2 * warmupNanos / 1e9);
        long measuredCount = (long) Math.floor(rate * measureNanos / 1e9);
        System.out.printf(Locale.ROOT, "load: POST %s, offered %.1f req/s, warm-up %.0f s (%d requests%s), "
                + "measured %.0f s (%d requests), open loop, at most %d in flight, %s client%n", target, rate,
                warmupNanos / 1e9, warmupCount, warmupFrom < 1
                        ? String.format(Locale.ROOT, ", rate rising from %.0f%%", 100 * warmupFrom) : "",
                measureNanos / 1e9, measuredCount, inFlight.availablePermits(),
                raw != null ? "raw HTTP/1.1" : "JDK HttpClient");
        long[] schedulerLag = new long[(int) Math.min(Integer.MAX_VALUE - 8, measuredCount)];
        // Prometheus scrapes a production API every 15 s: so does this run, from the warm-up on. A first scrape of
        // cold code in the API and here, at the measured run's start, was a stall the minute inherited.
        Thread scraper = Thread.ofVirtual().name("scraper").start(() -> {
            try {
                while (true) {
                    meters.scrape();
                    Thread.sleep(15_000);
                }
            }
            catch (InterruptedException e) {
                // the run is over
            }
        });
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            schedule(workers, 0, warmupCount, System.nanoTime() + 200_000_000L, false, null);
            // The measured run starts on an empty system: what the warm-up left open (a cold JIT is slow) finishes
            // first, so it does not count against the steady state.
            long drainStart = System.nanoTime();
            long drainDeadline = drainStart + 30_000_000_000L;
            while (openWarmup.get() > 0 && System.nanoTime() < drainDeadline) {
                Thread.sleep(10);
            }
            if (warmupCount > 0) {
                System.out.printf(Locale.ROOT, "load: warm-up done; %s%n", openWarmup.get() == 0
                        ? String.format(Locale.ROOT, "its open requests finished in %.1f s",
                                (System.nanoTime() - drainStart) / 1e9)
                        : openWarmup.get() + " of its requests still open after 30 s; measuring anyway");
            }
            // The samples first, then the schedule: a schedule fixed before the scrape of the API's meters (an HTTP
            // call on a new client) would start as late as the scrape took, with a burst of catch-up requests.
            Map<String, Double> metersBefore = meters.scrape();
            long cpuBefore = processCpuNanos();
            Cpu.Sample before = cpu.sample();
            long measureStart = System.nanoTime() + 100_000_000L;
            measureStartNanos = measureStart;
            measureStartEpochMillis = System.currentTimeMillis() + 100;
            schedule(workers, warmupCount, measuredCount, measureStart, true, schedulerLag);
            System.out.println("load: schedule done, waiting for the requests still open");
            workers.shutdown();
            workers.awaitTermination(1, TimeUnit.HOURS);
            long generatorCpu = processCpuNanos() - cpuBefore;
            Cpu.Usage usage = cpu.since(before);
            scraper.interrupt();
            meters.report(metersBefore, meters.scrape());
            report(measureStart, generatorCpu, usage, schedulerLag, floor, goalP99);
        }
    }

    /**
     * Starts {@code count} requests, one every 1/rate seconds from {@code start}, whatever the earlier ones do; the
     * warm-up's rate rises linearly from {@code warmup-from} x the rate instead.
     */
    private void schedule(ExecutorService workers, long firstSeq, long count, long start, boolean measured,
            long[] schedulerLag) {
        double periodNanos = 1e9 / rate;
        double from = measured ? 1 : warmupFrom;
        // Requests by time t on a ramp from from*rate to rate over the warm-up: n(t) = rate*(from*t + (1-from)*t^2/2W).
        double slope = (1 - from) / (warmupNanos / 1e9);
        for (long i = 0; i < count; i++) {
            double seconds = slope == 0 ? i * periodNanos / 1e9
                    : (-from + Math.sqrt(from * from + 2 * slope * i / rate)) / slope;
            long intended = start + (long) (seconds * 1e9);
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            if (measured) {
                schedulerLag[(int) i] = now - intended;
            }
            else {
                openWarmup.incrementAndGet();
            }
            long seq = firstSeq + i;
            workers.execute(() -> send(seq, intended, measured));
        }
    }

    private void send(long seq, long intended, boolean measured) {
        String outcome;
        long sentAt = 0;
        boolean acquired = false;
        try {
            inFlight.acquire();
            acquired = true;
            sentAt = System.nanoTime();
            if (raw != null) {
                outcome = Integer.toString(raw.post(payload.body(seq)));
            }
            else {
                HttpRequest request = HttpRequest.newBuilder(target)
                        .timeout(timeout)
                        .header("content-type", "application/json")
                        .header("x-api-key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(payload.body(seq)))
                        .build();
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                outcome = Integer.toString(response.statusCode());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "interrupted";
        }
        catch (Exception e) {
            outcome = e.getClass().getSimpleName();
        }
        finally {
            if (acquired) {
                inFlight.release();
            }
        }
        long done = System.nanoTime();
        if (!measured) {
            warmupOutcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
            openWarmup.decrementAndGet();
            return;
        }
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        int slot = recorded.getAndIncrement();
        if (slot < latency.length) {
            latency[slot] = outcome.startsWith("2") ? done - intended : -1;
            sendLag[slot] = sentAt == 0 ? 0 : sentAt - intended;
            intendedAt[slot] = intended;
        }
        lastCompletion.accumulateAndGet(done, Math::max);
    }

    private void report(long measureStart, long cpuNanos, Cpu.Usage usage, long[] schedulerLag, double floor,
            double goalP99) {
        int n = Math.min(recorded.get(), latency.length);
        long ok = 0;
        long errors = 0;
        for (var e : new TreeMap<>(outcomes).entrySet()) {
            if (e.getKey().startsWith("2")) {
                ok += e.getValue().sum();
            }
            else {
                errors += e.getValue().sum();
            }
        }
        long[] okLatency = Arrays.stream(latency, 0, n).filter(l -> l >= 0).sorted().toArray();
        long[] lag = Arrays.copyOf(sendLag, n);
        Arrays.sort(lag);
        Arrays.sort(schedulerLag);
        double elapsed = Math.max(measureNanos, lastCompletion.get() - measureStart) / 1e9;
        double offered = rate;
        double achieved = ok / elapsed;

        String statuses = describe(outcomes);
        System.out.printf(Locale.ROOT, "load: %d requests measured, outcomes {%s}; warm-up outcomes {%s}%n", n,
                statuses, describe(warmupOutcomes));
        System.out.printf(Locale.ROOT, "load: latency from intended start (ms): p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
                ms(pct(okLatency, 50)), ms(pct(okLatency, 90)), ms(pct(okLatency, 99)), ms(pct(okLatency, 99.9)),
                ms(pct(okLatency, 100)));
        System.out.printf(Locale.ROOT, "load: generator self-check: scheduler late p99 %s ms max %s ms; "
                + "request sent late (scheduler + in-flight cap) p99 %s ms max %s ms; generator CPU %.1f s%s%n",
                ms(pct(schedulerLag, 99)), ms(pct(schedulerLag, 100)), ms(pct(lag, 99)), ms(pct(lag, 100)),
                cpuNanos / 1e9, raw == null ? "" : "; connections opened " + raw.opened.sum() + " in all");
        windows(n, measureStart);
        String cpuFields = "";
        if (usage != null) {
            long requests = Math.max(1, ok);
            int cores = Runtime.getRuntime().availableProcessors();
            double others = Math.max(0, usage.machineBusyPercent() / 100 * cores - (usage.apiSeconds()
                    + usage.dbSeconds() + usage.redisSeconds() + cpuNanos / 1e9) / usage.seconds());
            System.out.printf(Locale.ROOT, "load: CPU during the measured run: machine %.0f%% busy (%d cores); "
                    + "iwd-api %.1f s = %.2f ms per created task; its %d PostgreSQL backends %.1f s = %.2f ms per "
                    + "task; redis-server %.1f s = %.3f ms per task; other processes ~%.2f cores%n",
                    usage.machineBusyPercent(), cores, usage.apiSeconds(), usage.apiSeconds() * 1000 / requests,
                    usage.dbProcesses(), usage.dbSeconds(), usage.dbSeconds() * 1000 / requests,
                    usage.redisSeconds(), usage.redisSeconds() * 1000 / requests, others);
            cpuFields = String.format(Locale.ROOT, " machine_busy_pct=%.0f api_cpu_s=%.1f api_cpu_ms_per_task=%.2f "
                    + "db_cpu_s=%.1f db_cpu_ms_per_task=%.2f redis_cpu_ms_per_task=%.3f others_cores=%.2f",
                    usage.machineBusyPercent(), usage.apiSeconds(), usage.apiSeconds() * 1000 / requests,
                    usage.dbSeconds(), usage.dbSeconds() * 1000 / requests, usage.redisSeconds() * 1000 / requests,
                    others);
        }

        boolean met = errors == 0 && okLatency.length > 0 && pct(okLatency, 99) < goalP99 * 1e6;
        System.out.printf(Locale.ROOT,
                "RESULT offered=%.1f achieved=%.1f ok=%d errors=%d p50_ms=%s p90_ms=%s p99_ms=%s max_ms=%s "
                        + "ratio=%s goal_p99_ms=%s goal=%s statuses=%s generator_cpu_s=%.1f%s%n",
                offered, achieved, ok, errors, ms(pct(okLatency, 50)), ms(pct(okLatency, 90)),
                ms(pct(okLatency, 99)), ms(pct(okLatency, 100)),
                floor > 0 ? String.format(Locale.ROOT, "%.2f", achieved / floor) : "n/a", trim(goalP99),
                met ? "met" : "missed", statuses.replace(" ", ""), cpuNanos / 1e9, cpuFields);
    }

    private static String describe(Map<String, LongAdder> outcomes) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(outcomes).forEach((k, v) -> text.append(text.isEmpty() ? "" : ", ").append(k).append(": ")
                .append(v.sum()));
        return text.toString();
    }

    /**
     * p50/p99 per 10-second window, to tell a steady state from a stall (GC, checkpoint, a noisy neighbour), and
     * per second over the first 10 s, to tell a stall at the start from a queue that builds up.
     */
    private void windows(int n, long measureStart) {
        System.out.println("load: p50/p99 ms per 10 s:" + windows(n, measureStart, 10, Long.MAX_VALUE));
        System.out.println("load: p50/p99 ms per 1 s of the first 10 s:"
                + windows(n, measureStart, 1, 10_000_000_000L));
    }

    /**
     * The measured run per second of intended start: the second on the wall clock (UTC), requests, successful
     * requests' p50, p99 and max in ms. Tab-separated, one header line.
     */
    void writePerSecond(java.nio.file.Path file) throws java.io.IOException {
        StringBuilder out = new StringBuilder("second_utc\trequests\tp50_ms\tp99_ms\tmax_ms\n");
        byWindow(Math.min(recorded.get(), latency.length), measureStartNanos, 1, Long.MAX_VALUE).forEach(
                (second, values) -> out.append(java.time.Instant.ofEpochMilli(measureStartEpochMillis + second * 1000))
                        .append('\t').append(values.length)
                        .append('\t').append(ms(pct(values, 50)))
                        .append('\t').append(ms(pct(values, 99)))
                        .append('\t').append(ms(values[values.length - 1])).append('\n'));
        java.nio.file.Files.writeString(file, out);
    }

    /** p50/p99 of the successful requests intended before {@code endNanos} into the run, per window. */
    private String windows(int n, long measureStart, int seconds, long endNanos) {
        StringBuilder line = new StringBuilder();
        byWindow(n, measureStart, seconds, endNanos).forEach((w, values) -> line.append(String.format(Locale.ROOT,
                "  [%ds] %s/%s", w * seconds, ms(pct(values, 50)), ms(pct(values, 99)))));
        return line.toString();
    }

    /** The successful requests intended before {@code endNanos} into the run: their latencies, sorted, per window. */
    private Map<Long, long[]> byWindow(int n, long measureStart, int seconds, long endNanos) {
        long window = seconds * 1_000_000_000L;
        Map<Long, List<Long>> byWindow = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            long offset = intendedAt[i] - measureStart;
            if (latency[i] >= 0 && offset < endNanos) {
                byWindow.computeIfAbsent(offset / window, w -> new ArrayList<>()).add(latency[i]);
            }
        }
        Map<Long, long[]> sorted = new TreeMap<>();
        byWindow.forEach((w, list) -> sorted.put(w, list.stream().mapToLong(Long::longValue).sorted().toArray()));
        return sorted;
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String ms(long nanos) {
        if (nanos < 0) {
            return "n/a";
        }
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f", ms);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** The API's own meters (Prometheus text), before and after the measured run; nothing when no URL is given. */
    record Meters(String url) {

        private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        private static final String[][] WANTED = {
            {"server", "http_server_requests_seconds_sum", "uri=\"/iwd/v3/tasks\""},
            {"server_n", "http_server_requests_seconds_count", "uri=\"/iwd/v3/tasks\""},
            {"acquire", "hikaricp_connections_acquire_seconds_sum", ""},
            {"acquire_n", "hikaricp_connections_acquire_seconds_count", ""},
            {"usage", "hikaricp_connections_usage_seconds_sum", ""},
            {"usage_n", "hikaricp_connections_usage_seconds_count", ""},
            {"gc", "jvm_gc_pause_seconds_sum", ""},
            {"gc_n", "jvm_gc_pause_seconds_count", ""},
            {"gc_max", "jvm_gc_pause_seconds_max", ""},
            {"redis_failures", "iwd_redis_failures_total", ""},
            {"rate_limited", "iwd_rate_limited_total", ""},
            {"sequenced", "iwd_feed_sequenced_total", "feed=\"task\""},
            {"insert_tasks", "iwd_tasks_insert_batch_tasks_sum", ""},
            {"insert_statements", "iwd_tasks_insert_batch_tasks_count", ""},
        };

        Map<String, Double> scrape() {
            Map<String, Double> values = new HashMap<>();
            if (url.isBlank()) {
                return values;
            }
            try {
                String text = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                        .header("accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString()).body();
                for (String line : text.split("\n")) {
                    for (String[] w : WANTED) {
                        if (line.startsWith(w[1]) && line.length() > w[1].length()
                                && (line.charAt(w[1].length()) == '{' || line.charAt(w[1].length()) == ' ')
                                && line.contains(w[2])) {
                            double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                            values.merge(w[0], v, w[0].endsWith("_max") ? Math::max : Double::sum);
                        }
                    }
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            catch (Exception e) {
                System.out.println("load: could not read the API's meters: " + e);
            }
            return values;
        }

        void report(Map<String, Double> before, Map<String, Double> after) {
            if (url.isBlank() || after.isEmpty()) {
                return;
            }
            java.util.function.Function<String, Double> d = k -> after.getOrDefault(k, 0.0) - before.getOrDefault(k, 0.0);
            double n = Math.max(1, d.apply("server_n"));
            System.out.printf(Locale.ROOT, "load: API meters over the measured run: POST /tasks %.2f ms mean in the server; "
                    + "Hikari: %.3f ms mean wait for a connection, held %.2f ms mean, %.2f uses per request; "
                    + "GC: %.0f pauses, %.0f ms in all; Redis failures %.0f; refused by the rate limit %.0f; "
                    + "feed events positioned %.0f; creates per insert statement %.2f%n",
                    1000 * d.apply("server") / n, 1000 * d.apply("acquire") / Math.max(1, d.apply("acquire_n")),
                    1000 * d.apply("usage") / Math.max(1, d.apply("usage_n")), d.apply("usage_n") / n,
                    d.apply("gc_n"), 1000 * d.apply("gc"), d.apply("redis_failures"), d.apply("rate_limited"),
                    d.apply("sequenced"), d.apply("insert_tasks") / Math.max(1, d.apply("insert_statements")));
        }
    }

    /**
     * The least an HTTP/1.1 client must do, on blocking sockets (virtual threads park on them): a pool of keep-alive
     * connections, one request at a time on each; responses are read by Content-Length or chunked encoding and
     * discarded; a connection the server closes (Tomcat does after 100 requests) is replaced. A request that fails
     * on a reused connection before any answer byte is retried once on a new one (the server may have closed it).
     */
    static final class RawHttp {

        private final String host;
        private final int port;
        private final byte[] head;
        private final int timeoutMillis;
        private final java.util.concurrent.ConcurrentLinkedDeque<Conn> idle = new java.util.concurrent.ConcurrentLinkedDeque<>();
        /** Connections opened since the start, warm-up included (the server closes some: keep-alive limits). */
        final LongAdder opened = new LongAdder();

        RawHttp(URI target, String key, int timeoutMillis) {
            this.host = target.getHost();
            this.port = target.getPort() > 0 ? target.getPort() : 80;
            this.timeoutMillis = timeoutMillis;
            this.head = ("POST " + target.getRawPath() + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nx-api-key: " + key
                    + "\r\nContent-Length: ").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }

        int post(String body) throws java.io.IOException {
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] length = (bytes.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Conn conn = idle.pollFirst();
            boolean reused = conn != null;
            while (true) {
                if (conn == null) {
                    conn = new Conn(host, port, timeoutMillis);
                    opened.increment();
                }
                try {
                    conn.out.write(head);
                    conn.out.write(length);
                    conn.out.write(bytes);
                    conn.out.flush();
                    int status = conn.readResponse();
                    if (conn.keepAlive) {
                        idle.offerFirst(conn);
                    }
                    else {
                        conn.close();
                    }
                    return status;
                }
                catch (java.io.IOException e) {
                    conn.close();
                    // A kept-alive connection the server closed meanwhile fails before any answer: send again. A
                    // timeout is not that: the server has the request and may still process it.
                    if (reused && !conn.answered && !(e instanceof java.net.SocketTimeoutException)) {
                        reused = false;
                        conn = null;
                        continue;
                    }
                    throw e;
                }
            }
        }

        private static final class Conn {

            final java.net.Socket socket;
            final java.io.BufferedInputStream in;
            final java.io.BufferedOutputStream out;
            boolean keepAlive = true;
            boolean answered;

            Conn(String host, int port, int timeoutMillis) throws java.io.IOException {
                socket = new java.net.Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new java.net.InetSocketAddress(host, port), 5000);
                socket.setSoTimeout(timeoutMillis);
                in = new java.io.BufferedInputStream(socket.getInputStream(), 16 * 1024);
                out = new java.io.BufferedOutputStream(socket.getOutputStream(), 4 * 1024);
            }

            int readResponse() throws java.io.IOException {
                answered = false;
                String status = line();
                answered = true;
                if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                    throw new java.io.IOException("not an HTTP/1.1 status line: " + status);
                }
                long length = -1;
                boolean chunked = false;
                for (String h = line(); !h.isEmpty(); h = line()) {
                    int colon = h.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String name = h.substring(0, colon).trim();
                    String value = h.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("content-length")) {
                        length = Long.parseLong(value);
                    }
                    else if (name.equalsIgnoreCase("transfer-encoding")) {
                        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    }
                    else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
                        keepAlive = false;
                    }
                }
                if (chunked) {
                    for (long size = Long.parseLong(chunkSize(line()), 16); size > 0;
                            size = Long.parseLong(chunkSize(line()), 16)) {
                        skip(size);
                        line();
                    }
                    while (!line().isEmpty()) {
                        // trailers
                    }
                }
                else if (length >= 0) {
                    skip(length);
                }
                else {
                    keepAlive = false;   // body until the server closes
                    while (in.read() >= 0) {
                        // discard
                    }
                }
                return Integer.parseInt(status.substring(9, 12));
            }

            private static String chunkSize(String line) {
                int semicolon = line.indexOf(';');
                return (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
            }

            private void skip(long n) throws java.io.IOException {
                while (n > 0) {
                    long skipped = in.skip(n);
                    if (skipped <= 0) {
                        if (in.read() < 0) {
                            throw new java.io.EOFException("connection closed in a response body");
                        }
                        skipped = 1;
                    }
                    n -= skipped;
                }
            }

            private String line() throws java.io.IOException {
                StringBuilder b = new StringBuilder(64);
                int c;
                while ((c = in.read()) >= 0) {
                    if (c == '\n') {
                        int end = b.length();
                        return end > 0 && b.charAt(end - 1) == '\r' ? b.substring(0, end - 1) : b.toString();
                    }
                    b.append((char) c);
                }
                throw new java.io.EOFException("connection closed");
            }

            void close() {
                try {
                    socket.close();
                }
                catch (java.io.IOException e) {
                    // closing anyway
                }
            }
        }
    }

    /** CPU time from /proc: the whole machine, the API process and its database backends. Linux only. */
    record Cpu(String apiPid, String dbPids, String redisPid, int clkTck) {

        record Sample(long machineBusy, long machineTotal, long api, long db, long redis, long nanos) {
        }

        record Usage(double machineBusyPercent, double apiSeconds, double dbSeconds, int dbProcesses,
                double redisSeconds, double seconds) {
        }

        Sample sample() {
            long busy = 0;
            long total = 0;
            try {
                String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim()
                        .split("\\s+");
                for (int i = 1; i < f.length && i <= 8; i++) {
                    long v = Long.parseLong(f[i]);
                    total += v;
                    if (i != 4 && i != 5) {   // idle and iowait
                        busy += v;
                    }
                }
            }
            catch (Exception e) {
                // not Linux: no machine figure
            }
            long db = 0;
            for (String pid : dbPids.split(",")) {
                db += ticks(pid);
            }
            return new Sample(busy, total, ticks(apiPid), db, ticks(redisPid), System.nanoTime());
        }

        Usage since(Sample before) {
            Sample now = sample();
            long total = now.machineTotal() - before.machineTotal();
            double busy = total > 0 ? 100.0 * (now.machineBusy() - before.machineBusy()) / total : 0;
            int dbCount = dbPids.isBlank() ? 0 : dbPids.split(",").length;
            return new Usage(busy, (now.api() - before.api()) / (double) clkTck,
                    (now.db() - before.db()) / (double) clkTck, dbCount,
                    (now.redis() - before.redis()) / (double) clkTck, (now.nanos() - before.nanos()) / 1e9);
        }

        /** utime + stime of a process, in clock ticks; 0 when it is gone or unknown. */
        private static long ticks(String pid) {
            if (pid.isBlank()) {
                return 0;
            }
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid.trim(), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            }
            catch (Exception e) {
                return 0;
            }
        }
    }

    /** The JSON of one task, about 1 KB, as a source system would send it. */
    record Payload(String runId, String solution, String department, String process, String category, String queue,
            String capturePoint) {

        private static final String[] SEGMENTS = {"gold", "silver", "bronze", "standard"};
        private static final String[] CHANNELS = {"web", "app", "partner", "branch"};

        /** Appended piece by piece: a format string of twenty arguments cost several microseconds per request. */
        String body(long seq) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            int r = (int) (seq * 2654435761L >>> 7);
            String customerId = "C-" + (100_000 + Math.floorMod(r, 900_000));
            return new StringBuilder(1024)
                    .append("{\"captureId\":\"bench-").append(runId).append('-').append(seq)
                    .append("\",\"capturePointId\":\"").append(capturePoint)
                    .append("\",\"solutionId\":\"").append(solution)
                    .append("\",\"departmentId\":\"").append(department)
                    .append("\",\"processId\":\"").append(process)
                    .append("\",\"categoryId\":\"").append(category)
                    .append("\",\"queueId\":\"").append(queue)
                    .append("\",\"mediaType\":\"workitem\",\"priority\":").append(1 + Math.floorMod(r, 5))
                    .append(",\"businessValue\":").append(10 * (1 + Math.floorMod(r >> 3, 10)))
                    .append(",\"dueAt\":\"").append(now.plus(Duration.ofHours(4)))
                    .append("\",\"sourceCreatedAt\":\"").append(now.minusSeconds(30))
                    .append("\",\"subject\":\"Claim ").append(seq)
                    .append(": customer asks for a review of the settlement\",")
                    .append("\"description\":\"The customer disputes the settlement amount of claim ").append(seq)
                    .append(" and attaches two repair estimates. Please check the policy limits, compare the ")
                    .append("estimates with the assessor's report and call the customer back before the due time.\",")
                    .append("\"customer\":{\"id\":\"").append(customerId)
                    .append("\",\"name\":\"Customer ").append(customerId)
                    .append("\",\"email\":\"").append(customerId.toLowerCase(Locale.ROOT))
                    .append("@example.test\",\"segment\":\"").append(SEGMENTS[Math.floorMod(r >> 5, SEGMENTS.length)])
                    .append("\"},\"attributes\":{\"policyNumber\":\"P-")
                    .append(zeroPadded(Math.floorMod(r, 100_000_000), 8))
                    .append("\",\"claimAmount\":").append(100 + Math.floorMod(r, 9_900)).append('.')
                    .append(zeroPadded(Math.floorMod(r, 100), 2))
                    .append(",\"channel\":\"").append(CHANNELS[Math.floorMod(r >> 7, CHANNELS.length)])
                    .append("\",\"vip\":").append(Math.floorMod(r, 20) == 0)
                    .append(",\"region\":\"region-").append(1 + Math.floorMod(r >> 9, 8))
                    .append("\"}}")
                    .toString();
        }

        private static String zeroPadded(int value, int width) {
            String digits = Integer.toString(value);
            return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--show-body")) {
                opt.put("show-body", "");
                continue;
            }
            if (a.equals("-h") || a.equals("--help")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            if (!a.startsWith("--")) {
                usage("unexpected argument " + a);
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                opt.put(a.substring(2, eq), a.substring(eq + 1));
            }
            else if (i + 1 < args.length) {
                opt.put(a.substring(2), args[++i]);
            }
            else {
                usage(a + " needs a value");
            }
        }
        return opt;
    }

    private static String required(Map<String, String> opt, String name) {
        String v = opt.get(name);
        if (v == null || v.isBlank()) {
            usage("--" + name + " is required");
        }
        return v;
    }

    private static void usage(String problem) {
        System.err.println("ApiLoad: " + problem);
        System.err.print(USAGE);
        System.exit(2);
    }
}
