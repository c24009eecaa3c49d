package org.openiwd.api.search;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An Elasticsearch of a test's own, run by the project's {@code scripts/elasticsearch.sh} on a free port with a
 * temporary data folder that survives {@link #stop()} and {@link #start()}, like a real server's. {@link #destroy()}
 * stops it and deletes its folders.
 */
final class ElasticsearchInstance {

    private static final Path SCRIPT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent()
            .resolve("scripts/elasticsearch.sh");
    private static final Path HOME_BASE = Path.of(System.getenv().getOrDefault("IWD_ES_HOME_BASE",
            "/var/lib/iwd/elasticsearch"));

    private final int port;
    private final Path data;

    private ElasticsearchInstance(int port, Path data) {
        this.port = port;
        this.data = data;
    }

    /** A new instance on a free port (not started); null when the script is missing here. */
    static ElasticsearchInstance create() throws IOException {
        if (!Files.isRegularFile(SCRIPT)) {
            return null;
        }
        return new ElasticsearchInstance(freePort(), Files.createTempDirectory("iwd-es-test-"));
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts it and waits until it is healthy; the script's output when it fails. */
    Result start() {
        return run("start");
    }

    Result stop() {
        return run("stop");
    }

    /** Stops it and deletes its data and its instance folder. */
    void destroy() throws IOException {
        stop();
        delete(data);
        delete(HOME_BASE.resolve("node-" + port));
    }

    /** What the script printed and how it exited. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Result run(String command) {
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("IWD_ES_PORT", Integer.toString(port));
            builder.environment().put("IWD_ES_DATA", data.toString());
            Process process = builder.start();
            String output;
            try (var in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, output + "\n(timed out)");
            }
            return new Result(process.exitValue(), output);
        }
        catch (IOException e) {
            return new Result(-1, e.toString());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }

    private static int freePort() throws IOException {
        for (int port = 9250; port < 9300; port++) {
            if (free(port) && free(port + 100)) {
                return port;
            }
        }
        throw new IOException("no free port pair in 9250-9299 and 9350-9399");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
