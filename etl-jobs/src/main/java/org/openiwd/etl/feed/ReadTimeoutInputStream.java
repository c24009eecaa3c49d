package org.openiwd.etl.feed;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body whose reads may each wait about {@code timeout} for bytes (at most a quarter more). The JDK
 * {@code HttpClient}'s request timeout bounds only the wait for an answer's headers: a connection that goes silent
 * in the middle of a body would leave its reader blocked for ever. A watchdog task looks at the read in progress
 * four times per timeout and, once it has waited longer, closes the source, which ends the blocked read; the reader
 * then gets a {@link SocketTimeoutException}, an {@code IOException} that the client retries like any transport
 * failure. Only {@code read} is guarded ({@code skip} is not; the feed's parsers do not skip).
 *
 * <p>Reads on one thread at a time; the watchdog's thread only closes. {@link #close} stops the watchdog's task.
 */
final class ReadTimeoutInputStream extends FilterInputStream {

    private static final long NOT_READING = Long.MIN_VALUE;

    private final long timeoutNanos;
    private final ScheduledFuture<?> watch;
    /** {@link System#nanoTime()} when the read in progress began; {@link #NOT_READING} between reads. */
    private volatile long readingSince = NOT_READING;
    private volatile boolean timedOut;

    ReadTimeoutInputStream(InputStream in, Duration timeout, ScheduledExecutorService watchdog) {
        super(in);
        this.timeoutNanos = timeout.toNanos();
        long period = Math.max(timeoutNanos / 4, TimeUnit.MILLISECONDS.toNanos(10));
        this.watch = watchdog.scheduleAtFixedRate(this::closeIfSilentTooLong, period, period, TimeUnit.NANOSECONDS);
    }

    private void closeIfSilentTooLong() {
        long since = readingSince;
        // Checked again last: the read looked at may have ended, and another begun, since it was read.
        if (since != NOT_READING && System.nanoTime() - since > timeoutNanos && readingSince == since) {
            timedOut = true;
            watch.cancel(false);
            try {
                in.close();
            }
            catch (IOException e) {
                // The blocked read ends either way; the reader reports the timeout.
            }
        }
    }

    @Override
    public int read() throws IOException {
        return guarded(in::read);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return guarded(() -> in.read(buffer, offset, length));
    }

    private interface Read {
        int run() throws IOException;
    }

    /** Runs one read of the source with the watchdog looking at it. */
    private int guarded(Read read) throws IOException {
        if (timedOut) {
            throw timeout(null);
        }
        readingSince = System.nanoTime();
        try {
            return read.run();
        }
        catch (IOException e) {
            throw timedOut ? timeout(e) : e;
        }
        finally {
            readingSince = NOT_READING;
        }
    }

    private SocketTimeoutException timeout(IOException cause) {
        SocketTimeoutException timeout = new SocketTimeoutException("no byte of the answer for longer than "
                + Duration.ofNanos(timeoutNanos) + " in the middle of its body");
        timeout.initCause(cause);
        return timeout;
    }

    @Override
    public void close() throws IOException {
        watch.cancel(false);
        super.close();
    }
}
