package io.github.spl4j.dl4j.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import io.github.spl4j.dl4j.cpu.OneDnnSupport;

/**
 * Batch normalisation (Ioffe and Szegedy, arXiv 1502.03167), optionally fused with a leaky ReLU, with a fast CPU
 * implementation: a drop-in replacement for DL4J's {@link BatchNormalization} configuration.
 *
 * <p>Training forward, per channel {@code c} over the {@code M} = N·H·W (or N for 2-d input) values of a minibatch:
 * {@code mu = mean(x)}, {@code var = mean(x^2) - mu^2} (biased), {@code y = gamma (x - mu) / sqrt(var + eps) + beta},
 * then, if enabled, {@code out = max(y, alpha y)}. Inference uses the running mean and variance. The running
 * statistics follow DL4J's semantics exactly ({@code mean <- decay mean + (1 - decay) batchMean}, same for the biased
 * batch variance, stored as variance or as log10 of the standard deviation per {@link #isUseLogStd()}), and so do the
 * parameters (gamma, beta, running mean, running variance or log10 std): a network can swap DL4J's layer for this
 * one and keep its parameter vector.
 *
 * <p>Why it is faster on the CPU than DL4J's layer (with or without its oneDNN helper): it works on the
 * {@code [M, C]} row view of the activations, the backward pass is the closed form {@code dx = a g + k1 x + k0} with
 * two column sums, and the fused leaky ReLU is branch-free ({@code max(y, alpha y)}) instead of a separate
 * {@code ActivationLayer} that copies its input. For FLOAT data each direction is two fused passes over memory (the
 * statistics or gradient sums, then the output), split over threads: the ~13 and ~23 element-wise ND4J passes they
 * replace did not get faster with a second thread; other data types use ND4J ops. The fused passes give the same
 * results with any thread count. NHWC (channels last) input is used without any copy; NCHW input is permuted to
 * channels last and back (correct, but slower: prefer NHWC). Setting the system property
 * {@value #FUSED_KERNELS_PROPERTY} to {@code false} switches the fused passes off (read at every pass; for comparisons
 * and as an escape hatch).
 *
 * <p>Supported inputs: feed-forward {@code [N, C]} and convolutional {@code [N, C, H, W]} / {@code [N, H, W, C]}
 * (set by the input type as for DL4J's layer). Recurrent and 3-d convolutional input are rejected.
 *
 * <pre>{@code
 * .layer(new FastBatchNormalization.Builder().leakyRelu(0.1).build())
 * }</pre>
 *
 * <p>Loading this class (e.g. building or deserialising a configuration) calls {@link OneDnnSupport#ensureEnabled()},
 * so the convolution and pooling layers of the same network get DL4J's oneDNN helpers.
 */
public class FastBatchNormalization extends BatchNormalization {
    private static final long serialVersionUID = 1L;

    /** System property that switches the fused FLOAT passes off when set to {@code false} (default on). */
    public static final String FUSED_KERNELS_PROPERTY = "spl4j.batchNorm.fused";

    /** Default negative-side slope of the fused leaky ReLU when enabled without a value. */
    public static final double DEFAULT_LEAKY_RELU_ALPHA = 0.1;

    static {
        OneDnnSupport.ensureEnabled();
    }

    @JsonProperty("leakyRelu")
    private boolean leakyRelu;
    @JsonProperty("leakyReluAlpha")
    private double leakyReluAlpha = DEFAULT_LEAKY_RELU_ALPHA;

    /** For JSON deserialisation: DL4J's defaults, no fused activation. */
    public FastBatchNormalization() {
        super();
    }

    private FastBatchNormalization(Builder builder) {
        super();
        copyState(builder.buildStock(), this);
        this.leakyRelu = builder.leakyRelu;
        this.leakyReluAlpha = builder.leakyReluAlpha;
    }

    /** @return true if a leaky ReLU is fused after the normalisation */
    public boolean isLeakyRelu() {
        return leakyRelu;
    }

    /** @return the fused leaky ReLU's slope for negative inputs, in [0, 1); meaningful if {@link #isLeakyRelu()} */
    public double getLeakyReluAlpha() {
        return leakyReluAlpha;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNOutSet("FastBatchNormalization", getLayerName(), layerIndex, getNOut());
        FastBatchNormalizationLayer ret = new FastBatchNormalizationLayer(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }

    @Override
    public FastBatchNormalization clone() {
        return (FastBatchNormalization) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FastBatchNormalization) || !super.equals(o)) {
            return false;
        }
        FastBatchNormalization other = (FastBatchNormalization) o;
        return leakyRelu == other.leakyRelu
                && Double.compare(leakyReluAlpha, other.leakyReluAlpha) == 0;
    }

    /**
     * Lombok's {@code equals} in DL4J's class calls this; overriding it keeps a DL4J {@link BatchNormalization} from
     * comparing equal to this layer.
     *
     * @param other the other object
     * @return true if {@code other} is a {@code FastBatchNormalization}
     */
    protected boolean canEqual(Object other) {
        return other instanceof FastBatchNormalization;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), leakyRelu, leakyReluAlpha);
    }

    @Override
    public String toString() {
        return "FastBatchNormalization(leakyRelu=" + leakyRelu + ", leakyReluAlpha=" + leakyReluAlpha + ", "
                + super.toString() + ")";
    }

    /**
     * Copies every instance field DL4J's builder set (layer name, updaters, constraints, decay, eps, data format …)
     * from a stock configuration into this one. DL4J's constructor from its builder is private, so this is the one
     * way to keep every option of DL4J's builder without re-listing them.
     */
    private static void copyState(BatchNormalization from, BatchNormalization to) {
        for (Class<?> c = BatchNormalization.class; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(to, f.get(from));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy DL4J configuration field " + f, e);
                }
            }
        }
    }

    /**
     * Builder: every option of DL4J's {@link BatchNormalization.Builder} plus {@link #leakyRelu(double)}.
     * {@code build()} validates the values.
     */
    @SuppressWarnings("unchecked") // DL4J declares build() generic; the override returns the one type it builds
    public static class Builder extends BatchNormalization.Builder {
        private boolean leakyRelu;
        private double leakyReluAlpha = DEFAULT_LEAKY_RELU_ALPHA;

        /** A builder with DL4J's defaults (decay 0.9, eps 1e-5, learned gamma and beta) and no fused activation. */
        public Builder() {
            super();
        }

        /**
         * Fuses a leaky ReLU {@code max(y, alpha y)} after the normalisation.
         *
         * @param alpha slope for negative inputs, in [0, 1)
         * @return this builder
         * @throws IllegalArgumentException if alpha is outside [0, 1)
         */
        public Builder leakyRelu(double alpha) {
            if (!(alpha >= 0.0 && alpha < 1.0)) {
                throw new IllegalArgumentException("leakyReluAlpha must be in [0, 1), found " + alpha);
            }
            this.leakyRelu = true;
            this.leakyReluAlpha = alpha;
            return this;
        }

        /**
         * No activation after the normalisation (the default).
         *
         * @return this builder
         */
        public Builder noActivation() {
            this.leakyRelu = false;
            this.leakyReluAlpha = DEFAULT_LEAKY_RELU_ALPHA;
            return this;
        }

        private BatchNormalization buildStock() {
            return super.build();
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException if decay is outside [0, 1] or eps is not positive
         */
        @Override
        public FastBatchNormalization build() {
            if (!(getDecay() >= 0.0 && getDecay() <= 1.0)) {
                throw new IllegalArgumentException("decay must be in [0, 1], found " + getDecay());
            }
            if (!(getEps() > 0.0)) {
                throw new IllegalArgumentException("eps must be > 0, found " + getEps());
            }
            return new FastBatchNormalization(this);
        }
    }
}
