import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the API's CPU went in a flight recording, in the terms of the request path: the CPU samples
 * ({@code jdk.ExecutionSample}) grouped by the library whose code was running (the first non-JDK frame from the
 * top: a {@code HashMap.get} called by Jackson counts as Jackson), and the share of samples under a few parts of
 * the create path (inclusive: a sample counts for every part on its stack).
 *
 * <p>{@code java scripts/bench/JfrSummary.java RECORDING.jfr}
 */
public class JfrSummary {

    private static final String[][] LIBRARIES = {
        {"org.postgresql.", "PostgreSQL JDBC driver"},
        {"com.zaxxer.hikari.", "Hikari pool"},
        {"org.redisson.", "Redis client (Redisson, Netty)"},
        {"io.netty.", "Redis client (Redisson, Netty)"},
        {"tools.jackson.", "Jackson JSON"},
        {"com.fasterxml.jackson.", "Jackson JSON"},
        {"org.hibernate.validator.", "Bean validation"},
        {"jakarta.validation.", "Bean validation"},
        {"org.apache.tomcat.", "Tomcat"},
        {"org.apache.coyote.", "Tomcat"},
        {"org.apache.catalina.", "Tomcat"},
        {"org.springframework.jdbc.", "Spring JDBC"},
        {"org.springframework.transaction.", "Spring transactions"},
        {"org.springframework.aop.", "Spring AOP proxies"},
        {"org.springframework.cglib.", "Spring AOP proxies"},
        {"org.springframework.web.", "Spring MVC"},
        {"org.springframework.http.", "Spring MVC"},
        {"io.micrometer.", "Micrometer"},
        {"org.HdrHistogram.", "Micrometer"},
        {"ch.qos.logback.", "Logging"},
        {"org.slf4j.", "Logging"},
        {"com.github.benmanes.caffeine.", "Caffeine cache"},
        {"org.openiwd.", "IWD code (own frames)"},
    };

    /** Parts of the request path; a part matches a sample when one of its frames matches (see {@link #any}). */
    private static final Map<String, Predicate<List<String>>> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("ApiKeyFilter, own work (key lookup + rate limit)",
                own("org.openiwd.api.security.ApiKeyFilter.doFilterInternal", "FilterChain.doFilter"));
        PARTS.put("  RequestRateLimiter.tryAcquire (Redis)", any("org.openiwd.api.security.RequestRateLimiter.tryAcquire"));
        PARTS.put("  ApiKeyCache.resolve", any("org.openiwd.api.security.ApiKeyCache.resolve"));
        PARTS.put("  ApiKeys.hash (SHA-256 of the key)", any("org.openiwd.api.security.ApiKeys.hash"));
        PARTS.put("  UUID.randomUUID (request id)", any("java.util.UUID.randomUUID"));
        PARTS.put("request body: JSON read", any("HttpMessageConverter.read", "readWithMessageConverters"));
        PARTS.put("request body: @Valid", any("validateIfApplicable", "org.hibernate.validator.internal.engine.ValidatorImpl.validate"));
        PARTS.put("TaskService.create (in the transaction)", any("org.openiwd.api.task.TaskService.create"));
        PARTS.put("  TaskRepository.insertIfAbsent", any("org.openiwd.api.task.TaskRepository.insertIfAbsent"));
        PARTS.put("  TaskEventLog.append", any("org.openiwd.api.task.TaskEventLog.append"));
        PARTS.put("  TaskRepository.find (read back)", any("org.openiwd.api.task.TaskRepository.find"));
        PARTS.put("  TaskRepository.updateState", any("org.openiwd.api.task.TaskRepository.updateState"));
        PARTS.put("  JSON of customer/attributes/rows", any("tools.jackson.databind.ObjectMapper.writeValueAsString", "tools.jackson.databind.ObjectMapper.readValue"));
        PARTS.put("transaction begin/commit (Spring + JDBC)", any("org.springframework.jdbc.datasource.DataSourceTransactionManager.do"));
        PARTS.put("response body: JSON write", any("HttpMessageConverter.write", "writeWithMessageConverters"));
        PARTS.put("Tomcat outside the servlet (HTTP parse, socket I/O)", s -> !any("org.apache.catalina.core.ApplicationFilterChain.doFilter").test(s)
                && any("org.apache.").test(s));
        PARTS.put("PostgreSQL JDBC (anywhere)", any("org.postgresql."));
        PARTS.put("Hikari (anywhere)", any("com.zaxxer.hikari."));
        PARTS.put("Jackson (anywhere)", any("tools.jackson."));
        PARTS.put("Micrometer (anywhere)", any("io.micrometer."));
        PARTS.put("Logging (anywhere)", any("ch.qos.logback.", "org.slf4j."));
        PARTS.put("FeedSequencer", any("org.openiwd.api.feed.FeedSequencer"));
    }

    /** A frame that starts with one of {@code prefixes} (qualified names) or contains it (a method name part). */
    private static Predicate<List<String>> any(String... prefixes) {
        return frames -> frames.stream().anyMatch(f -> {
            for (String p : prefixes) {
                if (p.contains(".") ? f.startsWith(p) : f.contains(p)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Under {@code frame} but not under a later {@code callee} (frames are listed from the top of the stack). */
    private static Predicate<List<String>> own(String frame, String callee) {
        return frames -> {
            for (String f : frames) {
                if (f.contains(callee)) {
                    return false;
                }
                if (f.startsWith(frame)) {
                    return true;
                }
            }
            return false;
        };
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java JfrSummary.java RECORDING.jfr");
            System.exit(2);
        }
        Map<String, Integer> byLibrary = new HashMap<>();
        Map<String, Integer> byPart = new LinkedHashMap<>();
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> topFrames = new HashMap<>();
        int samples = 0;
        int truncated = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            samples++;
            if (e.getStackTrace().isTruncated()) {
                truncated++;
            }
            List<String> frames = new ArrayList<>();
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
            }
            byLibrary.merge(library(frames), 1, Integer::sum);
            if (!frames.isEmpty()) {
                topFrames.merge(frames.get(0), 1, Integer::sum);
            }
            for (var part : PARTS.entrySet()) {
                if (part.getValue().test(frames)) {
                    byPart.merge(part.getKey(), 1, Integer::sum);
                }
            }
            var thread = e.getThread("sampledThread");
            String name = thread == null ? "?" : thread.getJavaName() == null ? thread.getOSName() : thread.getJavaName();
            byThread.merge(name == null ? "?" : name.replaceAll("[-#]?\\d+$", "-N"), 1, Integer::sum);
        }
        System.out.printf(Locale.ROOT, "CPU samples: %d (%d with a truncated stack)%n", samples, truncated);
        print("by library running (first non-JDK frame from the top)", byLibrary, samples, 20);
        System.out.println("by part of the request path (inclusive; parts overlap):");
        for (String part : PARTS.keySet()) {
            System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * byPart.getOrDefault(part, 0) / Math.max(1, samples),
                    part);
        }
        print("by thread", byThread, samples, 8);
        print("top frames (self)", topFrames, samples, 12);
    }

    private static String library(List<String> frames) {
        for (String frame : frames) {
            if (frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.")
                    || frame.startsWith("javax.")) {
                continue;
            }
            for (String[] lib : LIBRARIES) {
                if (frame.startsWith(lib[0])) {
                    return lib[1];
                }
            }
            String[] parts = frame.split("\\.");
            return String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, parts.length - 1)));
        }
        return "JDK only (I/O, virtual threads, collections)";
    }

    private static void print(String title, Map<String, Integer> counts, int total, int limit) {
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total),
                        e.getKey()));
    }
}
