package org.openiwd.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs an external tool (helm, node, promtool) and returns its exit code and merged output. */
public record Command(int exit, String output) {

    public static Command run(List<String> command) {
        return run(command, Map.of(), null);
    }

    /** Runs {@code command} with {@code environment} added, {@code stdin} (or nothing) as input, for at most 5 minutes. */
    public static Command run(List<String> command, Map<String, String> environment, String stdin) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Command(process.exitValue(), output.join());
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static List<String> of(Path program, String... args) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(program.toString()),
                java.util.Arrays.stream(args)).toList();
    }
}
