package org.openiwd.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code promtool check metrics} (Debian's {@code prometheus} package, installed by {@code scripts/services.sh}) on
 * a scrape. Where promtool is missing the check is skipped on a developer's machine but fails under CI (environment
 * {@code CI} set), so a CI run cannot pass without it; etl-jobs' {@code EtlMetricsScrapeTest} does the same.
 */
final class Promtool {

    private Promtool() {
    }

    /**
     * Checks {@code scrape} (Prometheus text format): exit 0 is clean, 3 is lint warnings only, anything else (a
     * parse error) fails. Returns the lint lines, printed too, for the caller to judge.
     */
    static List<String> checkMetrics(String scrape) throws IOException, InterruptedException {
        Path promtool = find().orElse(null);
        if (promtool == null) {
            String missing = "promtool is not installed (scripts/services.sh installs Debian's prometheus package)";
            if (System.getenv("CI") != null) {
                Assertions.fail(missing + ": CI must lint the scrape");
            }
            Assumptions.abort(missing);
        }
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("promtool ends").isTrue();
        System.out.println("promtool check metrics: exit " + p.exitValue() + "\n" + output);
        assertThat(p.exitValue()).as("promtool check metrics exit (0 clean, 3 lint only):\n" + output).isIn(0, 3);
        return output.lines().filter(line -> !line.isBlank()).toList();
    }

    /** {@code /usr/bin/promtool}, else the first on the {@code PATH}. */
    private static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of("/usr/bin"), Stream.of(path.split(File.pathSeparator)))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
