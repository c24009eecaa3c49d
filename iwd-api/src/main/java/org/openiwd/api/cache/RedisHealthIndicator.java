package org.openiwd.api.cache;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Reports the runtime cache: UP with Redis, DEGRADED without it (the API serves from the database). It is part of
 * the readiness group, where DEGRADED is answered with HTTP 200, so losing Redis shows in the probe but never takes
 * a replica out of the Service. It sends no command: it reports what the last commands saw.
 */
@Component("redis")
class RedisHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "serving from the database without the shared cache");

    private final RedisGateway redis;

    RedisHealthIndicator(RedisGateway redis) {
        this.redis = redis;
    }

    @Override
    public Health health() {
        return (redis.available() ? Health.up() : Health.status(DEGRADED)).build();
    }
}
