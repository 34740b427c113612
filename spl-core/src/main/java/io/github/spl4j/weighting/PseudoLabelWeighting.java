package io.github.spl4j.weighting;

import java.io.Serializable;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * Maps the confidence {@code c = max softmax(f(weak view))} of an unlabelled image to the weight {@code w(c)} in
 * [0, 1] of its pseudo-label term in the FixMatch unlabelled loss. This is the one variation point between FixMatch
 * ({@link HardThreshold}) and Smooth FixMatch ({@link SmoothRamp}); the loss never changes.
 *
 * <p>Implementations are immutable, thread-safe, have value semantics and serialise to DL4J JSON (the class name is
 * stored under {@code @class}, as ND4J does for its loss functions).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
public interface PseudoLabelWeighting extends Serializable {

    /**
     * The weight of one pseudo-label.
     *
     * @param confidence the confidence c, in [0, 1]
     * @return w(c), in [0, 1]
     * @throws IllegalArgumentException if {@code confidence} is NaN or outside [0, 1]
     */
    double weight(double confidence);

    /**
     * The weights of many pseudo-labels at once, computed with ND4J ops (no per-element Java loop).
     *
     * @param confidences confidences in [0, 1], any shape, floating-point type; not modified
     * @return a new array of the same shape and data type holding w(c) elementwise, values in [0, 1]
     */
    INDArray weights(INDArray confidences);

    /** @return the confidence threshold τ in [0, 1): below it the weight is 0 */
    double getTau();

    /**
     * Checks a scalar confidence; shared by the implementations.
     *
     * @param confidence the value to check
     * @return {@code confidence}
     * @throws IllegalArgumentException if NaN or outside [0, 1]
     */
    static double checkConfidence(double confidence) {
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], found " + confidence);
        }
        return confidence;
    }

    /**
     * Checks a threshold; shared by the implementations.
     *
     * @param tau the value to check
     * @return {@code tau}
     * @throws IllegalArgumentException if NaN or outside [0, 1)
     */
    static double checkTau(double tau) {
        if (!(tau >= 0.0 && tau < 1.0)) {
            throw new IllegalArgumentException("tau must be in [0, 1), found " + tau);
        }
        return tau;
    }
}
