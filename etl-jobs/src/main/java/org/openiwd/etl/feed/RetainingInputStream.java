package org.openiwd.etl.feed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An input stream that keeps the bytes it has delivered since a mark, so that a parser reading ahead in its own
 * buffer can still have the exact text between two byte offsets of the stream: the raw JSON of a refused event.
 * The mark moves to each event's start, so what is kept is one event and the parser's read-ahead, whatever the
 * page's size. Offsets count from the first byte of the stream. Not thread-safe.
 */
final class RetainingInputStream extends InputStream {

    private final InputStream in;
    private byte[] kept = new byte[64 * 1024];
    /** Stream offset of {@code kept[0]}. */
    private long keptFrom;
    private int keptLength;
    /** Stream offset before which nothing is needed any more; dropped when the buffer is full. */
    private long mark;

    RetainingInputStream(InputStream in) {
        this.in = in;
    }

    /** What was delivered before stream offset {@code offset} may go; the text from there on stays available. */
    void retainFrom(long offset) {
        mark = Math.max(mark, offset);
    }

    /** The UTF-8 text between stream offsets {@code from} (at or after the mark) and {@code to}, delivered already. */
    String text(long from, long to) {
        if (from < keptFrom || to > keptFrom + keptLength || from > to) {
            throw new IllegalArgumentException("bytes " + from + ".." + to + " are not kept (kept " + keptFrom
                    + ".." + (keptFrom + keptLength) + ")");
        }
        return new String(kept, (int) (from - keptFrom), (int) (to - from), StandardCharsets.UTF_8);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            if (keptLength + n > kept.length) {
                makeRoom(n);
            }
            System.arraycopy(buffer, offset, kept, keptLength, n);
            keptLength += n;
        }
        return n;
    }

    /** Drops the bytes before the mark, and grows the buffer only when the rest and {@code more} do not fit. */
    private void makeRoom(int more) {
        int drop = (int) Math.min(Math.max(mark - keptFrom, 0), keptLength);
        System.arraycopy(kept, drop, kept, 0, keptLength - drop);
        keptLength -= drop;
        keptFrom += drop;
        if (keptLength + more > kept.length) {
            kept = Arrays.copyOf(kept, Math.max(kept.length * 2, keptLength + more));
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
