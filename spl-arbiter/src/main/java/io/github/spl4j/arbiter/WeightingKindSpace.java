package io.github.spl4j.arbiter;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A search space over the weighting family: hard threshold (FixMatch) and/or smooth ramp (SPL). With both kinds it is
 * one grid axis of two values (Arbiter's {@link DiscreteParameterSpace} does the sampling).
 */
public final class WeightingKindSpace extends LeafDelegatingSpace<WeightingKind> {

    @JsonProperty("kinds")
    private final List<WeightingKind> kinds;
    @JsonIgnore
    private final transient ParameterSpace<WeightingKind> leaf;

    @JsonCreator
    private WeightingKindSpace(@JsonProperty("kinds") List<WeightingKind> kinds) {
        if (kinds == null || kinds.isEmpty() || kinds.contains(null)
                || new LinkedHashSet<>(kinds).size() != kinds.size()) {
            throw new IllegalArgumentException("weighting kinds must be distinct, non-null and at least one of "
                    + Arrays.toString(WeightingKind.values()) + ", found " + kinds);
        }
        this.kinds = List.copyOf(kinds);
        this.leaf = kinds.size() == 1 ? new FixedValue<>(kinds.get(0))
                : new DiscreteParameterSpace<>(this.kinds.toArray(new WeightingKind[0]));
    }

    /**
     * @param kinds the kinds to choose between, distinct, at least one
     * @return the space
     * @throws IllegalArgumentException if no kind is given, one is null or repeated
     */
    public static WeightingKindSpace of(WeightingKind... kinds) {
        return new WeightingKindSpace(kinds == null ? null : Arrays.asList(kinds));
    }

    /** @return hard (FixMatch) and smooth (SPL), equally likely */
    public static WeightingKindSpace both() {
        return of(WeightingKind.HARD, WeightingKind.SMOOTH);
    }

    /** @return the kinds, in order */
    public List<WeightingKind> getKinds() {
        return kinds;
    }

    @Override
    protected ParameterSpace<WeightingKind> leaf() {
        return leaf;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightingKindSpace that && kinds.equals(that.kinds);
    }

    @Override
    public int hashCode() {
        return kinds.hashCode();
    }

    @Override
    public String toString() {
        return "WeightingKindSpace(kinds=" + kinds + ")";
    }
}
