package io.github.spl4j.arbiter;

import org.deeplearning4j.arbiter.DL4JConfiguration;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The search space of a {@link FixMatchSearch}: an Arbiter {@link MultiLayerSpace} (whose output layer uses a
 * {@link PseudoLabelLossSpace}, so τ, µ, λu and the weighting kind are searched there) plus the EMA teacher's decay,
 * which is not part of a DL4J configuration.
 */
public final class FixMatchSpace extends CompositeSpace<FixMatchCandidate> {

    @JsonProperty("network")
    private final MultiLayerSpace network;
    @JsonProperty("emaDecay")
    private final EmaDecaySpace emaDecay;

    /**
     * @param network  the network space
     * @param emaDecay the EMA decay space
     * @throws NullPointerException if either is null
     */
    @JsonCreator
    public FixMatchSpace(@JsonProperty("network") MultiLayerSpace network,
                         @JsonProperty("emaDecay") EmaDecaySpace emaDecay) {
        this.network = Objects.requireNonNull(network, "network space must not be null");
        this.emaDecay = Objects.requireNonNull(emaDecay, "emaDecay space must not be null");
    }

    /** @return the network space */
    public MultiLayerSpace getNetwork() {
        return network;
    }

    /** @return the EMA decay space */
    public EmaDecaySpace getEmaDecay() {
        return emaDecay;
    }

    @Override
    public FixMatchCandidate getValue(double[] parameterValues) {
        DL4JConfiguration conf = network.getValue(parameterValues);
        return new FixMatchCandidate(conf.getMultiLayerConfiguration(), emaDecay.getValue(parameterValues));
    }

    @Override
    public Map<String, ParameterSpace> getNestedSpaces() {
        Map<String, ParameterSpace> m = new LinkedHashMap<>();
        m.put("network", network);
        m.put("emaDecay", emaDecay);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixMatchSpace s && network.equals(s.network) && emaDecay.equals(s.emaDecay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(network, emaDecay);
    }

    @Override
    public String toString() {
        return "FixMatchSpace(emaDecay=" + emaDecay + ", network=" + network + ")";
    }
}
