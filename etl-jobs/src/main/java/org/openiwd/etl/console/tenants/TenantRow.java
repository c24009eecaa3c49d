package org.openiwd.etl.console.tenants;

import java.time.Duration;
import java.time.Instant;

/**
 * One tenant's Data Mart at a glance.
 *
 * @param tenantId the tenant
 * @param name its name
 * @param timeZone its reports' zone
 * @param schema its Data Mart schema
 * @param taskWatermark the position of the last task event loaded
 * @param configWatermark the position of the last configuration event loaded
 * @param lastEventAt when the newest task event loaded occurred, or null
 * @param lagSeconds now minus {@code lastEventAt} (as the {@code iwddm_lag_seconds} gauge), or null
 * @param quarantined events in its quarantine
 * @param sizeBytes the schema's tables and indexes on disk
 * @param error why the rest is missing (a schema that cannot be read), or null
 */
public record TenantRow(String tenantId, String name, String timeZone, String schema, Long taskWatermark,
        Long configWatermark, Instant lastEventAt, Long lagSeconds, Long quarantined, Long sizeBytes, String error) {

    /** The lag as people read it: 42 s, 7 min, 3 h 12 min, 2 d 4 h. */
    public String lagText() {
        if (lagSeconds == null) {
            return "—";
        }
        Duration lag = Duration.ofSeconds(lagSeconds);
        if (lag.toMinutes() < 1) {
            return lag.toSeconds() + " s";
        }
        if (lag.toHours() < 1) {
            return lag.toMinutes() + " min";
        }
        if (lag.toDays() < 1) {
            return lag.toHours() + " h " + lag.toMinutesPart() + " min";
        }
        return lag.toDays() + " d " + lag.toHoursPart() + " h";
    }

    /** The size as people read it: 12.3 MB. */
    public String sizeText() {
        if (sizeBytes == null) {
            return "—";
        }
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double value = sizeBytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? sizeBytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
