package io.github.spl4j.dl4j.train;

import java.nio.file.Path;

import io.github.spl4j.dl4j.metrics.StepMetrics;

/**
 * Receives the progress of a {@link FixMatchTrainer} run on the training thread, e.g. to drive a progress bar. All
 * methods do nothing by default; implementations must be quick (they run between training steps).
 */
public interface TrainingProgressListener {

    /**
     * The run starts or resumes.
     *
     * @param config    the configuration
     * @param startStep steps already done (0 for a fresh run, the checkpoint's step on resume)
     */
    default void onStart(FixMatchConfig config, long startStep) {
    }

    /**
     * One training step finished.
     *
     * @param stepsDone  steps done so far, in [1, totalSteps]
     * @param totalSteps the configured number of steps
     * @param metrics    the step's metrics
     */
    default void onStep(long stepsDone, long totalSteps, StepMetrics metrics) {
    }

    /** @param evaluation a test-set evaluation of the teacher and the student */
    default void onEvaluation(EvaluationRecord evaluation) {
    }

    /**
     * @param step steps done when the checkpoint was written
     * @param file the checkpoint file
     */
    default void onCheckpoint(long step, Path file) {
    }

    /** @param result the outcome (also when the run was interrupted) */
    default void onFinish(TrainingResult result) {
    }
}
