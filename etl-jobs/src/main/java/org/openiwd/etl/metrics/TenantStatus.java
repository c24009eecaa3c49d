package org.openiwd.etl.metrics;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tenant's monitoring state as read from its Data Mart at one moment.
 *
 * @param tenantId the tenant
 * @param watermarks by source ({@code task}, {@code config}, {@code agents})
 * @param quarantined rows in {@code etl_quarantine}
 * @param jobs the last runs, by job name
 */
record TenantStatus(String tenantId, Map<String, Watermark> watermarks, long quarantined, Map<String, Job> jobs) {

    /** @param lastEventAt the time of the newest event loaded, null when none or the source has no times */
    record Watermark(long lastEventId, Instant lastEventAt) {
    }

    /** Times of the job's last start, success and failure (null: never), and the events its last run loaded. */
    record Job(Instant lastStart, Instant lastSuccess, Instant lastFail, Long eventsLoaded) {
    }

    static TenantStatus of(String tenantId, List<Object[]> rows) {
        Map<String, Watermark> watermarks = new TreeMap<>();
        Map<String, Job> jobs = new TreeMap<>();
        long quarantined = 0;
        for (Object[] row : rows) {
            switch ((String) row[0]) {
                case "watermark" -> watermarks.put((String) row[1], new Watermark((Long) row[2], instant(row[3])));
                case "quarantine" -> quarantined = (Long) row[2];
                default -> jobs.put((String) row[1],
                        new Job(instant(row[3]), instant(row[4]), instant(row[5]), (Long) row[2]));
            }
        }
        return new TenantStatus(tenantId, watermarks, quarantined, jobs);
    }

    private static Instant instant(Object timestamp) {
        return timestamp == null ? null : ((Timestamp) timestamp).toInstant();
    }
}
