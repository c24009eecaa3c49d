package org.openiwd.api.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.redisson.api.RLock;
import org.springframework.stereotype.Component;

/**
 * Background work that one replica at a time should do (the activation sweep, the search index sweep): a Redis
 * lock with a lease, taken without waiting and released when the work is done, or by expiry if the replica dies
 * or the work outlasts the lease. Without Redis every replica does the work, so such work must be safe to run
 * concurrently (row locks with SKIP LOCKED, advisory locks): the lease only saves the duplicate effort. The lock
 * belongs to the calling thread, which runs the work.
 */
@Component
public class SingletonLease {

    private final RedisGateway redis;

    SingletonLease(RedisGateway redis) {
        this.redis = redis;
    }

    /** Work run under a lease; it may throw what its caller handles. */
    @FunctionalInterface
    public interface Work<E extends Exception> {
        void run() throws E;
    }

    /**
     * Runs {@code work} on the calling thread unless another replica holds the lease {@code name}; returns whether
     * it ran. An exception of the work is thrown after the lease is released.
     */
    public <E extends Exception> boolean runIfFree(String name, Duration lease, Work<E> work) throws E {
        // Taking the lock object touches no server: it goes in one call with the attempt, so that only an
        // answer from Redis counts as Redis being there.
        Optional<RLock> held = redis.call(c -> {
            RLock lock = c.getLock(redis.name("lease:" + name));
            return tryLock(lock, lease) ? lock : null;
        });
        if (held.isEmpty() && redis.available()) {
            return false;
        }
        try {
            work.run();
            return true;
        }
        finally {
            held.ifPresent(lock -> redis.call(c -> {
                if (lock.isHeldByCurrentThread()) {
                    lock.unlock();
                }
                return Boolean.TRUE;
            }));
        }
    }

    private static boolean tryLock(RLock lock, Duration lease) {
        try {
            return lock.tryLock(0, lease.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
