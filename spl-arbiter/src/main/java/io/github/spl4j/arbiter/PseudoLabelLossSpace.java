package io.github.spl4j.arbiter;

import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;
import io.github.spl4j.weighting.HardThreshold;
import io.github.spl4j.weighting.SmoothRamp;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A space of {@link SmoothPseudoLabelLossFunction}s built from a weighting kind, τ, µ and λu. It is a
 * {@code ParameterSpace<ILossFunction>}, so an existing Arbiter network space gains τ and µ with one line:
 *
 * <pre>{@code
 * new OutputLayerSpace.Builder().nOut(10).activation(Activation.SOFTMAX)
 *     .iLossFunction(PseudoLabelLossSpace.builder()
 *         .weighting(WeightingKindSpace.both()).tau(TauSpace.uniform(0.7, 0.99)).mu(MuSpace.shapes()).build())
 *     .build();
 * }</pre>
 *
 * <p>Defaults: smooth weighting, τ = 0.95, µ = 1, λu = 1, all fixed (so an unconfigured space is Smooth FixMatch
 * with the paper's settings). The output layer must use a softmax activation and be fed FixMatch minibatches
 * ({@link io.github.spl4j.data.FixMatchBatchLayout}).
 */
public final class PseudoLabelLossSpace extends CompositeSpace<ILossFunction> {

    @JsonProperty("weighting")
    private final WeightingKindSpace weighting;
    @JsonProperty("tau")
    private final TauSpace tau;
    @JsonProperty("mu")
    private final MuSpace mu;
    @JsonProperty("lambdaU")
    private final LambdaUSpace lambdaU;

    @JsonCreator
    private PseudoLabelLossSpace(@JsonProperty("weighting") WeightingKindSpace weighting,
                                 @JsonProperty("tau") TauSpace tau, @JsonProperty("mu") MuSpace mu,
                                 @JsonProperty("lambdaU") LambdaUSpace lambdaU) {
        this.weighting = Objects.requireNonNull(weighting, "weighting space must not be null");
        this.tau = Objects.requireNonNull(tau, "tau space must not be null");
        this.mu = Objects.requireNonNull(mu, "mu space must not be null");
        this.lambdaU = Objects.requireNonNull(lambdaU, "lambdaU space must not be null");
        if (!weighting.getKinds().contains(WeightingKind.SMOOTH) && mu.getKind() != ScalarSpace.Kind.FIXED) {
            throw new IllegalArgumentException("mu is searched (" + mu + ") but the weighting space holds only "
                    + weighting.getKinds() + ", which ignores mu: add WeightingKind.SMOOTH or fix mu");
        }
    }

    /** @return a builder with the defaults (smooth, τ = 0.95, µ = 1, λu = 1, all fixed) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the weighting-kind space */
    public WeightingKindSpace getWeighting() {
        return weighting;
    }

    /** @return the τ space */
    public TauSpace getTau() {
        return tau;
    }

    /** @return the µ space */
    public MuSpace getMu() {
        return mu;
    }

    /** @return the λu space */
    public LambdaUSpace getLambdaU() {
        return lambdaU;
    }

    @Override
    public ILossFunction getValue(double[] parameterValues) {
        WeightingKind kind = weighting.getValue(parameterValues);
        return new SmoothPseudoLabelLossFunction(kind.create(tau.getValue(parameterValues),
                mu.getValue(parameterValues)), lambdaU.getValue(parameterValues));
    }

    @Override
    public Map<String, ParameterSpace> getNestedSpaces() {
        Map<String, ParameterSpace> m = new LinkedHashMap<>();
        m.put("weighting", weighting);
        m.put("tau", tau);
        m.put("mu", mu);
        m.put("lambdaU", lambdaU);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PseudoLabelLossSpace that && weighting.equals(that.weighting) && tau.equals(that.tau)
                && mu.equals(that.mu) && lambdaU.equals(that.lambdaU);
    }

    @Override
    public int hashCode() {
        return Objects.hash(weighting, tau, mu, lambdaU);
    }

    @Override
    public String toString() {
        return "PseudoLabelLossSpace(weighting=" + weighting + ", tau=" + tau + ", mu=" + mu + ", lambdaU="
                + lambdaU + ")";
    }

    /** Builds a {@link PseudoLabelLossSpace}; every setter rejects null, {@link #build()} checks the combination. */
    public static final class Builder {
        private WeightingKindSpace weighting = WeightingKindSpace.of(WeightingKind.SMOOTH);
        private TauSpace tau = TauSpace.fixed(SmoothRamp.DEFAULT_TAU);
        private MuSpace mu = MuSpace.fixed(SmoothRamp.DEFAULT_MU);
        private LambdaUSpace lambdaU = LambdaUSpace.fixed(SmoothPseudoLabelLossFunction.DEFAULT_LAMBDA_U);

        private Builder() {
        }

        /**
         * @param weighting hard, smooth or both (default: smooth)
         * @return this builder
         */
        public Builder weighting(WeightingKindSpace weighting) {
            this.weighting = Objects.requireNonNull(weighting, "weighting space must not be null");
            return this;
        }

        /**
         * @param tau the threshold space (default: fixed {@value HardThreshold#DEFAULT_TAU})
         * @return this builder
         */
        public Builder tau(TauSpace tau) {
            this.tau = Objects.requireNonNull(tau, "tau space must not be null");
            return this;
        }

        /**
         * @param mu the ramp-exponent space (default: fixed 1, linear)
         * @return this builder
         */
        public Builder mu(MuSpace mu) {
            this.mu = Objects.requireNonNull(mu, "mu space must not be null");
            return this;
        }

        /**
         * @param lambdaU the unlabelled-loss weight space (default: fixed 1)
         * @return this builder
         */
        public Builder lambdaU(LambdaUSpace lambdaU) {
            this.lambdaU = Objects.requireNonNull(lambdaU, "lambdaU space must not be null");
            return this;
        }

        /**
         * @return the space
         * @throws IllegalArgumentException if µ is searched while only {@link WeightingKind#HARD} is allowed
         */
        public PseudoLabelLossSpace build() {
            return new PseudoLabelLossSpace(weighting, tau, mu, lambdaU);
        }
    }
}
