package io.github.spl4j.arbiter;

import org.deeplearning4j.arbiter.optimize.api.AbstractParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A validated space that describes a hyperparameter in domain terms and leaves the sampling to exactly one of
 * Arbiter's own leaf spaces. Arbiter sees the leaf (through {@link #collectLeaves()}), so its grid and random
 * searches treat it as they treat their own spaces; this class is never a leaf itself.
 *
 * @param <T> the type of value the space produces
 */
abstract class LeafDelegatingSpace<T> extends AbstractParameterSpace<T> {

    /** @return Arbiter's leaf doing the sampling, built from the subclass's validated description */
    protected abstract ParameterSpace<T> leaf();

    @Override
    public T getValue(double[] parameterValues) {
        return leaf().getValue(parameterValues);
    }

    @Override
    public int numParameters() {
        return leaf().numParameters();
    }

    @Override
    public List<ParameterSpace> collectLeaves() {
        return new ArrayList<>(List.of(leaf()));
    }

    @Override
    public Map<String, ParameterSpace> getNestedSpaces() {
        return Map.of("leaf", leaf());
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " is not a leaf; Arbiter sets the indices of its leaf (collectLeaves())");
    }
}
