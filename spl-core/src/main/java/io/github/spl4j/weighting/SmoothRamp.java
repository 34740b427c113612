package io.github.spl4j.weighting;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Smooth Pseudo-Labeling (Karaliolios et al., arXiv 2405.14313): the weight ramps continuously from 0 at the
 * threshold to 1 at full confidence,
 *
 * <pre>
 *   w(c) = 0                        if c &lt; tau
 *   w(c) = ((c - tau) / (1 - tau))^mu   otherwise
 * </pre>
 *
 * <p>The unlabelled loss is then continuous in the network's outputs (and so is its derivative for µ &gt; 1), which
 * removes FixMatch's instability when labels are scarce. The paper does not publish its exact ramp; this power ramp
 * is spl4j's documented reading of it, with the shapes the paper compares: {@link #linear linear} (µ = 1, best in
 * the paper), {@link #quadratic quadratic} (µ = 2) and {@link #squareRoot square root} (µ = 1/2). As µ → 0 the ramp
 * approaches {@link HardThreshold} for every c &gt; τ.
 *
 * <pre>{@code
 * ILossFunction smoothFixMatch = new SmoothPseudoLabelLossFunction(SmoothRamp.linear(0.95), 1.0);
 * }</pre>
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class SmoothRamp implements PseudoLabelWeighting {
    private static final long serialVersionUID = 1L;

    /** FixMatch's default threshold, also the SPL paper's. */
    public static final double DEFAULT_TAU = 0.95;
    /** The linear ramp, best in the SPL paper. */
    public static final double MU_LINEAR = 1.0;
    /** The quadratic ramp. */
    public static final double MU_QUADRATIC = 2.0;
    /** The square-root ramp. */
    public static final double MU_SQUARE_ROOT = 0.5;
    /** The default exponent: linear. */
    public static final double DEFAULT_MU = MU_LINEAR;

    @JsonProperty("tau")
    private final double tau;
    @JsonProperty("mu")
    private final double mu;

    /**
     * @param tau the confidence threshold τ, in [0, 1)
     * @param mu  the ramp exponent µ, finite and &gt; 0
     * @throws IllegalArgumentException if {@code tau} is NaN or outside [0, 1), or {@code mu} is not finite and
     *                                  positive
     */
    @JsonCreator
    public SmoothRamp(@JsonProperty("tau") double tau, @JsonProperty("mu") double mu) {
        this.tau = PseudoLabelWeighting.checkTau(tau);
        if (!(mu > 0.0 && mu < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("mu must be finite and > 0, found " + mu);
        }
        this.mu = mu;
    }

    /** A linear ramp from {@link #DEFAULT_TAU}. */
    public SmoothRamp() {
        this(DEFAULT_TAU, DEFAULT_MU);
    }

    /** @return the linear ramp (µ = 1) from {@code tau} */
    public static SmoothRamp linear(double tau) {
        return new SmoothRamp(tau, MU_LINEAR);
    }

    /** @return the quadratic ramp (µ = 2) from {@code tau} */
    public static SmoothRamp quadratic(double tau) {
        return new SmoothRamp(tau, MU_QUADRATIC);
    }

    /** @return the square-root ramp (µ = 1/2) from {@code tau} */
    public static SmoothRamp squareRoot(double tau) {
        return new SmoothRamp(tau, MU_SQUARE_ROOT);
    }

    @Override
    public double weight(double confidence) {
        PseudoLabelWeighting.checkConfidence(confidence);
        if (confidence < tau) {
            return 0.0;
        }
        double x = Math.min(1.0, (confidence - tau) / (1.0 - tau));
        return mu == 1.0 ? x : Math.pow(x, mu);
    }

    @Override
    public INDArray weights(INDArray confidences) {
        // max(c - tau, 0) / (1 - tau), capped at 1 against softmax rounding just above 1.
        INDArray x = Transforms.max(confidences.sub(tau), 0.0, false).divi(1.0 - tau);
        Transforms.min(x, 1.0, false);
        return mu == 1.0 ? x : Transforms.pow(x, mu, false);
    }

    @Override
    public double getTau() {
        return tau;
    }

    /** @return the ramp exponent µ &gt; 0 */
    public double getMu() {
        return mu;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SmoothRamp)) {
            return false;
        }
        SmoothRamp other = (SmoothRamp) o;
        return Double.compare(tau, other.tau) == 0 && Double.compare(mu, other.mu) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(tau) + Double.hashCode(mu);
    }

    @Override
    public String toString() {
        return "SmoothRamp(tau=" + tau + ",mu=" + mu + ")";
    }
}
