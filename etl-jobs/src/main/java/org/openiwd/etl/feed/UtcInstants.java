package org.openiwd.etl.feed;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Parses the instants of the feed. The API writes them as {@link Instant#toString()} does
 * ({@code 2026-03-02T09:00:00Z}, {@code 2026-03-02T09:00:00.123Z}); those are read directly, several times faster
 * than {@link Instant#parse}, which is four of a feed event's parses. Anything else goes to {@link Instant#parse},
 * so the accepted forms and the errors are exactly its.
 */
final class UtcInstants {

    /** By the number of fraction digits: what a fraction of that many digits is multiplied by to give nanos. */
    private static final int[] SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private UtcInstants() {
    }

    static Instant parse(String s) {
        Instant common = common(s.toCharArray(), 0, s.length());
        return common != null ? common : Instant.parse(s);
    }

    /**
     * The instant written as {@link Instant#toString()} writes it in {@code length} characters at {@code offset} (a
     * parser's buffer, read without a {@code String}), or null when they are not in that form: then
     * {@link #parse} decides, and says why.
     */
    static Instant common(char[] c, int offset, int length) {
        int n = length;
        int o = offset;
        if (n < 20 || n > 30 || n == 21 || c[o + n - 1] != 'Z' || c[o + 4] != '-' || c[o + 7] != '-'
                || c[o + 10] != 'T' || c[o + 13] != ':' || c[o + 16] != ':' || n > 20 && c[o + 19] != '.') {
            return null;
        }
        int year = digits(c, o, 4);
        int month = digits(c, o + 5, 2);
        int day = digits(c, o + 8, 2);
        int hour = digits(c, o + 11, 2);
        int minute = digits(c, o + 14, 2);
        int second = digits(c, o + 17, 2);
        int nanos = 0;
        if (n > 20) {
            int fraction = digits(c, o + 20, n - 21);
            nanos = fraction < 0 ? -1 : fraction * SCALE[n - 21];
        }
        if ((year | month | day | hour | minute | second | nanos) < 0 || month < 1 || month > 12 || day < 1
                || day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth() || hour > 23 || minute > 59
                || second > 59) {
            return null;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The value of {@code count} decimal digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(char[] c, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int d = c[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
