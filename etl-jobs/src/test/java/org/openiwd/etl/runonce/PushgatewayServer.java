package org.openiwd.etl.runonce;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Prometheus Pushgateway of the test's own (Debian's {@code prometheus-pushgateway}, which
 * {@code ./iwd services start} installs), on a free port, in memory only.
 */
final class PushgatewayServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus-pushgateway");

    private final int port;
    private final Process process;
    private final HttpClient http = HttpClient.newHttpClient();

    private PushgatewayServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static PushgatewayServer start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: run ./iwd services start (it installs Debian's"
                    + " prometheus-pushgateway)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("iwd-pushgateway", ".log");
        Process process = new ProcessBuilder(List.of(BINARY.toString(),
                "--web.listen-address=127.0.0.1:" + port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PushgatewayServer server = new PushgatewayServer(port, process);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (server.get("/-/ready").statusCode() == 200) {
                    return server;
                }
            }
            catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        server.close();
        throw new IllegalStateException("prometheus-pushgateway did not start on port " + port + "; see " + log);
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** Everything pushed so far, in the text format, as Prometheus would scrape it. */
    String metrics() throws IOException, InterruptedException {
        return get("/metrics").body();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + address() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
