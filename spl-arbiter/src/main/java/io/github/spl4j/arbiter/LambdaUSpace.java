package io.github.spl4j.arbiter;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A search space over λu, the weight of the unlabelled loss in {@link io.github.spl4j.loss.SmoothPseudoLabelLossFunction} (L = Ls + λu·Lu).
 *
 * <p>Allowed values: [0, inf). Build with {@link #fixed}, {@link #uniform}, {@link #logUniform} or {@link #values}; invalid bounds are
 * rejected with a message naming {@code lambdaU}, the value found and the allowed range.
 */
public final class LambdaUSpace extends ScalarSpace {

    /** The allowed values, as printed in messages. */
    public static final String ALLOWED = "[0, inf)";

    @JsonCreator
    private LambdaUSpace(@JsonProperty("kind") Kind kind, @JsonProperty("min") double min, @JsonProperty("max") double max,
               @JsonProperty("values") double[] values) {
        super("lambdaU", v -> v >= 0.0 && v < Double.POSITIVE_INFINITY, ALLOWED, kind, min, max, values);
    }

    /**
     * @param value the only value
     * @return a space that always gives {@code value}
     * @throws IllegalArgumentException if {@code value} is outside [0, inf)
     */
    public static LambdaUSpace fixed(double value) {
        return new LambdaUSpace(Kind.FIXED, value, value, new double[]{value});
    }

    /**
     * @param min lower bound, in [0, inf)
     * @param max upper bound, in [0, inf), &gt; {@code min}
     * @return a space drawing uniformly from [min, max]
     * @throws IllegalArgumentException if a bound is outside [0, inf) or {@code min >= max}
     */
    public static LambdaUSpace uniform(double min, double max) {
        return new LambdaUSpace(Kind.UNIFORM, min, max, null);
    }

    /**
     * @param values distinct values, each in [0, inf)
     * @return a space choosing one of {@code values}, equally likely (one grid axis in grid search)
     * @throws IllegalArgumentException if a value is outside [0, inf), repeated, or none is given
     */
    public static LambdaUSpace values(double... values) {
        return new LambdaUSpace(Kind.VALUES, Double.NaN, Double.NaN, values);
    }

    /**
     * @param min lower bound, &gt; 0
     * @param max upper bound, &gt; {@code min}
     * @return a space drawing log-uniformly from [min, max] (equal odds per factor of ten)
     * @throws IllegalArgumentException if a bound is not allowed, {@code min <= 0} or {@code min >= max}
     */
    public static LambdaUSpace logUniform(double min, double max) {
        return new LambdaUSpace(Kind.LOG_UNIFORM, min, max, null);
    }
}
