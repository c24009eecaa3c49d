package org.openiwd.api.search;

import co.elastic.clients.elasticsearch._types.HealthStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code search}: the backend, Elasticsearch's cluster status and the outbox backlog. When
 * Elasticsearch does not answer (or is red) it reports {@link #DEGRADED}, not DOWN: the API keeps serving, with
 * PostgreSQL answering searches and the outbox keeping changes. It is part of {@code /actuator/health} (where
 * {@code DEGRADED} maps to HTTP 200, see iwd-api.yml) and deliberately not of the readiness group: taking replicas
 * out of service would not bring Elasticsearch back, only stop the writes that still work. It replaces Boot's
 * {@code elasticsearch} indicator, which would report DOWN.
 */
@Component("searchHealthIndicator")
class SearchHealthIndicator implements HealthIndicator {

    /** Elasticsearch is unavailable; searches are answered by PostgreSQL. */
    static final Status DEGRADED = new Status("DEGRADED",
            "Elasticsearch is unavailable: PostgreSQL answers searches, the outbox keeps changes");

    private final SearchProperties settings;
    private final ElasticsearchAvailability availability;
    private final OutboxBacklog backlog;

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
        HealthStatus cluster = availability.probe();
        OutboxBacklog.Snapshot waiting = backlog.current();
        Health.Builder health = cluster == null || cluster == HealthStatus.Red ? Health.status(DEGRADED) : Health.up();
        health.withDetail("backend", SearchRouter.ELASTICSEARCH)
                .withDetail("elasticsearch", cluster == null ? "unreachable" : cluster.jsonValue())
                .withDetail("outboxBacklog", waiting.rows())
                .withDetail("indexLagSeconds", waiting.lagSeconds());
        if (cluster == null) {
            health.withDetail("error", String.valueOf(availability.lastError()));
        }
        return health.build();
    }
}
