package org.openiwd.api;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the IWD API.
 *
 * @param adminApiKey cluster admin key for provisioning (environment {@code IWD_ADMIN_API_KEY}); no admin access
 *     when empty
 * @param datamartApiKey cluster key of the Data Mart: lists tenants and reads any tenant's feeds and configuration
 *     named in {@code x-iwd-tenant} (environment {@code IWD_DATAMART_API_KEY}); disabled when empty
 * @param emailApiKey cluster key of the email service, with the email role on the tenant named in
 *     {@code x-iwd-tenant} (environment {@code IWD_EMAIL_API_KEY}); disabled when empty
 * @param maxRequestSize the largest request body accepted; a larger one is refused with 413 before it is parsed,
 *     by its Content-Length or, for a chunked body, as soon as reading it crosses the limit. URL and headers are
 *     bounded by the server instead ({@code server.max-http-request-header-size}, 8KB by default)
 * @param activationInterval how often classified tasks whose activation time has come are queued
 * @param queueVacuumInterval at most how often the feed sequencer and the search indexer vacuum the queue table they
 *     drain ({@code task_event_pending}, {@code search_outbox}) after taking rows from it (0: never; autovacuum
 *     alone then, which comes once a minute at best)
 * @param feed the reporting feeds
 * @param redis the runtime cache
 * @param tasks the creation of tasks
 */
@Validated
@ConfigurationProperties("iwd.api")
public record ApiProperties(
        @DefaultValue("") String adminApiKey,
        @DefaultValue("") String datamartApiKey,
        @DefaultValue("") String emailApiKey,
        @NotNull @DefaultValue("1MB") DataSize maxRequestSize,
        @NotNull @DefaultValue("5s") Duration activationInterval,
        @NotNull @DefaultValue("1s") Duration queueVacuumInterval,
        @Valid @NotNull @DefaultValue Feed feed,
        @Valid @NotNull @DefaultValue Redis redis,
        @Valid @NotNull @DefaultValue Tasks tasks) {

    /**
     * @param insertWorkers how many statements at most insert the tasks created outside a transaction at one time;
     *     creates that arrive while all are busy wait and are inserted together by the next free one (0: each create
     *     is its own statement, on its request's thread)
     * @param insertBatchMax at most this many creates in one statement
     */
    public record Tasks(
            @Min(0) @Max(64) @DefaultValue("2") int insertWorkers,
            @Min(1) @Max(1000) @DefaultValue("100") int insertBatchMax) {
    }

    /**
     * @param sequencerInterval how often the sequencer gives feed positions to committed events when no write on
     *     this replica nudged it (writes nudge it at once)
     * @param sequencerMinGap the least time from the start of one sequencer run to the next: nudges that come
     *     sooner wait for it and are served by one run, so that under load a run positions many commits' events
     *     (at most this much later) instead of one commit's (0: every nudge runs at once)
     * @param sequencerBatch at most this many events get positions in one sequencer transaction
     * @param defaultPageSize events per page when the reader gives no {@code limit}
     * @param maxPageSize the largest {@code limit} a reader may ask for
     */
    public record Feed(
            @NotNull @DefaultValue("200ms") Duration sequencerInterval,
            @NotNull @DefaultValue("20ms") Duration sequencerMinGap,
            @Min(1) @Max(100_000) @DefaultValue("10000") int sequencerBatch,
            @Min(1) @DefaultValue("1000") int defaultPageSize,
            @Min(1) @Max(10_000) @DefaultValue("10000") int maxPageSize) {
    }

    /**
     * @param enabled whether Redis is used at all; without it every replica caches only locally (the demo)
     * @param url Redis address (environment {@code IWD_REDIS_URL})
     * @param timeout how long one Redis command may take before Redis counts as down for this request
     * @param retryAfterOutage after a failure, Redis is bypassed for this long, then tried again
     * @param localCacheTime how long a replica keeps an API key or a configuration lookup in memory: the longest a
     *     revoked key or a changed process can still be seen when Redis cannot carry the invalidation
     * @param sharedCacheTime how long a resolved API key is kept in Redis for all replicas
     * @param requestsPerSecondPerKey requests one tenant key may make per second across replicas (0: no limit);
     *     more are answered 429 with Retry-After
     * @param rateLimitSyncInterval how often a replica adds its requests per key to the count in Redis and learns
     *     the other replicas' (at most once per key and interval): between two, replicas together can let a key
     *     through by up to what the others serve in one interval more than its limit
     * @param keyPrefix the start of every Redis name the API uses (keys, locks, rate limiters, the invalidation
     *     topic): replicas of one platform share it; platforms sharing one Redis each need their own
     */
    public record Redis(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("redis://127.0.0.1:6379") String url,
            @NotNull @DefaultValue("250ms") Duration timeout,
            @NotNull @DefaultValue("5s") Duration retryAfterOutage,
            @NotNull @DefaultValue("5s") Duration localCacheTime,
            @NotNull @DefaultValue("1m") Duration sharedCacheTime,
            @Min(0) @DefaultValue("200") int requestsPerSecondPerKey,
            @NotNull @DefaultValue("100ms") Duration rateLimitSyncInterval,
            @NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") @DefaultValue("iwd") String keyPrefix) {
    }
}
