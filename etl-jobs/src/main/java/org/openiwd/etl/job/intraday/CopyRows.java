package org.openiwd.etl.job.intraday;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Rows in PostgreSQL's binary COPY format ({@code COPY ... FROM STDIN (FORMAT binary)}), written straight into a
 * buffer that goes to an output stream (a {@code PGCopyOutputStream}) each time it fills. Each value is its
 * column's binary form: the server only checks it, where the text format makes it parse every number and every
 * timestamp (a quarter of the event facts' COPY), and here nothing is formatted as text. The writer must use the
 * column's exact type ({@link #int2}, {@link #int4}, {@link #int8}, {@link #text}, {@link #instant}, {@link #bool});
 * the server refuses a value of another width. Every row has the number of values given at construction, which
 * {@link #copyIn} takes from the server's answer to the COPY ({@link #endRow()} checks it). Not thread-safe.
 */
final class CopyRows {

    /** The binary format's signature, flags (none) and header extension length (none). */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    /** PostgreSQL's timestamps count microseconds from 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    /** Bytes of COPY data sent to the server at a time. */
    private static final int CHUNK = 64 * 1024;

    private final OutputStream out;
    private final byte[] bytes;
    private final int columns;
    private int size;
    /** Values written in the current row; -1 before its first. */
    private int values = -1;

    /** Writes rows into a {@link CopyRows}. */
    interface Rows {
        void write(CopyRows rows) throws IOException;
    }

    CopyRows(OutputStream out, int bufferSize, int columns) throws IOException {
        this.out = out;
        this.bytes = new byte[Math.max(bufferSize, 64)];
        this.columns = columns;
        put(HEADER, 0, HEADER.length);
    }

    /**
     * Runs {@code copySql} ({@code COPY ... FROM STDIN (FORMAT binary)}) with the rows {@code rows} writes, each of
     * as many values as the COPY has columns (the server says how many), sent in chunks as they are written, so that the data is never whole in memory. A failure
     * cancels the COPY; the caller's transaction then rolls back. The driver's stream wraps the database's own error
     * in an {@link IOException}: it is thrown unwrapped, so that its SQL state and message reach the job's exit
     * status.
     */
    static void copyIn(Connection connection, String copySql, Rows rows) throws SQLException {
        PGCopyOutputStream copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class), copySql, CHUNK);
        try {
            CopyRows binary = new CopyRows(copy, CHUNK, copy.getFieldCount());
            rows.write(binary);
            binary.finish();
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

    /** A {@code smallint} value. */
    CopyRows int2(int value) throws IOException {
        if (value != (short) value) {
            throw new IllegalArgumentException(value + " is out of range for a smallint");
        }
        fixed(2);
        putShort(value);
        return this;
    }

    /** An {@code integer} value. */
    CopyRows int4(int value) throws IOException {
        fixed(4);
        putInt(value);
        return this;
    }

    /** An {@code integer} value, or null. */
    CopyRows int4(Integer value) throws IOException {
        return value == null ? nullValue() : int4(value.intValue());
    }

    /** A {@code bigint} value. */
    CopyRows int8(long value) throws IOException {
        fixed(8);
        putLong(value);
        return this;
    }

    /** A {@code boolean} value, or null. */
    CopyRows bool(Boolean value) throws IOException {
        if (value == null) {
            return nullValue();
        }
        fixed(1);
        bytes[size++] = (byte) (value ? 1 : 0);
        return this;
    }

    /**
     * A {@code timestamptz} value, or null: microseconds rounded as PostgreSQL rounds a text timestamp's fraction
     * ({@link DimensionKeys#micros}), so a value reads back as the text format stored it.
     */
    CopyRows instant(Instant value) throws IOException {
        return value == null ? nullValue()
                : int8(Math.subtractExact(DimensionKeys.micros(value), POSTGRES_EPOCH_MICROS));
    }

    /** A {@code text} value, or null: UTF-8, a lone surrogate as U+FFFD (as {@code String.getBytes} writes it). */
    CopyRows text(String value) throws IOException {
        if (value == null) {
            return nullValue();
        }
        if (2 + 4 + 3 * value.length() > bytes.length) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            begin(0);
            putInt(utf8.length);
            put(utf8, 0, utf8.length);
            return this;
        }
        begin(3 * value.length());
        int lengthAt = size;
        size += 4;
        utf8(value);
        int end = size;
        size = lengthAt;
        putInt(end - lengthAt - 4);
        size = end;
        return this;
    }

    void endRow() {
        if (values != columns) {
            throw new IllegalStateException("a row of " + columns + " columns got " + Math.max(values, 0) + " values");
        }
        values = -1;
    }

    /** Ends the data and writes what is buffered to the output stream. */
    void finish() throws IOException {
        if (values != -1) {
            throw new IllegalStateException("the last row was not ended");
        }
        ensure(2);
        putShort(-1);
        flush();
    }

    private void flush() throws IOException {
        out.write(bytes, 0, size);
        size = 0;
    }

    /** A null value, of any column. */
    CopyRows nullValue() throws IOException {
        begin(0);
        putInt(-1);
        return this;
    }

    /**
     * Starts a value (and its row, at the row's first): room in the buffer for the row's column count, the value's
     * length word and {@code room} bytes of it; the caller writes the length word and the value.
     */
    private void begin(int room) throws IOException {
        ensure(2 + 4 + room);
        if (values == -1) {
            putShort(columns);
            values = 0;
        }
        if (values == columns) {
            throw new IllegalStateException("a row of " + columns + " columns got more values");
        }
        values++;
    }

    private void utf8(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes[size++] = (byte) c;
            }
            else if (c < 0x800) {
                bytes[size++] = (byte) (0xC0 | c >> 6);
                bytes[size++] = (byte) (0x80 | c & 0x3F);
            }
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                bytes[size++] = (byte) (0xF0 | cp >> 18);
                bytes[size++] = (byte) (0x80 | cp >> 12 & 0x3F);
                bytes[size++] = (byte) (0x80 | cp >> 6 & 0x3F);
                bytes[size++] = (byte) (0x80 | cp & 0x3F);
            }
            else {
                char u = Character.isSurrogate(c) ? '\uFFFD' : c;
                bytes[size++] = (byte) (0xE0 | u >> 12);
                bytes[size++] = (byte) (0x80 | u >> 6 & 0x3F);
                bytes[size++] = (byte) (0x80 | u & 0x3F);
            }
        }
    }

    /** Starts a value of {@code width} bytes and writes its length word. */
    private void fixed(int width) throws IOException {
        begin(width);
        putInt(width);
    }

    private void ensure(int more) throws IOException {
        if (size + more > bytes.length) {
            flush();
        }
    }

    private void put(byte[] source, int from, int length) throws IOException {
        while (length > 0) {
            if (size == bytes.length) {
                flush();
            }
            int n = Math.min(length, bytes.length - size);
            System.arraycopy(source, from, bytes, size, n);
            size += n;
            from += n;
            length -= n;
        }
    }

    private void putShort(int v) {
        bytes[size++] = (byte) (v >> 8);
        bytes[size++] = (byte) v;
    }

    private void putInt(int v) {
        bytes[size++] = (byte) (v >> 24);
        bytes[size++] = (byte) (v >> 16);
        bytes[size++] = (byte) (v >> 8);
        bytes[size++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >> 32));
        putInt((int) v);
    }
}
