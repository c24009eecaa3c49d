package org.openiwd.api.cache;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * Background work that one replica at a time should do (sweeps, index drains): a Redis lock with a lease, taken
 * without waiting and released when the work is done, or by expiry if the replica dies. Without Redis every
 * replica does the work, so such work must be safe to run concurrently (row locks with SKIP LOCKED): the lease
 * only saves the duplicate effort.
 */
@Component
public class SingletonLease {

    private final RedisGateway redis;

    SingletonLease(RedisGateway redis) {
        this.redis = redis;
    }

    /** Runs {@code work} unless another replica holds the lease {@code name}; returns whether it ran. */
    public boolean runIfFree(String name, Duration lease, Runnable work) {
        var lock = redis.call(c -> c.getLock(redis.name("lease:" + name)));
        boolean held = lock.flatMap(l -> redis.call(c -> tryLock(l, lease))).orElse(false);
        if (lock.isPresent() && !held && redis.available()) {
            return false;
        }
        try {
            work.run();
            return true;
        }
        finally {
            if (held) {
                redis.call(c -> {
                    if (lock.get().isHeldByCurrentThread()) {
                        lock.get().unlock();
                    }
                    return Boolean.TRUE;
                });
            }
        }
    }

    private static boolean tryLock(org.redisson.api.RLock lock, Duration lease) {
        try {
            return lock.tryLock(0, lease.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
