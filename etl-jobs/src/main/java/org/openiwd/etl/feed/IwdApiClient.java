package org.openiwd.etl.feed;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.zip.GZIPInputStream;

import org.openiwd.etl.EtlProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The IWD API as the Data Mart reads it: the tenant list and pages of a tenant's feeds. The configured key is
 * either the cluster datamart key (every tenant, named in {@code x-iwd-tenant}) or one tenant's own datamart key
 * (a per-tenant CronJob: that tenant only); which one it is, the API says ({@code GET /tenant}) at the first use,
 * and a tenant key is never used to read another tenant's feed into that tenant's Data Mart. Transport errors,
 * 5xx and malformed pages are retried with exponential back-off; a 4xx is a configuration error and fails at once.
 * {@code read-timeout} bounds both the wait for an answer and every silence within its body
 * ({@link ReadTimeoutInputStream}). Thread-safe; {@link #close} stops the read timeouts' watchdog thread.
 */
@Component
public class IwdApiClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IwdApiClient.class);

    private final EtlProperties.Api settings;
    private final HttpClient http;
    private final JsonMapper json;
    private final FeedEventParser parser;
    private final ScheduledThreadPoolExecutor watchdog;

    IwdApiClient(EtlProperties properties, JsonMapper json) {
        this.settings = properties.api();
        this.json = json;
        this.parser = new FeedEventParser(json);
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        this.watchdog = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("iwd-api-read-timeout").factory());
        watchdog.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    /** A tenant as the API lists it. */
    public record ApiTenant(String id, String name, String timeZone) {
    }

    private record TenantList(List<ApiTenant> tenants) {
    }

    /**
     * The tenants the key serves: all of them ({@code complete}) for a cluster key, its own for a tenant's key.
     */
    public record ServedTenants(List<ApiTenant> tenants, boolean complete) {
    }

    /** What the configured key reads: any tenant (cluster), or the one named. */
    private record KeyScope(boolean cluster, String tenantId) {
    }

    private record OwnTenant(String id, String name, String timeZone, String role, boolean cluster) {
    }

    private volatile KeyScope scope;

    /** The tenants the configured key serves. */
    public List<ApiTenant> tenants() {
        return servedTenants().tenants();
    }

    /** The tenants the configured key serves, and whether that is every tenant of the platform. */
    public ServedTenants servedTenants() {
        KeyScope known = scope;
        if (known == null || known.cluster()) {
            try {
                List<ApiTenant> all = withRetries("list tenants", () -> {
                    try (InputStream body = get("/provisioning", null)) {
                        return json.readValue(body, TenantList.class).tenants();
                    }
                });
                scope = new KeyScope(true, null);
                return new ServedTenants(all, true);
            }
            catch (ApiRefusedException e) {
                if (e.status() != 403) {
                    throw e;
                }
            }
        }
        OwnTenant own = ownTenant(null);
        scope = new KeyScope(own.cluster(), own.id());
        return new ServedTenants(List.of(new ApiTenant(own.id(), own.name(), own.timeZone())), false);
    }

    /** Refuses to read {@code tenantId}'s feeds with another tenant's own key. */
    private void checkScope(String tenantId) {
        KeyScope known = scope;
        if (known == null) {
            OwnTenant own = ownTenant(tenantId);
            known = new KeyScope(own.cluster(), own.id());
            scope = known;
        }
        if (!known.cluster() && !known.tenantId().equals(tenantId)) {
            throw new ApiRefusedException(403, "The configured datamart key is tenant " + known.tenantId()
                    + "'s own key: it cannot read tenant " + tenantId);
        }
    }

    private OwnTenant ownTenant(String tenantId) {
        return withRetries("find the key's tenant", () -> {
            try (InputStream body = get("/tenant", tenantId)) {
                return json.readValue(body, OwnTenant.class);
            }
        });
    }

    /** The page of {@code tenantId}'s task events after position {@code after}. */
    public FeedPage taskEvents(String tenantId, long after, int limit) {
        checkScope(tenantId);
        return withRetries("read events of " + tenantId, () -> {
            try (InputStream body = get("/reporting/events?after=" + after + "&limit=" + limit, tenantId)) {
                return parser.parse(body);
            }
        });
    }

    /**
     * The newest position of {@code tenantId}'s task event feed and its time ({@code occurredAt} null when the feed
     * is empty). One attempt, no retry: it serves monitoring (the console's progress and lag), where a failure is
     * shown rather than waited out.
     */
    public FeedHead taskEventsHead(String tenantId) {
        checkScope(tenantId);
        try (InputStream body = get("/reporting/events/head", tenantId)) {
            return json.readValue(body, FeedHead.class);
        }
        catch (IOException e) {
            throw new IllegalStateException("Cannot read the feed head of " + tenantId + ": " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the feed head of " + tenantId, e);
        }
    }

    /** The newest position of a tenant's feed and when its event occurred (null for an empty feed). */
    public record FeedHead(long id, java.time.Instant occurredAt) {
    }

    /** The page of {@code tenantId}'s configuration events after position {@code after}. */
    public ConfigPage configEvents(String tenantId, long after, int limit) {
        checkScope(tenantId);
        return withRetries("read configuration events of " + tenantId, () -> {
            try (InputStream body = get("/reporting/config-events?after=" + after + "&limit=" + limit, tenantId)) {
                return ConfigEventParser.parse(json, body);
            }
        });
    }

    private InputStream get(String path, String tenantId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url() + path))
                .timeout(settings.readTimeout())
                .header("x-api-key", settings.datamartApiKey())
                .header("accept", "application/json")
                .GET();
        if (settings.gzip()) {
            request.header("accept-encoding", "gzip");
        }
        if (tenantId != null) {
            request.header("x-iwd-tenant", tenantId);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        InputStream body;
        try {
            body = new ReadTimeoutInputStream(response.body(), settings.readTimeout(), watchdog);
        }
        catch (RuntimeException e) {
            response.body().close();
            throw e;
        }
        if (response.headers().firstValue("content-encoding").filter("gzip"::equalsIgnoreCase).isPresent()) {
            try {
                body = new GZIPInputStream(body, 64 * 1024);
            }
            catch (IOException e) {
                body.close();
                throw e;
            }
        }
        int status = response.statusCode();
        if (status >= 500) {
            body.close();
            throw new IOException("IWD API answered " + status + " for " + path);
        }
        if (status >= 400) {
            String problem;
            try (InputStream refusal = body) {
                problem = new String(refusal.readAllBytes(), StandardCharsets.UTF_8);
            }
            throw new ApiRefusedException(status, "IWD API refused " + path + " with " + status + ": " + problem);
        }
        return body;
    }

    private interface Call<T> {
        T run() throws IOException, InterruptedException;
    }

    private <T> T withRetries(String what, Call<T> call) {
        Duration backoff = settings.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            }
            catch (IOException | FeedEventParser.MalformedFeedException e) {
                if (attempt >= settings.maxAttempts()) {
                    throw new IllegalStateException("Cannot " + what + " after " + attempt + " attempts: " + e, e);
                }
                log.warn("Cannot {} (attempt {} of {}), retrying in {}: {}", what, attempt, settings.maxAttempts(),
                        backoff, e.toString());
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while trying to " + what, e);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The API refused the request (4xx): a wrong key or tenant, not worth retrying. */
    public static class ApiRefusedException extends RuntimeException {

        private final int status;

        ApiRefusedException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status the API answered. */
        public int status() {
            return status;
        }
    }
}
