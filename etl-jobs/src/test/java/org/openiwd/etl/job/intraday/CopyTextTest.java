package org.openiwd.etl.job.intraday;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The COPY text format: escapes, nulls, numbers, instants in UTC, and UTF-8 of every kind of character. */
class CopyTextTest {

    @Test
    void writesEscapesNullsNumbersAndInstants() throws IOException {
        CopyText rows = new CopyText(1);
        rows.row(7L, -42, null, "a\tb\nc\\d\re", Instant.parse("2026-03-02T09:00:05Z"),
                Instant.parse("1999-12-31T23:59:59.000123456Z"), Long.MIN_VALUE);
        rows.row("second");
        assertThat(text(rows)).isEqualTo("7\t-42\t\\N\ta\\tb\\nc\\\\d\\re\t2026-03-02 09:00:05+00\t"
                + "1999-12-31 23:59:59.000123456+00\t-9223372036854775808\nsecond\n");
    }

    @Test
    void encodesEveryCharacterAsUtf8() throws IOException {
        String s = "é€😀 ü\u07ff\u0800";
        CopyText rows = new CopyText(1);
        rows.row(s, "lone \ud800 surrogate");
        assertThat(text(rows)).isEqualTo(s + "\tlone \ufffd surrogate\n");
    }

    @Test
    void writesYearsOutsideFourDigitsInIsoForm() throws IOException {
        CopyText rows = new CopyText(1);
        rows.row(Instant.parse("+10000-01-01T00:00:00Z"));
        assertThat(text(rows)).isEqualTo("+10000-01-01T00:00:00Z\n");
    }

    private static String text(CopyText rows) throws IOException {
        return new String(rows.inputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
