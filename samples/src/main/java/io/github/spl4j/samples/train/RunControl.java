package io.github.spl4j.samples.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C handling for a run: a JVM shutdown hook calls the stop action (the trainer's {@code requestStop()}, after
 * which it finishes the current step and writes a checkpoint), then waits up to {@value #GRACE_SECONDS} s until
 * {@link #close()} says the run has returned and its final message is printed. (The trainer's own
 * {@code stopOnShutdown()} joins the training thread, which never ends when that thread then calls
 * {@code System.exit}; this hook waits for the run instead.)
 */
public final class RunControl implements AutoCloseable {
    /** Longest wait for the checkpoint after Ctrl-C, seconds. */
    public static final int GRACE_SECONDS = 120;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;
    private volatile Runnable stopAction = () -> { };
    private volatile boolean stopRequested;

    /** Installs the shutdown hook. */
    public RunControl() {
        hook = new Thread(() -> {
            stopRequested = true;
            stopAction.run();
            try {
                done.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "spl-stop-on-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** @param action what Ctrl-C does (the trainer's requestStop) */
    public void onStop(Runnable action) {
        this.stopAction = action;
        if (stopRequested) {
            action.run();
        }
    }

    /** Marks the run as over and removes the hook if the JVM is not already shutting down. */
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
