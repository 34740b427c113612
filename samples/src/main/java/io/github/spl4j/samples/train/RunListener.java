package io.github.spl4j.samples.train;

/** What a {@link FixMatchRun} reports while it trains; every method has a no-op default. */
public interface RunListener {

    /**
     * One optimiser step's metrics.
     *
     * @param step             steps done (1-based)
     * @param loss             total loss L = Ls + λu·Lu
     * @param ls               supervised loss
     * @param lu               unsupervised loss
     * @param meanWeight       mean pseudo-label weight (mask rate), in [0, 1]
     * @param fractionWeighted fraction of unlabelled images with w &gt; 0, in [0, 1]
     * @param meanConfidence   mean pseudo-label confidence, in [0, 1]
     * @param lr               learning rate used by the step
     * @param elapsedSeconds   wall seconds since the run started (resumes included)
     */
    record Step(long step, double loss, double ls, double lu, double meanWeight, double fractionWeighted,
                double meanConfidence, double lr, double elapsedSeconds) {
    }

    /** @param firstStep steps already done (0 for a new run) @param totalSteps steps of the whole run */
    default void started(long firstStep, long totalSteps) {
    }

    /** @param step the metrics of a step just done */
    default void stepDone(Step step) {
    }

    /**
     * @param step         steps done
     * @param teacherError test error of the EMA teacher, fraction
     * @param studentError test error of the student, fraction
     */
    default void evaluated(long step, double teacherError, double studentError) {
    }

    /** @param step steps done when the checkpoint was written @param file the checkpoint folder */
    default void checkpointed(long step, java.nio.file.Path file) {
    }

    /** Called once when the run ends, completed or interrupted. */
    default void finished() {
    }
}
