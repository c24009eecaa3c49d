package org.openiwd.etl.job.intraday;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Rows in PostgreSQL's COPY text format, UTF-8 encoded straight into a buffer that goes to an output stream (a
 * {@code PGCopyOutputStream}) each time it fills: tab between values, {@code \N} for null, backslash escapes,
 * instants as {@code 2026-03-02 09:00:00.123456+00}. Values are appended one by one, then {@link #endRow()};
 * {@link #flush()} sends what is buffered. Not thread-safe.
 */
final class CopyText {

    private final OutputStream out;
    private final byte[] bytes;
    private int size;
    private boolean rowStarted;

    /** Bytes of COPY text sent to the server at a time. */
    private static final int CHUNK = 64 * 1024;

    /** Writes rows into a {@link CopyText}. */
    interface Rows {
        void write(CopyText rows) throws IOException;
    }

    CopyText(OutputStream out, int bufferSize) {
        this.out = out;
        this.bytes = new byte[Math.max(bufferSize, 64)];
    }

    /**
     * Runs {@code copySql} ({@code COPY ... FROM STDIN}) with the rows {@code rows} writes, sent in chunks as they are
     * rendered, so that the COPY text is never whole in memory. A failure cancels the COPY; the caller's transaction
     * then rolls back. The driver's stream wraps the database's own error in an {@link IOException}: it is thrown
     * unwrapped, so that its SQL state and message reach the job's exit status.
     */
    static void copyIn(Connection connection, String copySql, Rows rows) throws SQLException {
        PGCopyOutputStream copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class), copySql, CHUNK);
        try {
            CopyText text = new CopyText(copy, CHUNK);
            rows.write(text);
            text.flush();
            copy.close();
        }
        catch (IOException e) {
            throw e.getCause() instanceof SQLException cause ? cause : new SQLException(copySql + " failed", e);
        }
        finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** A text value, or null. */
    CopyText text(String value) throws IOException {
        if (present(value)) {
            escaped(value);
        }
        return this;
    }

    /** An integer value. */
    CopyText number(long value) throws IOException {
        tab();
        number0(value);
        return this;
    }

    /** An integer value, or null. */
    CopyText integer(Integer value) throws IOException {
        if (present(value)) {
            number0(value);
        }
        return this;
    }

    /** A {@code timestamptz} value, or null. */
    CopyText instant(Instant value) throws IOException {
        if (present(value)) {
            instant0(value);
        }
        return this;
    }

    void endRow() throws IOException {
        put('\n');
        rowStarted = false;
    }

    /** Writes what is buffered to the output stream. */
    void flush() throws IOException {
        out.write(bytes, 0, size);
        size = 0;
    }

    /** The tab before a value, and {@code \N} for null: whether the value itself is to follow. */
    private boolean present(Object value) throws IOException {
        tab();
        if (value == null) {
            put('\\');
            put('N');
            return false;
        }
        return true;
    }

    private void tab() throws IOException {
        if (rowStarted) {
            put('\t');
        }
        rowStarted = true;
    }

    private void escaped(String s) throws IOException {
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

    private void instant0(Instant instant) throws IOException {
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

    private void number0(long value) throws IOException {
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

    private void digits(long value, int count) throws IOException {
        ensure(count);
        if (value <= Integer.MAX_VALUE) {
            // int division by a constant is a multiplication; most values here are small
            int v = (int) value;
            for (int i = size + count - 1; i >= size; i--) {
                bytes[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
        }
        else {
            for (int i = size + count - 1; i >= size; i--) {
                bytes[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
        }
        size += count;
    }

    private void put(int b) throws IOException {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    private void ensure(int more) throws IOException {
        if (size + more > bytes.length) {
            flush();
        }
    }
}
