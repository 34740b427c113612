package io.github.spl4j.dl4j.train;

/**
 * Thrown by {@link FixMatchTrainer#run()} when a step's loss, the network's outputs or its updated parameters are
 * NaN or infinite and the configuration says {@link FixMatchConfig.NonFiniteAction#STOP}. Nothing holding non-finite
 * values has been written: the run directory's newest checkpoint is the last good one, and the run can be resumed
 * from it with a lower learning rate only in a new run directory (the configuration is part of the run).
 */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final long step;
    private final long lastFiniteStep;
    private final double lastFiniteLoss;

    /**
     * @param step           the 1-based step whose result was not finite
     * @param lastFiniteStep the last step with a finite loss, 0 if there was none in this process
     * @param lastFiniteLoss its loss, NaN if there was none
     * @param message        the full message (what happened, the likely cause and what to do)
     * @param cause          the error thrown inside the network, or null
     */
    public TrainingDivergedException(long step, long lastFiniteStep, double lastFiniteLoss, String message,
                                     Throwable cause) {
        super(message, cause);
        this.step = step;
        this.lastFiniteStep = lastFiniteStep;
        this.lastFiniteLoss = lastFiniteLoss;
    }

    /** @return the 1-based step whose loss, outputs or parameters were not finite */
    public long getStep() {
        return step;
    }

    /** @return the last step with a finite loss (0 if none was seen by this process) */
    public long getLastFiniteStep() {
        return lastFiniteStep;
    }

    /** @return the loss of {@link #getLastFiniteStep()}, NaN if none */
    public double getLastFiniteLoss() {
        return lastFiniteLoss;
    }
}
