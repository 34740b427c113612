package io.github.spl4j.samples.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C handling for a training run: a JVM shutdown hook raises the stop flag that the run polls after every step,
 * then waits (up to {@value #GRACE_SECONDS} s) until the run has written its checkpoint and returned.
 */
public final class RunControl implements AutoCloseable {
    /** Longest wait for the checkpoint after Ctrl-C, seconds. */
    public static final int GRACE_SECONDS = 120;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    /** Installs the shutdown hook. */
    public RunControl() {
        hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "spl-stop-on-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** @return true once Ctrl-C (or a kill with SIGTERM) asked the run to stop */
    public boolean stopRequested() {
        return stop.get();
    }

    /** Asks the run to stop, as Ctrl-C does (for tests). */
    public void requestStop() {
        stop.set(true);
    }

    /** Marks the run as done and removes the hook if the JVM is not already shutting down. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns as soon as it sees the latch
        }
    }
}
