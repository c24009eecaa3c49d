package org.openiwd.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.openiwd.api.ApiProperties;
import org.openiwd.api.cache.RedisGateway;
import org.springframework.beans.factory.annotation.Autowired;

/** The key cache on the real Redis, against the interleavings of a database read with a revocation. */
class ApiKeyCacheTest extends ApiIntegrationTest {

    @Autowired
    ApiKeyCache cache;
    @Autowired
    RedisGateway redis;
    @Autowired
    ApiProperties properties;
    @Autowired
    MeterRegistry meters;

    @Test
    void aDatabaseReadOverlappingARevocationCannotShareTheRevokedKeyWithOtherReplicas() {
        byte[] hash = new byte[32];
        new SecureRandom().nextBytes(hash);
        Caller valid = new Caller(Role.TENANT, "overlap", false);

        // This replica reads the key while it is still valid; the revocation commits before it shares the answer.
        Optional<Caller> stale = cache.resolve(hash, () -> {
            cache.evictKey(hash);
            return Optional.of(valid);
        });
        assertThat(stale).as("the database's answer at the time of the read").contains(valid);

        ApiKeyCache otherReplica = new ApiKeyCache(redis, properties, meters);
        boolean[] askedDatabase = {false};
        Optional<Caller> seen = otherReplica.resolve(hash, () -> {
            askedDatabase[0] = true;
            return Optional.empty();
        });
        assertThat(seen).as("another replica refuses the revoked key").isEmpty();
        assertThat(askedDatabase[0]).as("on the tombstone's word").isFalse();
        assertThat(cache.resolve(hash, Optional::empty)).as("nor did the reading replica keep it").isEmpty();
    }

    @Test
    void aRevokedKeyIsForgottenAtOnceByTheRevokingReplica() {
        byte[] hash = new byte[32];
        new SecureRandom().nextBytes(hash);
        Caller valid = new Caller(Role.TENANT, "forgotten", false);
        assertThat(cache.resolve(hash, () -> Optional.of(valid))).contains(valid);

        cache.evictKey(hash);

        assertThat(cache.resolve(hash, Optional::empty)).isEmpty();
    }
}
