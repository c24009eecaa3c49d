package org.openiwd.api.feed;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Formats instants exactly as {@link Instant#toString()} does ({@code 2026-03-02T09:00:00Z},
 * {@code 2026-03-02T09:00:00.120Z}: the fraction in groups of three digits, none when zero) as UTF-8 bytes into
 * a buffer it reuses, for the feed's four instants per event. The date of the last instant is kept, as a page's
 * events mostly share their day. Years outside 1..9999 go through {@link Instant#toString()}. Not thread-safe:
 * one per page written.
 */
final class InstantText {

    private final byte[] bytes = new byte[40];
    private long day = Long.MIN_VALUE;
    private int length;

    /** Formats the instant {@code epochSecond} + {@code nanos} (0..999 999 999); {@link #bytes()} then holds it. */
    InstantText format(long epochSecond, int nanos) {
        long epochDay = Math.floorDiv(epochSecond, 86_400);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
        if (epochDay != day) {
            LocalDate date = LocalDate.ofEpochDay(Math.clamp(epochDay, -1_000_000_000L, 1_000_000_000L));
            if (date.getYear() < 1 || date.getYear() > 9999) {
                byte[] text = Instant.ofEpochSecond(epochSecond, nanos).toString().getBytes(StandardCharsets.UTF_8);
                System.arraycopy(text, 0, bytes, 0, text.length);
                length = text.length;
                day = Long.MIN_VALUE;
                return this;
            }
            digits(0, date.getYear(), 4);
            bytes[4] = '-';
            digits(5, date.getMonthValue(), 2);
            bytes[7] = '-';
            digits(8, date.getDayOfMonth(), 2);
            bytes[10] = 'T';
            bytes[13] = ':';
            bytes[16] = ':';
            day = epochDay;
        }
        digits(11, secondOfDay / 3600, 2);
        digits(14, secondOfDay / 60 % 60, 2);
        digits(17, secondOfDay % 60, 2);
        int end = 19;
        if (nanos != 0) {
            bytes[end++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(end, nanos / 1_000_000, 3);
                end += 3;
            }
            else if (nanos % 1_000 == 0) {
                digits(end, nanos / 1_000, 6);
                end += 6;
            }
            else {
                digits(end, nanos, 9);
                end += 9;
            }
        }
        bytes[end++] = 'Z';
        length = end;
        return this;
    }

    /** The text of the last instant formatted, from index 0 to {@link #length()}. */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    private void digits(int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
