package io.github.spl4j.arbiter;

import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.DoublePredicate;

/**
 * A validated search space over one real hyperparameter: a fixed value, a uniform or log-uniform range, or a finite
 * set of values. The sampling itself is done by one of Arbiter's own leaf spaces ({@link FixedValue},
 * {@link ContinuousParameterSpace}, {@link DiscreteParameterSpace}), so Arbiter's grid search treats a set of values
 * as a grid axis and a range as {@code discretizationCount} points, exactly as for its own spaces.
 *
 * <p>Only the description (kind, bounds, values) is serialised; the Arbiter leaf is rebuilt from it, so a space read
 * back from JSON is validated again. Subclasses fix the parameter's name and its allowed values.
 */
public abstract class ScalarSpace extends LeafDelegatingSpace<Double> {

    /** How values are drawn. */
    public enum Kind {
        /** Always the same value. */
        FIXED,
        /** Uniform on [min, max]. */
        UNIFORM,
        /** Log-uniform on [min, max], min &gt; 0. */
        LOG_UNIFORM,
        /** One of a finite set of values, equally likely (a grid axis in grid search). */
        VALUES
    }

    @JsonProperty("kind")
    private final Kind kind;
    @JsonProperty("min")
    private final double min;
    @JsonProperty("max")
    private final double max;
    @JsonProperty("values")
    private final double[] values;

    /** Arbiter's leaf doing the sampling; rebuilt from the fields above, never serialised. */
    @JsonIgnore
    private final transient ParameterSpace<Double> leaf;

    /**
     * Validates and builds the space.
     *
     * @param name        the parameter's name, used in messages (e.g. {@code "tau"})
     * @param allowed     which values are allowed
     * @param allowedText the allowed values as text for messages, e.g. {@code "[0, 1)"}
     * @param kind        how values are drawn
     * @param min         lower bound (UNIFORM, LOG_UNIFORM)
     * @param max         upper bound (UNIFORM, LOG_UNIFORM)
     * @param values      the values (FIXED: exactly one, VALUES: at least one, distinct)
     * @throws IllegalArgumentException naming the parameter, the value found and what is allowed
     */
    protected ScalarSpace(String name, DoublePredicate allowed, String allowedText, Kind kind, double min, double max,
                          double[] values) {
        if (kind == null) {
            throw new IllegalArgumentException(name + " space kind must be one of " + Arrays.toString(Kind.values())
                    + ", found null");
        }
        this.kind = kind;
        switch (kind) {
            case FIXED, VALUES -> {
                if (values == null || values.length == 0 || (kind == Kind.FIXED && values.length != 1)) {
                    throw new IllegalArgumentException(name + " space of kind " + kind + " needs "
                            + (kind == Kind.FIXED ? "exactly one value" : "at least one value") + ", found "
                            + (values == null ? "none" : Arrays.toString(values)));
                }
                for (double v : values) {
                    check(name, allowed, allowedText, v);
                }
                if (Arrays.stream(values).distinct().count() != values.length) {
                    throw new IllegalArgumentException(name + " values must be distinct, found "
                            + Arrays.toString(values));
                }
                this.values = values.clone();
                this.min = Arrays.stream(values).min().orElseThrow();
                this.max = Arrays.stream(values).max().orElseThrow();
            }
            default -> {
                check(name, allowed, allowedText, min);
                check(name, allowed, allowedText, max);
                if (!(min < max)) {
                    throw new IllegalArgumentException(name + " range must have min < max, found min=" + min
                            + ", max=" + max + " (use a fixed value for a single point)");
                }
                if (kind == Kind.LOG_UNIFORM && !(min > 0.0)) {
                    throw new IllegalArgumentException(name + " log-uniform range must have min > 0, found " + min);
                }
                this.min = min;
                this.max = max;
                this.values = null;
            }
        }
        this.leaf = buildLeaf();
    }

    private static void check(String name, DoublePredicate allowed, String allowedText, double v) {
        if (Double.isNaN(v) || !allowed.test(v)) {
            throw new IllegalArgumentException(name + " must be in " + allowedText + ", found " + v);
        }
    }

    private ParameterSpace<Double> buildLeaf() {
        return switch (kind) {
            case FIXED -> new FixedValue<>(values[0]);
            case UNIFORM -> new ContinuousParameterSpace(new UniformRealDistribution(min, max));
            case LOG_UNIFORM -> new ContinuousParameterSpace(new LogUniformDistribution(min, max));
            case VALUES -> new DiscreteParameterSpace<>(Arrays.stream(values).boxed().toArray(Double[]::new));
        };
    }

    /** @return how values are drawn */
    public Kind getKind() {
        return kind;
    }

    /** @return the smallest value this space can produce */
    public double getMin() {
        return min;
    }

    /** @return the largest value this space can produce */
    public double getMax() {
        return max;
    }

    /** @return the values for FIXED and VALUES spaces (a copy), empty for ranges */
    public double[] getValues() {
        return values == null ? new double[0] : values.clone();
    }

    @Override
    protected ParameterSpace<Double> leaf() {
        return leaf;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        ScalarSpace that = (ScalarSpace) o;
        return kind == that.kind && Double.compare(min, that.min) == 0 && Double.compare(max, that.max) == 0
                && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), kind, min, max, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        String body = switch (kind) {
            case FIXED -> "value=" + values[0];
            case VALUES -> "values=" + Arrays.toString(values);
            default -> "min=" + min + ", max=" + max;
        };
        return getClass().getSimpleName() + "(kind=" + kind + ", " + body + ")";
    }
}
