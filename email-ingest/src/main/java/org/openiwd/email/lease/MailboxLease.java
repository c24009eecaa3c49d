package org.openiwd.email.lease;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openiwd.email.EmailProperties;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The lease of a mailbox: a Redisson lock {@code <key-prefix>:email:lease:<tenant>/<mailbox>}, taken without
 * waiting for the length of the lease and released when the round ends, or by expiry if the replica dies. A round
 * that outlives its lease may overlap another replica's round on the same mailbox; that costs duplicate effort, not
 * duplicate tasks (submission is idempotent, the IMAP position only moves forward). When Redis is disabled or down
 * the round runs anyway, for the same reason: degrade, don't stop. Thread-safe; the lock is released on the thread
 * that took it.
 */
@Component
public class MailboxLease implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MailboxLease.class);

    private final EmailProperties.Redis settings;
    private final RedissonClient redis;
    private volatile boolean warned;

    public MailboxLease(EmailProperties properties) {
        this.settings = properties.redis();
        this.redis = settings.enabled() ? connect(settings) : null;
    }

    private static RedissonClient connect(EmailProperties.Redis settings) {
        Config config = new Config();
        config.setLazyInitialization(true);
        config.useSingleServer().setAddress(settings.url()).setTimeout((int) settings.timeout().toMillis())
                .setConnectTimeout((int) settings.timeout().toMillis()).setRetryAttempts(0)
                .setConnectionMinimumIdleSize(1).setConnectionPoolSize(8).setSubscriptionConnectionMinimumIdleSize(0);
        return Redisson.create(config);
    }

    /** Runs {@code round} unless another replica holds the lease of {@code mailboxKey}; returns whether it ran. */
    public boolean runIfFree(String mailboxKey, Duration lease, Runnable round) {
        RLock lock = null;
        boolean held = false;
        if (redis != null) {
            try {
                lock = redis.getLock(settings.keyPrefix() + ":email:lease:" + mailboxKey);
                held = lock.tryLock(0, lease.toMillis(), TimeUnit.MILLISECONDS);
                if (!held) {
                    return false;
                }
                warned = false;
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            catch (RuntimeException e) {
                if (!warned) {
                    warned = true;
                    log.warn("Redis at {} failed ({}); polling without leases until it is back", settings.url(),
                            e.toString());
                }
            }
        }
        try {
            round.run();
            return true;
        }
        finally {
            if (held) {
                release(lock);
            }
        }
    }

    private static void release(RLock lock) {
        try {
            if (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
        }
        catch (RuntimeException e) {
            log.debug("Could not release {} (it expires by itself): {}", lock.getName(), e.toString());
        }
    }

    @Override
    public void destroy() {
        if (redis != null) {
            redis.shutdown();
        }
    }
}
