package org.openiwd.api.search;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import co.elastic.clients.elasticsearch._types.HealthStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code search}: the backend, Elasticsearch's cluster status and the outbox backlog. When
 * Elasticsearch does not answer within {@code health-timeout} (or is red) it reports {@link #DEGRADED}, not DOWN:
 * the API keeps serving, with PostgreSQL answering searches and the outbox keeping changes. It is part of
 * {@code /actuator/health} and of the readiness group, where {@code DEGRADED} maps to HTTP 200 (iwd-api.yml): the
 * probe shows the state without taking replicas out of service, which would not bring Elasticsearch back, only
 * stop the writes that still work. It replaces Boot's {@code elasticsearch} indicator, which would report DOWN.
 * Thread-safe: at most one cluster health request is in flight; a check that times out leaves it to end on its
 * virtual thread, marks Elasticsearch unavailable (searches go to PostgreSQL), and the next checks wait on it.
 */
@Component("searchHealthIndicator")
class SearchHealthIndicator implements HealthIndicator {

    /** Elasticsearch is unavailable; searches are answered by PostgreSQL. */
    static final Status DEGRADED = new Status("DEGRADED",
            "Elasticsearch is unavailable: PostgreSQL answers searches, the outbox keeps changes");

    private final SearchProperties settings;
    private final ElasticsearchAvailability availability;
    private final OutboxBacklog backlog;
    /** The probe still waiting for the cluster, shared by checks, so a hung cluster holds one connection. */
    private final AtomicReference<CompletableFuture<HealthStatus>> inFlight = new AtomicReference<>();

    SearchHealthIndicator(SearchProperties settings, ObjectProvider<ElasticsearchAvailability> availability,
            ObjectProvider<OutboxBacklog> backlog) {
        this.settings = settings;
        this.availability = availability.getIfAvailable();
        this.backlog = backlog.getIfAvailable();
    }

    @Override
    public Health health() {
        if (!settings.elasticsearch()) {
            return Health.up().withDetail("backend", SearchRouter.POSTGRES).build();
        }
        CompletableFuture<HealthStatus> probe = inFlight.updateAndGet(running -> running == null || running.isDone()
                ? CompletableFuture.supplyAsync(availability::probe, Thread::startVirtualThread)
                : running);
        HealthStatus cluster;
        String error = null;
        try {
            cluster = probe.get(settings.healthTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (cluster == null) {
                error = String.valueOf(availability.lastError());
            }
        }
        catch (TimeoutException e) {
            cluster = null;
            error = "no answer within " + settings.healthTimeout().toMillis() + " ms";
            // Searches should not wait on it either; the next answer marks it reachable again.
            availability.failed(new TimeoutException(error));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cluster = null;
            error = "interrupted";
        }
        catch (ExecutionException e) {
            cluster = null;
            error = e.getCause().toString();
        }
        OutboxBacklog.Snapshot waiting = backlog.current();
        Health.Builder health = cluster == null || cluster == HealthStatus.Red ? Health.status(DEGRADED) : Health.up();
        health.withDetail("backend", SearchRouter.ELASTICSEARCH)
                .withDetail("elasticsearch", cluster == null ? "unreachable" : cluster.jsonValue())
                .withDetail("outboxBacklog", waiting.rows())
                .withDetail("indexLagSeconds", waiting.lagSeconds());
        if (error != null) {
            health.withDetail("error", error);
        }
        return health.build();
    }
}
