package org.openiwd.api.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The feed's instants read exactly as {@link Instant#toString()} writes them, whatever the fraction and year. */
class InstantTextTest {

    final InstantText text = new InstantText();

    @Test
    void formatsAsInstantToStringDoes() {
        for (String s : new String[] {"2026-03-02T09:00:00Z", "2026-03-02T09:00:00.120Z", "2026-03-02T09:00:00.000123Z",
            "2026-03-02T09:00:00.000000001Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999Z",
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z",
            "-0001-06-01T12:00:00.5Z", "2024-02-29T23:59:59Z"}) {
            Instant instant = Instant.parse(s);
            assertThat(format(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void formatsRandomInstantsOfOneDayAndOfManyAsInstantToStringDoes() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long second = i % 2 == 0 ? 1_764_374_400L + random.nextLong(86_400)
                    : random.nextLong(-62_000_000_000L, 253_402_300_800L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(second, nanos);
            assertThat(format(instant)).isEqualTo(instant.toString());
        }
    }

    private String format(Instant instant) {
        text.format(instant.getEpochSecond(), instant.getNano());
        return new String(text.bytes(), 0, text.length(), StandardCharsets.UTF_8);
    }
}
