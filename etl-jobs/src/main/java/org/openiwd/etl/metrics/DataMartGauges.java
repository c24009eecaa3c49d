package org.openiwd.etl.metrics;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The per-tenant gauges that come from the Data Mart (last start, success and failure of each job, events loaded
 * by the last run, watermarks, lag, quarantine), served from a cached snapshot so that a scrape costs no query:
 * the snapshot of a tenant is read again when one of its jobs starts or ends, and all tenants are read again when
 * a scrape finds the snapshot older than {@code iwd.etl.metrics.snapshot-max-age}, one query per tenant, by one
 * scrape at a time. Series appear when their value exists (a job never failed has no {@code last_fail}) and go
 * when their tenant stops being served.
 *
 * <p>{@code iwddm_tenants} (the tenants served) is always there; its reading is what starts a stale refresh, so a
 * new tenant's series appear within one refresh and one scrape. Thread-safe.
 */
@Component
class DataMartGauges {

    private static final Logger log = LoggerFactory.getLogger(DataMartGauges.class);

    private record Key(String name, Tags tags) {
    }

    private static final Map<String, String> HELP = Map.of(
            "iwddm.job.last.start", "When the job's last run for the tenant started, epoch seconds",
            "iwddm.job.last.success", "When the job last completed for the tenant, epoch seconds",
            "iwddm.job.last.fail", "When the job last failed for the tenant, epoch seconds",
            "iwddm.etl.stats.general.events", "Task events loaded by the job's last run for the tenant",
            "iwddm.watermark.event.id", "Position of the last event loaded from the feed (the watermark)",
            "iwddm.lag.seconds", "Now minus the occurrence time of the newest task event loaded",
            "iwddm.quarantine.events", "Events kept in the tenant's quarantine (etl_quarantine)");

    private final MeterRegistry meters;
    private final JobStatusTable table;
    private final TenantRegistry tenants;
    private final MetricsProperties settings;
    private final ReentrantLock refreshing = new ReentrantLock();
    private final Map<String, TenantStatus> statuses = new ConcurrentHashMap<>();
    private final Map<Key, Gauge> registered = new ConcurrentHashMap<>();
    private volatile Map<Key, DoubleSupplier> values = Map.of();
    private volatile long nextRefreshAt = System.nanoTime();

    DataMartGauges(MeterRegistry meters, JobStatusTable table, TenantRegistry tenants,
            MetricsProperties settings) {
        this.meters = meters;
        this.table = table;
        this.tenants = tenants;
        this.settings = settings;
        Gauge.builder("iwddm.tenants", this, DataMartGauges::servedTenants).strongReference(true)
                .description("Tenants whose Data Mart this process reports on").register(meters);
    }

    /**
     * After one of a tenant's jobs started: the next reading of a gauge reads the Data Mart again. Never blocks, so
     * a job never waits for monitoring before it starts.
     */
    void expire() {
        nextRefreshAt = System.nanoTime();
    }

    /** Reads one tenant's state again, after one of its jobs ended. Never throws. */
    void refresh(DataMartTenant tenant) {
        if (!inScope(tenant.id())) {
            return;
        }
        refreshing.lock();
        try {
            read(tenant);
            publish();
        }
        finally {
            refreshing.unlock();
        }
    }

    private double servedTenants() {
        refreshIfStale();
        return statuses.size();
    }

    private double value(Key key) {
        refreshIfStale();
        DoubleSupplier value = values.get(key);
        return value == null ? Double.NaN : value.getAsDouble();
    }

    private void refreshIfStale() {
        if (System.nanoTime() - nextRefreshAt < 0 || !refreshing.tryLock()) {
            return;
        }
        try {
            List<DataMartTenant> served = tenants.active().stream().filter(t -> inScope(t.id())).toList();
            statuses.keySet().retainAll(served.stream().map(DataMartTenant::id).toList());
            served.forEach(this::read);
            publish();
        }
        catch (RuntimeException e) {
            log.warn("Data Mart gauges not refreshed, keeping the last values: {}", e.toString());
        }
        finally {
            nextRefreshAt = System.nanoTime() + settings.snapshotMaxAge().toNanos();
            refreshing.unlock();
        }
    }

    private void read(DataMartTenant tenant) {
        try {
            statuses.put(tenant.id(), table.read(tenant));
        }
        catch (RuntimeException e) {
            // One tenant's broken schema must not hide the others' metrics.
            log.warn("Tenant {}: Data Mart gauges not refreshed: {}", tenant.id(), e.toString());
        }
    }

    private boolean inScope(String tenantId) {
        return settings.onlyTenant().isEmpty() || settings.onlyTenant().equals(tenantId);
    }

    /** Swaps in the values of the current statuses and registers or removes series to match; under the lock. */
    private void publish() {
        Map<Key, DoubleSupplier> next = new HashMap<>();
        for (TenantStatus status : statuses.values()) {
            Tags tenant = Tags.of("tenant", status.tenantId());
            status.watermarks().forEach((feed, mark) -> {
                next.put(new Key("iwddm.watermark.event.id", tenant.and("feed", feed)), mark::lastEventId);
                if (feed.equals("task") && mark.lastEventAt() != null) {
                    long at = mark.lastEventAt().toEpochMilli();
                    next.put(new Key("iwddm.lag.seconds", tenant), () -> (System.currentTimeMillis() - at) / 1000.0);
                }
            });
            long quarantined = status.quarantined();
            next.put(new Key("iwddm.quarantine.events", tenant), () -> quarantined);
            status.jobs().forEach((job, run) -> {
                if (!settings.onlyJob().isEmpty() && !settings.onlyJob().equals(job)) {
                    return;
                }
                Tags tags = tenant.and("job", job);
                putTime(next, new Key("iwddm.job.last.start", tags), run.lastStart());
                putTime(next, new Key("iwddm.job.last.success", tags), run.lastSuccess());
                putTime(next, new Key("iwddm.job.last.fail", tags), run.lastFail());
                if (run.eventsLoaded() != null) {
                    long events = run.eventsLoaded();
                    next.put(new Key("iwddm.etl.stats.general.events", tags), () -> events);
                }
            });
        }
        values = next;
        next.keySet().forEach(key -> registered.computeIfAbsent(key, k -> Gauge.builder(k.name(), this,
                g -> g.value(k)).tags(k.tags()).description(HELP.get(k.name())).strongReference(true)
                .register(meters)));
        registered.keySet().removeIf(key -> {
            if (next.containsKey(key)) {
                return false;
            }
            meters.remove(registered.get(key));
            return true;
        });
    }

    private static void putTime(Map<Key, DoubleSupplier> values, Key key, Instant at) {
        if (at != null) {
            double seconds = at.toEpochMilli() / 1000.0;
            values.put(key, () -> seconds);
        }
    }
}
