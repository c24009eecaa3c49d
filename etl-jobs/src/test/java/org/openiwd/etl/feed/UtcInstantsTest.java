package org.openiwd.etl.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The fast path reads exactly what {@link Instant#parse} reads, and refuses what it refuses. */
class UtcInstantsTest {

    @Test
    void readsInstantToStringOfAnyPrecisionAsInstantParseDoes() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-5_000_000_000L, 10_000_000_000L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1_000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            assertThat(UtcInstants.parse(instant.toString())).isEqualTo(instant);
        }
    }

    @Test
    void givesWhatInstantParseGivesForUnusualButValidForms() {
        for (String s : List.of("2026-03-02T09:00:00.5Z", "2024-02-29T23:59:59.999999999Z", "2026-12-31T23:59:60Z",
                "+12026-03-02T09:00:00Z", "2026-03-02T24:00:00Z", "2026-03-02T09:00:00.Z")) {
            assertThat(UtcInstants.parse(s)).as(s).isEqualTo(Instant.parse(s));
        }
    }

    @Test
    void refusesWhatInstantParseRefuses() {
        for (String s : List.of("2026-02-29T09:00:00Z", "2026-13-02T09:00:00Z",
                "2026-03-02T09:0a:00Z", "2026-03-02 09:00:00Z", "yesterday",
                "2026-03-02T09:00:00+01:00X", "2026-04-31T09:00:00Z")) {
            assertThatThrownBy(() -> UtcInstants.parse(s)).as(s).isInstanceOf(DateTimeParseException.class);
        }
    }

    @Test
    void readsTheCommonFormInsideALargerBufferAndLeavesTheRestToParse() {
        char[] buffer = "xx\"2026-03-02T09:00:00.123Z\"2026-03-02T09:00:00+01:00".toCharArray();
        assertThat(UtcInstants.common(buffer, 3, 24)).isEqualTo(Instant.parse("2026-03-02T09:00:00.123Z"));
        assertThat(UtcInstants.common(buffer, 28, 25)).as("an offset: not the API's form").isNull();
    }
}
