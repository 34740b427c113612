package io.github.spl4j.arbiter;

import org.deeplearning4j.arbiter.optimize.api.AbstractParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.util.LeafUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A space made of named sub-spaces ({@link #getNestedSpaces()}, in a fixed order). Arbiter samples only leaves: this
 * class hands it the sub-spaces' leaves in that order and is never a leaf itself.
 *
 * @param <T> the type of value the space produces
 */
abstract class CompositeSpace<T> extends AbstractParameterSpace<T> {

    @Override
    public int numParameters() {
        return LeafUtils.countUniqueParameters(collectLeaves());
    }

    @Override
    public List<ParameterSpace> collectLeaves() {
        List<ParameterSpace> leaves = new ArrayList<>();
        for (ParameterSpace<?> s : getNestedSpaces().values()) {
            leaves.addAll(s.collectLeaves());
        }
        return leaves;
    }

    @Override
    public abstract Map<String, ParameterSpace> getNestedSpaces();

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " is not a leaf; Arbiter sets the indices of its leaves (collectLeaves())");
    }
}
