package org.openiwd.api.search;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the task search ({@code iwd.api.search}); Elasticsearch's address is {@code spring.elasticsearch.uris}
 * (environment {@code IWD_ES_URL}).
 *
 * @param backend {@code elasticsearch} (an outbox feeds the index; PostgreSQL answers while the index is
 *     unavailable) or {@code postgres} (no Elasticsearch at all, no outbox: the demo and small installs);
 *     environment {@code IWD_SEARCH_BACKEND}
 * @param indexPrefix start of every index and alias name, so that several installations (or test runs) can share
 *     one cluster: a tenant's alias is {@code <prefix>-<tenant>}
 * @param indexReplicas replicas of each tenant's index (0 on a single-node cluster keeps it green)
 * @param maxLag a tenant's searches go to PostgreSQL while its oldest change not yet indexed is older than this
 * @param indexerBatch outbox rows indexed per bulk request and transaction
 * @param indexerInterval how often the indexer looks at the outbox when no commit on this replica nudged it
 * @param maxBackoff the longest wait between two attempts while Elasticsearch is unreachable
 * @param reconcileInterval how often the indexer checks that every tenant has an index, building missing ones
 *     (after an upgrade, or a cluster that lost its data)
 * @param rebuildBatch tasks per bulk request when an index is built from PostgreSQL
 * @param lockTimeout how long a rebuild waits for a running build of the same tenant before answering 409
 * @param healthTimeout how long a health check waits for Elasticsearch's cluster health before reporting it
 *     DEGRADED, so that a hung cluster cannot make the readiness probe time out
 */
@Validated
@ConfigurationProperties("iwd.api.search")
public record SearchProperties(
        @NotNull @DefaultValue("elasticsearch") Backend backend,
        @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,99}") @DefaultValue("iwd-tasks") String indexPrefix,
        @Min(0) @Max(10) @DefaultValue("1") int indexReplicas,
        @NotNull @DefaultValue("10s") Duration maxLag,
        @Min(1) @Max(10_000) @DefaultValue("500") int indexerBatch,
        @NotNull @DefaultValue("1s") Duration indexerInterval,
        @NotNull @DefaultValue("30s") Duration maxBackoff,
        @NotNull @DefaultValue("5m") Duration reconcileInterval,
        @Min(1) @Max(10_000) @DefaultValue("1000") int rebuildBatch,
        @NotNull @DefaultValue("30s") Duration lockTimeout,
        @NotNull @DefaultValue("2s") Duration healthTimeout) {

    /** Where searches are answered. */
    public enum Backend {
        /** Elasticsearch, fed through the outbox; PostgreSQL while it is unavailable or behind. */
        ELASTICSEARCH,
        /** PostgreSQL only. */
        POSTGRES
    }

    boolean elasticsearch() {
        return backend == Backend.ELASTICSEARCH;
    }
}
