package org.openiwd.api.search;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether Elasticsearch answers, as the indexer, searches and health checks last saw it. While it does not,
 * searches go straight to PostgreSQL instead of waiting for a connection to fail, and the indexer backs off.
 * Logs one WARN when Elasticsearch goes away, a reminder every {@link #REMINDER} while it stays away, and one INFO
 * when it is back: an outage is a state, not a stream of errors. Thread-safe.
 */
@Component
@OnElasticsearchBackend
class ElasticsearchAvailability {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchAvailability.class);
    static final Duration REMINDER = Duration.ofMinutes(5);

    private final ElasticsearchClient es;
    private final Clock clock;
    private Instant downSince;
    private Instant lastWarning;
    private String lastError;

    ElasticsearchAvailability(ElasticsearchClient es, Clock clock) {
        this.es = es;
        this.clock = clock;
    }

    synchronized boolean reachable() {
        return downSince == null;
    }

    synchronized String lastError() {
        return lastError;
    }

    synchronized void answered() {
        if (downSince != null) {
            log.info("Elasticsearch answers again after {} s; the indexer catches up from the outbox",
                    Duration.between(downSince, clock.instant()).toSeconds());
            downSince = null;
            lastError = null;
        }
    }

    synchronized void failed(Exception e) {
        Instant now = clock.instant();
        lastError = e.toString();
        if (downSince == null) {
            downSince = now;
            lastWarning = now;
            log.warn("Elasticsearch is unavailable ({}): searches are answered by PostgreSQL and task changes wait "
                    + "in the outbox", lastError);
        }
        else if (Duration.between(lastWarning, now).compareTo(REMINDER) >= 0) {
            lastWarning = now;
            log.warn("Elasticsearch is still unavailable after {} s ({})",
                    Duration.between(downSince, now).toSeconds(), lastError);
        }
    }

    /**
     * Asks Elasticsearch for the cluster health ({@code GET /_cluster/health}; this distribution has no
     * {@code GET /}) and records the outcome: a red cluster counts as unavailable. Returns the cluster status, or
     * null when it did not answer.
     */
    HealthStatus probe() {
        try {
            HealthStatus status = es.cluster().health().status();
            if (status == HealthStatus.Red) {
                failed(new IllegalStateException("cluster health is red"));
            }
            else {
                answered();
            }
            return status;
        }
        catch (Exception e) {
            failed(e);
            return null;
        }
    }
}
