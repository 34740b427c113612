package io.github.spl4j.loss;

import io.github.spl4j.weighting.PseudoLabelWeighting;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test weighting that computes weights once, with the wrapped weighting, and returns those same weights on every
 * later call: the weak-row weights held fixed while a gradient check perturbs the parameters.
 */
final class FrozenWeighting implements PseudoLabelWeighting {
    private static final long serialVersionUID = 1L;

    private final PseudoLabelWeighting inner;
    private double[] frozen;

    FrozenWeighting(PseudoLabelWeighting inner) {
        this.inner = inner;
    }

    @Override
    public double weight(double confidence) {
        return inner.weight(confidence);
    }

    @Override
    public synchronized INDArray weights(INDArray confidences) {
        // Kept as a Java array: DL4J's workspaces recycle the memory of any INDArray created during a pass.
        if (frozen == null) {
            frozen = inner.weights(confidences).toDoubleVector();
        }
        return Nd4j.createFromArray(frozen).castTo(confidences.dataType()).reshape(confidences.shape());
    }

    double[] frozenWeights() {
        return frozen.clone();
    }

    @Override
    public double getTau() {
        return inner.getTau();
    }
}
