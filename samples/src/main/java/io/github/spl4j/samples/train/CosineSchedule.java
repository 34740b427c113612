package io.github.spl4j.samples.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * FixMatch's learning-rate schedule lr_k = lr·cos(7πk / (16K)) over K total steps, k the iteration (0-based).
 */
public final class CosineSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;
    private static final double FRACTION = 7.0 / 16.0;

    @JsonProperty
    private final double initialValue;
    @JsonProperty
    private final long totalSteps;

    /**
     * @param initialValue lr at step 0, &gt; 0
     * @param totalSteps   K, &gt;= 1
     * @throws IllegalArgumentException if a value is out of range
     */
    public CosineSchedule(@JsonProperty("initialValue") double initialValue,
                          @JsonProperty("totalSteps") long totalSteps) {
        if (!(initialValue > 0 && Double.isFinite(initialValue))) {
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
        return initialValue * Math.cos(FRACTION * Math.PI * iteration / totalSteps);
    }

    @Override
    public ISchedule clone() {
        return new CosineSchedule(initialValue, totalSteps);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosineSchedule c && c.initialValue == initialValue && c.totalSteps == totalSteps;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(initialValue) * 31 + Long.hashCode(totalSteps);
    }

    @Override
    public String toString() {
        return "CosineSchedule(initialValue=" + initialValue + ", totalSteps=" + totalSteps + ")";
    }
}
