package org.openiwd.api.background;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;

/**
 * One platform thread per replica running {@link #loop()} from the application's start to its stop: the shape of
 * the API's background workers (the feed sequencer, the search indexer). Stopping interrupts the thread and waits
 * up to {@code stopTimeout} for it to end; the loop keeps going while {@link #running()} is true.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

    private final String name;
    private final Duration stopTimeout;
    private volatile Thread thread;

    protected BackgroundLoop(String name, Duration stopTimeout) {
        this.name = name;
        this.stopTimeout = stopTimeout;
    }

    /** The work: runs on the loop's thread until {@link #running()} turns false or the thread is interrupted. */
    protected abstract void loop();

    /** Whether the calling thread is this loop's thread and the loop has not been stopped. */
    protected final boolean running() {
        return thread == Thread.currentThread();
    }

    @Override
    public void start() {
        thread = Thread.ofPlatform().name(name).daemon().unstarted(this::loop);
        thread.start();
    }

    @Override
    public void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(stopTimeout.toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
