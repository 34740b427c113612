package io.github.spl4j.arbiter;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A search space over the decay of the EMA teacher used for evaluation (teacher = decay·teacher + (1 − decay)·student after every step; FixMatch uses 0.999).
 *
 * <p>Allowed values: [0, 1). Build with {@link #fixed}, {@link #uniform} or {@link #values}; invalid bounds are
 * rejected with a message naming {@code emaDecay}, the value found and the allowed range.
 */
public final class EmaDecaySpace extends ScalarSpace {

    /** The allowed values, as printed in messages. */
    public static final String ALLOWED = "[0, 1)";

    @JsonCreator
    private EmaDecaySpace(@JsonProperty("kind") Kind kind, @JsonProperty("min") double min, @JsonProperty("max") double max,
               @JsonProperty("values") double[] values) {
        super("emaDecay", v -> v >= 0.0 && v < 1.0, ALLOWED, kind, min, max, values);
    }

    /**
     * @param value the only value
     * @return a space that always gives {@code value}
     * @throws IllegalArgumentException if {@code value} is outside [0, 1)
     */
    public static EmaDecaySpace fixed(double value) {
        return new EmaDecaySpace(Kind.FIXED, value, value, new double[]{value});
    }

    /**
     * @param min lower bound, in [0, 1)
     * @param max upper bound, in [0, 1), &gt; {@code min}
     * @return a space drawing uniformly from [min, max]
     * @throws IllegalArgumentException if a bound is outside [0, 1) or {@code min >= max}
     */
    public static EmaDecaySpace uniform(double min, double max) {
        return new EmaDecaySpace(Kind.UNIFORM, min, max, null);
    }

    /**
     * @param values distinct values, each in [0, 1)
     * @return a space choosing one of {@code values}, equally likely (one grid axis in grid search)
     * @throws IllegalArgumentException if a value is outside [0, 1), repeated, or none is given
     */
    public static EmaDecaySpace values(double... values) {
        return new EmaDecaySpace(Kind.VALUES, Double.NaN, Double.NaN, values);
    }
}
