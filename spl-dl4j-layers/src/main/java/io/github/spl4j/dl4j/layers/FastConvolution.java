package io.github.spl4j.dl4j.layers;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import io.github.spl4j.dl4j.cpu.OneDnnSupport;

/**
 * 2-d convolution whose forward and backward pass call libnd4j's {@code conv2d} / {@code conv2d_bp} ops directly
 * (oneDNN inside libnd4j for float32): a drop-in replacement for DL4J's {@link ConvolutionLayer} configuration with
 * the same parameters ({@code W} as {@code [out, in, kH, kW]}, optional bias {@code b}), so a stock network's weights
 * copy over unchanged.
 *
 * <p>Why it is faster than DL4J's layer with its oneDNN helper: DL4J's layer copies NHWC input to NCHW on every
 * forward pass even when the helper does not use the copy, keeps a duplicate of the pre-activation for backprop and
 * adds a zero bias when there is none; this layer does none of that. With {@link Builder#inputGradient(boolean)
 * inputGradient(false)} it also skips the gradient with respect to its input, which only the first layer of a network
 * (whose input is the data) may do: DL4J always computes it.
 *
 * <p>Restrictions: the activation is the identity (put the nonlinearity in the next layer, e.g.
 * {@link FastBatchNormalization.Builder#leakyRelu(double)}); convolution modes {@code Same}, {@code Truncate} and
 * {@code Strict}. NCHW and NHWC are both supported; NHWC is the fast layout on the CPU.
 *
 * <p>A layer built with {@code inputGradient(false)} returns no input gradient (like DL4J's {@code EmbeddingLayer}),
 * so it must read a network input directly: {@link #checkInputGradients(MultiLayerConfiguration)} and
 * {@link #checkInputGradients(ComputationGraphConfiguration)} reject any other position, and spl4j's model builders
 * call them.
 *
 * <pre>{@code
 * .layer(new FastConvolution.Builder(3, 3).nOut(16).convolutionMode(ConvolutionMode.Same).hasBias(false)
 *         .dataFormat(CNN2DFormat.NHWC).inputGradient(false).build())
 * }</pre>
 */
public class FastConvolution extends ConvolutionLayer {
    private static final long serialVersionUID = 1L;

    static {
        OneDnnSupport.ensureEnabled();
    }

    @JsonProperty("inputGradient")
    private boolean inputGradient = true;

    /** For JSON deserialisation: DL4J's defaults, input gradient on. */
    public FastConvolution() {
        super();
    }

    private FastConvolution(Builder builder) {
        super(builder);
        this.inputGradient = builder.inputGradient;
    }

    /**
     * @return false if backprop skips the gradient with respect to the input (allowed only for a layer that reads a
     *         network input)
     */
    public boolean isInputGradient() {
        return inputGradient;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FastConvolution", getLayerName(), layerIndex, getNIn(), getNOut());
        if (!(getActivationFn() instanceof ActivationIdentity)) {
            throw new IllegalStateException("FastConvolution supports only the identity activation, found "
                    + getActivationFn() + " (layer " + getLayerName() + ", index " + layerIndex + ")");
        }
        FastConvolutionLayer ret = new FastConvolutionLayer(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }

    /**
     * Checks that every {@code FastConvolution} with {@code inputGradient(false)} is the first layer of the list
     * (the only one whose input is the network input).
     *
     * @param conf a network configuration
     * @return conf
     * @throws IllegalArgumentException naming the first offending layer
     */
    public static MultiLayerConfiguration checkInputGradients(MultiLayerConfiguration conf) {
        for (int i = 1; i < conf.getConfs().size(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer l = conf.getConf(i).getLayer();
            if (l instanceof FastConvolution && !((FastConvolution) l).isInputGradient()) {
                throw new IllegalArgumentException("FastConvolution layer " + i + " (" + l.getLayerName()
                        + ") has inputGradient(false) but is not the first layer; only a layer that reads the"
                        + " network input may skip its input gradient");
            }
        }
        return conf;
    }

    /**
     * Checks that every {@code FastConvolution} with {@code inputGradient(false)} reads only network inputs.
     *
     * @param conf a graph configuration
     * @return conf
     * @throws IllegalArgumentException naming the first offending vertex and its inputs
     */
    public static ComputationGraphConfiguration checkInputGradients(ComputationGraphConfiguration conf) {
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex)) {
                continue;
            }
            org.deeplearning4j.nn.conf.layers.Layer l = ((LayerVertex) e.getValue()).getLayerConf().getLayer();
            if (l instanceof FastConvolution && !((FastConvolution) l).isInputGradient()) {
                for (String in : conf.getVertexInputs().get(e.getKey())) {
                    if (!conf.getNetworkInputs().contains(in)) {
                        throw new IllegalArgumentException("FastConvolution vertex " + e.getKey()
                                + " has inputGradient(false) but reads vertex " + in + ", which is not a network"
                                + " input " + conf.getNetworkInputs() + "; only a layer that reads network inputs"
                                + " may skip its input gradient");
                    }
                }
            }
        }
        return conf;
    }

    @Override
    public FastConvolution clone() {
        return (FastConvolution) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FastConvolution) || !super.equals(o)) {
            return false;
        }
        return inputGradient == ((FastConvolution) o).inputGradient;
    }

    /**
     * Lombok's {@code equals} in DL4J's class calls this; overriding it keeps a DL4J {@link ConvolutionLayer} from
     * comparing equal to this layer.
     *
     * @param other the other object
     * @return true if {@code other} is a {@code FastConvolution}
     */
    protected boolean canEqual(Object other) {
        return other instanceof FastConvolution;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), inputGradient);
    }

    @Override
    public String toString() {
        return "FastConvolution(inputGradient=" + inputGradient + ", " + super.toString() + ")";
    }

    /**
     * Builder: DL4J's {@link ConvolutionLayer.Builder} options (the usual ones re-declared to return this type) plus
     * {@link #inputGradient(boolean)}. The activation is fixed to the identity.
     */
    public static class Builder extends ConvolutionLayer.Builder {
        private boolean inputGradient = true;

        /**
         * @param kernelSize kernel height and width, each {@code >= 1}
         */
        public Builder(int... kernelSize) {
            super(kernelSize);
            super.activation(Activation.IDENTITY);
        }

        /**
         * @param inputGradient false to skip the gradient with respect to the input: only for a layer that reads a
         *                      network input (the first layer), where nobody needs it
         * @return this builder
         */
        public Builder inputGradient(boolean inputGradient) {
            this.inputGradient = inputGradient;
            return this;
        }

        @Override
        public Builder kernelSize(int... kernelSize) {
            super.kernelSize(kernelSize);
            return this;
        }

        @Override
        public Builder stride(int... stride) {
            super.stride(stride);
            return this;
        }

        @Override
        public Builder padding(int... padding) {
            super.padding(padding);
            return this;
        }

        @Override
        public Builder dilation(int... dilation) {
            super.dilation(dilation);
            return this;
        }

        @Override
        public Builder dataFormat(CNN2DFormat format) {
            super.dataFormat(format);
            return this;
        }

        @Override
        public Builder convolutionMode(ConvolutionMode convolutionMode) {
            super.convolutionMode(convolutionMode);
            return this;
        }

        @Override
        public Builder hasBias(boolean hasBias) {
            super.hasBias(hasBias);
            return this;
        }

        @Override
        public Builder nIn(int nIn) {
            super.nIn(nIn);
            return this;
        }

        @Override
        public Builder nOut(int nOut) {
            super.nOut(nOut);
            return this;
        }

        @Override
        public Builder name(String layerName) {
            super.name(layerName);
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException if the activation is not the identity or a kernel/stride/padding value is
         *                                  invalid (DL4J's builder already rejects the {@code Causal} mode)
         */
        @Override
        public FastConvolution build() {
            if (activationFn != null && !(activationFn instanceof ActivationIdentity)) {
                throw new IllegalArgumentException("activation must be IDENTITY for FastConvolution, found "
                        + activationFn);
            }
            org.deeplearning4j.util.ConvolutionUtils.validateConvolutionModePadding(convolutionMode, padding);
            org.deeplearning4j.util.ConvolutionUtils.validateCnnKernelStridePadding(kernelSize, stride, padding);
            return new FastConvolution(this);
        }
    }
}
