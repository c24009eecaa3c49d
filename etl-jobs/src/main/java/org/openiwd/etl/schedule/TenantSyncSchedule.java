package org.openiwd.etl.schedule;

import org.openiwd.etl.tenant.TenantSync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code tenant-sync-interval}: reads the tenants from the API, registers new ones (schema, migrations,
 * default schedules) and stops scheduling deleted ones, without a restart. Only where scheduling is enabled.
 */
@Component
@ConditionalOnBooleanProperty(name = "iwd.etl.scheduling.enabled", matchIfMissing = true)
class TenantSyncSchedule {

    private static final Logger log = LoggerFactory.getLogger(TenantSyncSchedule.class);

    private final TenantSync sync;
    private final TenantSchedules schedules;

    TenantSyncSchedule(TenantSync sync, TenantSchedules schedules) {
        this.sync = sync;
        this.schedules = schedules;
    }

    @Scheduled(fixedDelayString = "${iwd.etl.scheduling.tenant-sync-interval:60s}")
    void syncTenantsAndSchedules() {
        try {
            schedules.reconcile(sync.sync());
        }
        catch (Exception e) {
            // The API or the database is away for now: the tenants and triggers stay as they are until next time.
            log.warn("Tenant sync failed, retrying in the next interval: {}", e.toString());
        }
    }
}
