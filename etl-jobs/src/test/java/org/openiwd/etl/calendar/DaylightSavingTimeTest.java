package org.openiwd.etl.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.BatchStatus;
import org.springframework.web.client.RestClient;

/**
 * Exactly once, proof 5: a DST change day has its real number of quarter-hours, and events in the repeated hour
 * of a fall-back night are counted in two different intervals with the same local time and their own offsets.
 */
class DaylightSavingTimeTest extends EtlWithApiTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void changeDaysHaveTheirRealQuarterHoursAndTheRepeatedHourStaysApart() throws Exception {
        RestClient api = api(provisionWithImportKey("dst", PARIS.getId()));
        tenants.sync();
        assertThat(jobs.run(JobNames.INITIALIZE, "dst").getStatus()).isEqualTo(BatchStatus.COMPLETED);

        ZoneRules rules = PARIS.getRules();
        ZoneOffsetTransition next = rules.nextTransition(Instant.now());
        ZoneOffsetTransition previous = rules.previousTransition(Instant.now());
        for (ZoneOffsetTransition t : List.of(next, previous)) {
            LocalDate day = t.getDateTimeBefore().toLocalDate();
            assertThat(quarterHours(day)).as(day + (t.isGap() ? " (spring forward)" : " (fall back)"))
                    .isEqualTo(t.isGap() ? 92L : 100L);
        }
        assertThat(quarterHours(LocalDate.now(PARIS))).isIn(92L, 96L, 100L);

        // The last fall-back night in the past: the same local 02:30 twice, an hour apart in UTC.
        ZoneOffsetTransition fallBack = previous.isOverlap() ? previous : rules.previousTransition(
                previous.getInstant());
        Instant first = fallBack.getInstant().minusSeconds(30 * 60);
        Instant second = fallBack.getInstant().plusSeconds(30 * 60);
        api.post().uri("/tasks").body(Map.of("captureId", "summer", "occurredAt", first.toString())).retrieve()
                .toBodilessEntity();
        api.post().uri("/tasks").body(Map.of("captureId", "winter", "occurredAt", second.toString())).retrieve()
                .toBodilessEntity();
        assertThat(jobs.run(JobNames.INTRADAY, "dst").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.sql("""
                SELECT to_char(local_time, 'HH24:MI') || ' UTC' || to_char(utc_offset_min / 60, 'SG0') || ' '
                    || created
                FROM tenant_dst.iwd_agg_task_classif_fact_15min ORDER BY interval_start""")
                .query(String.class).list())
                .containsExactly("02:30 UTC+2 1", "02:30 UTC+1 1");
    }

    private long quarterHours(LocalDate day) {
        return jdbc.sql("SELECT count(*) FROM tenant_dst.date_time WHERE local_date = ?").param(day)
                .query(Long.class).single();
    }
}
