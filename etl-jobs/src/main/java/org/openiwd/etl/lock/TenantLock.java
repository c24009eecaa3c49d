package org.openiwd.etl.lock;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.openiwd.etl.EtlProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The per-tenant lock every Data Mart-writing job takes: a lease row in {@code etl.tenant_lock}, so replicas,
 * schedulers, manual and one-shot launches never run two such jobs of a tenant at once, and {@code nightly} never
 * races {@code intraday}. The lease is renewed in the background while the job runs (each renewal its own short
 * transaction, never a session lock on a pooled connection); if the holder dies, the lease runs out and the next
 * launch takes the tenant.
 */
@Component
public class TenantLock implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TenantLock.class);

    private final JdbcClient jdbc;
    private final Duration lease;
    private final String process = ManagementFactory.getRuntimeMXBean().getName();
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("tenant-lock-renewal").daemon().factory());
    private final ConcurrentMap<String, String> heldHere = new ConcurrentHashMap<>();

    TenantLock(JdbcClient jdbc, EtlProperties properties) {
        this.jdbc = jdbc;
        this.lease = properties.lock().lease();
    }

    /** A held lock; closing it releases the tenant. */
    public final class Held implements AutoCloseable {

        private final String tenantId;
        private final String owner;
        private final ScheduledFuture<?> renewal;

        private Held(String tenantId, String owner) {
            this.tenantId = tenantId;
            this.owner = owner;
            long period = Math.max(1, lease.toMillis() / 3);
            this.renewal = renewals.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
            heldHere.put(tenantId, owner);
        }

        public String owner() {
            return owner;
        }

        public String tenantId() {
            return tenantId;
        }

        private void renew() {
            try {
                int renewed = jdbc.sql("""
                        UPDATE etl.tenant_lock SET lease_until = now() + CAST(? AS interval)
                        WHERE tenant_id = ? AND owner = ?""")
                        .params(lease.toMillis() + " milliseconds", tenantId, owner).update();
                if (renewed == 0) {
                    log.error("Tenant {}: lock {} was lost (lease ran out?); the running job is no longer exclusive",
                            tenantId, owner);
                }
            }
            catch (RuntimeException e) {
                log.warn("Tenant {}: cannot renew lock {} ({}); retrying", tenantId, owner, e.toString());
            }
        }

        @Override
        public void close() {
            renewal.cancel(false);
            heldHere.remove(tenantId, owner);
            jdbc.sql("DELETE FROM etl.tenant_lock WHERE tenant_id = ? AND owner = ?").params(tenantId, owner).update();
        }
    }

    /** The lock of {@code tenantId} for {@code jobName}, or empty when another holder's lease is still running. */
    public Optional<Held> tryAcquire(String tenantId, String jobName) {
        String owner = process + "/" + UUID.randomUUID();
        int acquired = jdbc.sql("""
                INSERT INTO etl.tenant_lock (tenant_id, owner, job_name, lease_until)
                VALUES (:tenant, :owner, :job, now() + CAST(:lease AS interval))
                ON CONFLICT (tenant_id) DO UPDATE
                    SET owner = excluded.owner, job_name = excluded.job_name, acquired_at = now(),
                        lease_until = excluded.lease_until
                    WHERE etl.tenant_lock.lease_until < now()""")
                .param("tenant", tenantId).param("owner", owner).param("job", jobName)
                .param("lease", lease.toMillis() + " milliseconds")
                .update();
        return acquired == 1 ? Optional.of(new Held(tenantId, owner)) : Optional.empty();
    }

    /** Who holds the tenant now, for messages: {@code owner (job)}, or empty. */
    public Optional<String> holder(String tenantId) {
        return jdbc.sql("""
                SELECT owner || ' (' || job_name || ')' FROM etl.tenant_lock
                WHERE tenant_id = ? AND lease_until >= now()""")
                .param(tenantId).query(String.class).optional();
    }

    /** The owner of the tenant's lock when this process holds it, so a running job can record its lease. */
    public Optional<String> ownerHeldHere(String tenantId) {
        return Optional.ofNullable(heldHere.get(tenantId));
    }

    /**
     * Frees the tenant's lease if {@code owner} still holds it, for a holder known to be dead (its job execution
     * was recovered); a lease another launch has taken since stays. Joins the caller's transaction.
     */
    public boolean releaseDead(String tenantId, String owner) {
        return jdbc.sql("DELETE FROM etl.tenant_lock WHERE tenant_id = ? AND owner = ?").params(tenantId, owner)
                .update() == 1;
    }

    @Override
    public void destroy() {
        renewals.shutdownNow();
    }
}
