package org.openiwd.etl.job.intraday;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The COPY text format: escapes, nulls, numbers, instants in UTC, and UTF-8 of every kind of character. */
class CopyTextTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void writesEscapesNullsNumbersAndInstants() throws IOException {
        CopyText rows = new CopyText(out, 64);
        rows.number(7L).integer(-42).text(null).text("a\tb\nc\\d\re").instant(Instant.parse("2026-03-02T09:00:05Z"))
                .instant(Instant.parse("1999-12-31T23:59:59.000123456Z")).number(Long.MIN_VALUE).integer(null)
                .instant(null).endRow();
        rows.text("second").endRow();
        assertThat(text(rows)).isEqualTo("7\t-42\t\\N\ta\\tb\\nc\\\\d\\re\t2026-03-02 09:00:05+00\t"
                + "1999-12-31 23:59:59.000123456+00\t-9223372036854775808\t\\N\t\\N\nsecond\n");
    }

    @Test
    void encodesEveryCharacterAsUtf8() throws IOException {
        String s = "é€😀 ü\u07ff\u0800";
        CopyText rows = new CopyText(out, 64);
        rows.text(s).text("lone \ud800 surrogate").endRow();
        assertThat(text(rows)).isEqualTo(s + "\tlone \ufffd surrogate\n");
    }

    @Test
    void writesYearsOutsideFourDigitsInIsoForm() throws IOException {
        CopyText rows = new CopyText(out, 64);
        rows.instant(Instant.parse("+10000-01-01T00:00:00Z")).endRow();
        assertThat(text(rows)).isEqualTo("+10000-01-01T00:00:00Z\n");
    }

    @Test
    void rowsLargerThanTheBufferGoOutInChunksWhole() throws IOException {
        CopyText rows = new CopyText(out, 64);
        String value = "é".repeat(100) + "x".repeat(333);
        for (int i = 0; i < 50; i++) {
            rows.number(i).text(value).endRow();
        }
        assertThat(out.size()).as("sent before the flush, in chunks").isGreaterThan(0);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            expected.append(i).append('\t').append(value).append('\n');
        }
        assertThat(text(rows)).isEqualTo(expected.toString());
    }

    private String text(CopyText rows) throws IOException {
        rows.flush();
        return out.toString(StandardCharsets.UTF_8);
    }
}
