package io.github.spl4j.arbiter;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

import java.io.Serializable;
import java.util.Objects;

/**
 * One point of a {@link FixMatchSpace}: the network configuration (its output layer holds the
 * {@link io.github.spl4j.loss.SmoothPseudoLabelLossFunction}) and the EMA teacher's decay.
 */
public final class FixMatchCandidate implements Serializable {
    private static final long serialVersionUID = 1L;

    private final MultiLayerConfiguration network;
    private final double emaDecay;

    /**
     * @param network  the network configuration
     * @param emaDecay the EMA teacher decay, in [0, 1)
     * @throws IllegalArgumentException if {@code emaDecay} is outside [0, 1)
     */
    public FixMatchCandidate(MultiLayerConfiguration network, double emaDecay) {
        this.network = Objects.requireNonNull(network, "network must not be null");
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("emaDecay must be in " + EmaDecaySpace.ALLOWED + ", found " + emaDecay);
        }
        this.emaDecay = emaDecay;
    }

    /** @return the network configuration */
    public MultiLayerConfiguration getNetwork() {
        return network;
    }

    /** @return the EMA teacher decay */
    public double getEmaDecay() {
        return emaDecay;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixMatchCandidate c && network.equals(c.network)
                && Double.compare(emaDecay, c.emaDecay) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(network, emaDecay);
    }

    @Override
    public String toString() {
        return "FixMatchCandidate(emaDecay=" + emaDecay + ", layers=" + network.getConfs().size() + ")";
    }
}
