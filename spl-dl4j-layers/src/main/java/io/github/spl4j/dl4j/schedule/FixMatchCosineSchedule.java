package io.github.spl4j.dl4j.schedule;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * FixMatch's learning-rate schedule (arXiv 2001.07685, section 3.2): a cosine decay that never reaches zero,
 *
 * <pre>
 *   lr(k) = lr0 * cos(7 * pi * k / (16 * K))      k = iteration (0-based), K = total training steps
 * </pre>
 *
 * <p>At the last step it is lr0·cos(7π/16) ≈ 0.195·lr0. Iterations beyond K keep the value at K (the schedule
 * never turns negative). It is an ND4J {@link ISchedule} over iterations (epochs are ignored), serialised to DL4J
 * JSON with the network configuration:
 *
 * <pre>{@code
 * new Nesterovs(new FixMatchCosineSchedule(0.03, 1 << 20), 0.9)
 * }</pre>
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class FixMatchCosineSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    /** FixMatch's initial learning rate. */
    public static final double DEFAULT_INITIAL_VALUE = 0.03;
    /** The fraction 7/16 of a half period at which FixMatch stops the cosine. */
    public static final double COSINE_FRACTION = 7.0 / 16.0;

    @JsonProperty("initialValue")
    private final double initialValue;
    @JsonProperty("totalSteps")
    private final long totalSteps;

    /**
     * @param initialValue lr0, finite and &gt; 0
     * @param totalSteps   K, the total number of training steps, {@code >= 1}
     * @throws IllegalArgumentException if a value is out of range
     */
    @JsonCreator
    public FixMatchCosineSchedule(@JsonProperty("initialValue") double initialValue,
                                  @JsonProperty("totalSteps") long totalSteps) {
        if (!(initialValue > 0.0 && initialValue < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("initialValue must be finite and > 0, found " + initialValue);
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be >= 1, found " + totalSteps);
        }
        this.initialValue = initialValue;
        this.totalSteps = totalSteps;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        long k = Math.min(Math.max(iteration, 0), totalSteps);
        return initialValue * Math.cos(Math.PI * COSINE_FRACTION * k / totalSteps);
    }

    @Override
    public ISchedule clone() {
        return new FixMatchCosineSchedule(initialValue, totalSteps);
    }

    /** @return lr0 */
    public double getInitialValue() {
        return initialValue;
    }

    /** @return K, the total number of steps */
    public long getTotalSteps() {
        return totalSteps;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FixMatchCosineSchedule)) {
            return false;
        }
        FixMatchCosineSchedule other = (FixMatchCosineSchedule) o;
        return Double.compare(initialValue, other.initialValue) == 0 && totalSteps == other.totalSteps;
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(initialValue) + Long.hashCode(totalSteps);
    }

    @Override
    public String toString() {
        return "FixMatchCosineSchedule(initialValue=" + initialValue + ",totalSteps=" + totalSteps + ")";
    }
}
