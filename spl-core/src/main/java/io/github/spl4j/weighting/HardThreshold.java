package io.github.spl4j.weighting;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * FixMatch's hard threshold (Sohn et al., arXiv 2001.07685): {@code w(c) = 1 if c >= tau, else 0}.
 *
 * <p>The weight jumps from 0 to 1 at τ, so the unlabelled loss is discontinuous in the network's outputs; see
 * {@link SmoothRamp} for the continuous alternative.
 *
 * <pre>{@code
 * ILossFunction fixMatch = new SmoothPseudoLabelLossFunction(new HardThreshold(0.95), 1.0);
 * }</pre>
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class HardThreshold implements PseudoLabelWeighting {
    private static final long serialVersionUID = 1L;

    /** FixMatch's default threshold. */
    public static final double DEFAULT_TAU = 0.95;

    @JsonProperty("tau")
    private final double tau;

    /**
     * @param tau the confidence threshold τ, in [0, 1)
     * @throws IllegalArgumentException if {@code tau} is NaN or outside [0, 1)
     */
    @JsonCreator
    public HardThreshold(@JsonProperty("tau") double tau) {
        this.tau = PseudoLabelWeighting.checkTau(tau);
    }

    /** A hard threshold at {@link #DEFAULT_TAU}. */
    public HardThreshold() {
        this(DEFAULT_TAU);
    }

    @Override
    public double weight(double confidence) {
        return PseudoLabelWeighting.checkConfidence(confidence) >= tau ? 1.0 : 0.0;
    }

    @Override
    public INDArray weights(INDArray confidences) {
        return confidences.gte(tau).castTo(confidences.dataType());
    }

    @Override
    public double getTau() {
        return tau;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HardThreshold && Double.compare(tau, ((HardThreshold) o).tau) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(tau);
    }

    @Override
    public String toString() {
        return "HardThreshold(tau=" + tau + ")";
    }
}
