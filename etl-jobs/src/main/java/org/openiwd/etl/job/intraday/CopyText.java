package org.openiwd.etl.job.intraday;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's COPY text format, UTF-8 encoded straight into a growable byte array: tab between values,
 * {@code \N} for null, backslash escapes, instants as {@code 2026-03-02 09:00:00.123456+00}. Not thread-safe.
 */
final class CopyText {

    private byte[] bytes;
    private int size;

    CopyText(int initialCapacity) {
        bytes = new byte[Math.max(initialCapacity, 64)];
    }

    /** One row of values: {@code String}, {@code Instant}, {@code null}, or anything whose {@code toString} fits. */
    void row(Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                put('\t');
            }
            Object v = values[i];
            if (v == null) {
                put('\\');
                put('N');
            }
            else if (v instanceof String s) {
                escaped(s);
            }
            else if (v instanceof Instant instant) {
                instant(instant);
            }
            else if (v instanceof Integer || v instanceof Long) {
                number(((Number) v).longValue());
            }
            else {
                escaped(v.toString());
            }
        }
        put('\n');
    }

    InputStream inputStream() {
        return new ByteArrayInputStream(bytes, 0, size);
    }

    private void escaped(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> { put('\\'); put('\\'); }
                case '\t' -> { put('\\'); put('t'); }
                case '\n' -> { put('\\'); put('n'); }
                case '\r' -> { put('\\'); put('r'); }
                default -> {
                    if (c < 0x80) {
                        put(c);
                    }
                    else if (c < 0x800) {
                        put(0xC0 | c >> 6);
                        put(0x80 | c & 0x3F);
                    }
                    else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        int cp = Character.toCodePoint(c, s.charAt(++i));
                        put(0xF0 | cp >> 18);
                        put(0x80 | cp >> 12 & 0x3F);
                        put(0x80 | cp >> 6 & 0x3F);
                        put(0x80 | cp & 0x3F);
                    }
                    else {
                        // A lone surrogate is not valid UTF-16: written as U+FFFD, as String.getBytes(UTF_8) does.
                        char u = Character.isSurrogate(c) ? '\uFFFD' : c;
                        put(0xE0 | u >> 12);
                        put(0x80 | u >> 6 & 0x3F);
                        put(0x80 | u & 0x3F);
                    }
                }
            }
        }
    }

    private void instant(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 1 || year > 9999) {
            escaped(instant.toString());   // COPY reads ISO-8601 too; only the common years take the fast path
            return;
        }
        digits(year, 4);
        put('-');
        digits(t.getMonthValue(), 2);
        put('-');
        digits(t.getDayOfMonth(), 2);
        put(' ');
        digits(t.getHour(), 2);
        put(':');
        digits(t.getMinute(), 2);
        put(':');
        digits(t.getSecond(), 2);
        int nanos = instant.getNano();
        if (nanos != 0) {
            put('.');
            digits(nanos, 9);   // PostgreSQL rounds to microseconds, as it does with Instant.toString()'s digits
        }
        put('+');
        put('0');
        put('0');
    }

    private void number(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                escaped(Long.toString(value));
                return;
            }
            put('-');
            value = -value;
        }
        int length = 1;
        for (long v = value; v >= 10; v /= 10) {
            length++;
        }
        digits(value, length);
    }

    private void digits(long value, int count) {
        ensure(count);
        for (int i = size + count - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += count;
    }

    private void put(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
