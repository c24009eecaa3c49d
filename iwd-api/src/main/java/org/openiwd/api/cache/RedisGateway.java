package org.openiwd.api.cache;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.openiwd.api.ApiProperties;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Redis as the API uses it: optional, never in the way. Every command goes through {@link #call}, which answers
 * empty instead of failing when Redis is disabled, down, or slow (a short command timeout); after a failure Redis
 * is bypassed for {@code retry-after-outage}, then a probe tries it again, so an outage costs one timeout per
 * period, not one per request. {@code iwd_redis_available} says which state it is in.
 *
 * <p>Cache invalidations travel on one topic: {@link #publish} sends after a change, {@link #onInvalidation}
 * handlers run on every replica.
 *
 * <p>Thread-safe. A command that succeeds marks Redis available only if no other command failed since it started:
 * a reply that was on its way when Redis stopped proves nothing about Redis after the stop.
 */
@Component
public class RedisGateway implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisGateway.class);

    private final ApiProperties.Redis settings;
    private final RedissonClient client;
    private final List<Consumer<String>> handlers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final MeterRegistry meters;
    /** Guards the changes of {@link #available}, {@link #outages} and {@link #bypassUntil} together. */
    private final Object state = new Object();
    /** How many times Redis was marked down; written only under {@link #state}, with {@link #available}. */
    private volatile long outages;
    private volatile long bypassUntil;
    private volatile boolean available;
    private volatile boolean warned;

    RedisGateway(ApiProperties properties, MeterRegistry meters) {
        this.settings = properties.redis();
        this.meters = meters;
        this.client = settings.enabled() ? connect(settings) : null;
        Gauge.builder("iwd.redis.available", this, g -> g.available ? 1 : 0)
                .description("1 when Redis answers, 0 when the API runs without it").register(meters);
        probe();
    }

    private static RedissonClient connect(ApiProperties.Redis settings) {
        Config config = new Config();
        // Start even when Redis is down; connect when first used.
        config.setLazyInitialization(true);
        config.useSingleServer()
                .setAddress(settings.url())
                .setTimeout((int) settings.timeout().toMillis())
                .setConnectTimeout((int) Math.max(100, settings.timeout().toMillis() * 2))
                .setRetryAttempts(0)
                .setConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionMinimumIdleSize(1);
        return Redisson.create(config);
    }

    /** The Redis name of {@code suffix} for this platform: {@code <key-prefix>:<suffix>}. */
    public String name(String suffix) {
        return settings.keyPrefix() + ":" + suffix;
    }

    /** Runs {@code command} on Redis; empty when Redis is off, down or the command failed or returned null. */
    public <T> Optional<T> call(Function<RedissonClient, T> command) {
        if (client == null || System.nanoTime() < bypassUntil) {
            return Optional.empty();
        }
        long outagesBefore = outages;
        try {
            T result = command.apply(client);
            markAvailable(outagesBefore);
            return Optional.ofNullable(result);
        }
        catch (RuntimeException e) {
            markDown(e);
            return Optional.empty();
        }
    }

    /** Tells every replica (this one included) that {@code message}'s cached entries are stale. */
    public void publish(String message) {
        handlers.forEach(h -> h.accept(message));
        call(c -> c.getTopic(name("invalidate")).publish(message));
    }

    /** Registers a handler for invalidation messages from any replica. */
    public void onInvalidation(Consumer<String> handler) {
        handlers.add(handler);
    }

    public boolean available() {
        return available;
    }

    /** While Redis is bypassed, checks now and then whether it is back (and subscribes to the topic then). */
    @Scheduled(fixedDelayString = "${iwd.api.redis.retry-after-outage:5s}")
    void probe() {
        if (client == null) {
            return;
        }
        if (System.nanoTime() >= bypassUntil && (!available || !subscribed.get())) {
            call(c -> c.getBucket(name("probe")).isExists());
            if (available && subscribed.compareAndSet(false, true)) {
                try {
                    client.getTopic(name("invalidate")).addListener(String.class, (channel, message) ->
                            handlers.forEach(h -> h.accept(message)));
                }
                catch (RuntimeException e) {
                    subscribed.set(false);
                    markDown(e);
                }
            }
        }
    }

    private void markAvailable(long outagesBefore) {
        if (available) {
            return;
        }
        synchronized (state) {
            if (available || outages != outagesBefore) {
                return;
            }
            available = true;
        }
        log.info("Redis at {} is available", settings.url());
        if (warned) {
            handlers.forEach(h -> h.accept(OUTAGE_OVER));
        }
    }

    /**
     * Sent to the local handlers when Redis answers again after an outage: shared entries may have missed the
     * invalidations of the outage, so caches that share entries through Redis drop them.
     */
    public static final String OUTAGE_OVER = "outage-over";

    private void markDown(RuntimeException e) {
        Counter.builder("iwd.redis.failures").description("Redis commands that failed or timed out").register(meters)
                .increment();
        boolean wasAvailable;
        synchronized (state) {
            outages++;
            bypassUntil = System.nanoTime() + settings.retryAfterOutage().toNanos();
            wasAvailable = available;
            available = false;
        }
        if (wasAvailable || !warned) {
            warned = true;
            log.warn("Redis at {} failed ({}); serving from the database, retrying every {}", settings.url(),
                    e.toString(), settings.retryAfterOutage());
        }
    }

    @Override
    public void destroy() {
        if (client != null) {
            client.shutdown();
        }
    }
}
