package org.openiwd.etl.console.schedules;

import java.time.Instant;

/**
 * A tenant's schedule of one job and its Quartz trigger.
 *
 * @param tenantId the tenant
 * @param job the job
 * @param cron the Quartz cron expression
 * @param timeZone the zone it is read in: the tenant's
 * @param enabled false when paused
 * @param triggerState Quartz's state of the trigger ({@code NORMAL}, {@code PAUSED}, {@code BLOCKED},
 *     {@code ERROR}, {@code NONE} when it has none yet)
 * @param previousFire its last firing, or null
 * @param nextFire its next firing, or null
 */
public record ScheduleRow(String tenantId, String job, String cron, String timeZone, boolean enabled,
        String triggerState, Instant previousFire, Instant nextFire) {
}
