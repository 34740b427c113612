package io.github.spl4j.arbiter;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;

import java.util.Map;

/**
 * A validated space that describes a hyperparameter in domain terms and leaves the sampling to exactly one of
 * Arbiter's own leaf spaces. Arbiter sees that leaf (through {@link #collectLeaves()}), so its grid and random
 * searches treat it as they treat their own spaces.
 *
 * @param <T> the type of value the space produces
 */
abstract class LeafDelegatingSpace<T> extends CompositeSpace<T> {

    /** @return Arbiter's leaf doing the sampling, built from the subclass's validated description */
    protected abstract ParameterSpace<T> leaf();

    @Override
    public T getValue(double[] parameterValues) {
        return leaf().getValue(parameterValues);
    }

    @Override
    public Map<String, ParameterSpace> getNestedSpaces() {
        return Map.of("leaf", leaf());
    }
}
