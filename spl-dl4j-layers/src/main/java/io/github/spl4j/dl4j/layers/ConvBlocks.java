package io.github.spl4j.dl4j.layers;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;

import io.github.spl4j.dl4j.cpu.OneDnnSupport;

/**
 * Building blocks shared by spl4j's model builders: convolution and batch norm + leaky ReLU in each
 * {@link LayerFlavor}, and convolution + batch norm + leaky ReLU, for {@code MultiLayerNetwork} lists ({@link #bnLeakyRelu}) and
 * {@code ComputationGraph} graphs ({@link #addBnLeakyRelu}, {@link #addConvBnLeakyRelu}).
 */
public final class ConvBlocks {
    static {
        // networks built from these blocks get DL4J's oneDNN convolution and pooling helpers
        OneDnnSupport.ensureEnabled();
    }

    private ConvBlocks() {
    }

    /**
     * Batch norm followed by a leaky ReLU, as layer configurations to add in order.
     *
     * @param flavor  which implementation
     * @param alpha   leaky ReLU slope for negative inputs, in [0, 1)
     * @param decay   running-statistics decay (DL4J semantics), in [0, 1]
     * @param format  the data format of the activations
     * @return one layer (spl4j's flavors) or two ({@link LayerFlavor#DL4J_STOCK})
     * @throws IllegalArgumentException if alpha or decay is out of range
     */
    public static List<Layer> bnLeakyRelu(LayerFlavor flavor, double alpha, double decay, CNN2DFormat format) {
        if (!(alpha >= 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException("alpha must be in [0, 1), found " + alpha);
        }
        if (!(decay >= 0.0 && decay <= 1.0)) {
            throw new IllegalArgumentException("decay must be in [0, 1], found " + decay);
        }
        if (flavor != LayerFlavor.DL4J_STOCK) {
            FastBatchNormalization.Builder b = new FastBatchNormalization.Builder();
            b.decay(decay).dataFormat(format);
            return List.of(b.leakyRelu(alpha).build());
        }
        BatchNormalization bn = new BatchNormalization.Builder().decay(decay).dataFormat(format).build();
        ActivationLayer act = new ActivationLayer.Builder().activation(new ActivationLReLU(alpha)).build();
        return List.of(bn, act);
    }

    /**
     * A 3×3 (or k×k) convolution without bias (the batch norm after it has one), identity activation, "same" padding.
     *
     * @param kernel kernel size, {@code >= 1}
     * @param stride stride, {@code >= 1}
     * @param nOut   output channels, {@code >= 1}
     * @param format data format
     * @return the configuration
     * @throws IllegalArgumentException if a size is below 1
     */
    public static ConvolutionLayer conv(int kernel, int stride, int nOut, CNN2DFormat format) {
        requirePositive("kernel", kernel);
        requirePositive("stride", stride);
        requirePositive("nOut", nOut);
        return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(nOut)
                .convolutionMode(ConvolutionMode.Same).hasBias(false).activation(Activation.IDENTITY)
                .dataFormat(format).build();
    }

    /**
     * Like {@link #conv(int, int, int, CNN2DFormat)} but spl4j's {@link FastConvolution}.
     *
     * @param kernel        kernel size, {@code >= 1}
     * @param stride        stride, {@code >= 1}
     * @param nOut          output channels, {@code >= 1}
     * @param format        data format
     * @param inputGradient false only for a layer that reads the network input (see
     *                      {@link FastConvolution.Builder#inputGradient(boolean)})
     * @return the configuration
     * @throws IllegalArgumentException if a size is below 1
     */
    public static FastConvolution fastConv(int kernel, int stride, int nOut, CNN2DFormat format,
                                           boolean inputGradient) {
        requirePositive("kernel", kernel);
        requirePositive("stride", stride);
        requirePositive("nOut", nOut);
        return new FastConvolution.Builder(kernel, kernel).stride(stride, stride).nOut(nOut)
                .convolutionMode(ConvolutionMode.Same).hasBias(false).dataFormat(format)
                .inputGradient(inputGradient).build();
    }

    /**
     * The convolution of a flavor: {@link #fastConv} for {@link LayerFlavor#SPL4J}, DL4J's layer
     * ({@link #conv(int, int, int, CNN2DFormat)}) otherwise. Same parameters and layout either way.
     *
     * @param flavor        which implementation
     * @param kernel        kernel size, {@code >= 1}
     * @param stride        stride, {@code >= 1}
     * @param nOut          output channels, {@code >= 1}
     * @param format        data format
     * @param inputGradient false for the layer that reads the network input (ignored by DL4J's layer, which always
     *                      computes it)
     * @return the configuration
     * @throws IllegalArgumentException if a size is below 1
     */
    public static ConvolutionLayer conv(LayerFlavor flavor, int kernel, int stride, int nOut, CNN2DFormat format,
                                        boolean inputGradient) {
        if (flavor == LayerFlavor.SPL4J) {
            return fastConv(kernel, stride, nOut, format, inputGradient);
        }
        return conv(kernel, stride, nOut, format);
    }

    /**
     * Adds batch norm + leaky ReLU to a graph.
     *
     * @param graph  the graph builder
     * @param name   name of the block; vertices are {@code name} (and {@code name + "_act"} for the stock flavor)
     * @param input  the input vertex
     * @param flavor which implementation
     * @param alpha  leaky ReLU slope, in [0, 1)
     * @param decay  running-statistics decay, in [0, 1]
     * @param format data format
     * @return the name of the block's output vertex
     */
    public static String addBnLeakyRelu(ComputationGraphConfiguration.GraphBuilder graph, String name, String input,
                                        LayerFlavor flavor, double alpha, double decay, CNN2DFormat format) {
        List<Layer> layers = bnLeakyRelu(flavor, alpha, decay, format);
        graph.addLayer(name, layers.get(0), input);
        if (layers.size() == 1) {
            return name;
        }
        String act = name + "_act";
        graph.addLayer(act, layers.get(1), name);
        return act;
    }

    /**
     * Adds convolution ({@link #conv(LayerFlavor, int, int, int, CNN2DFormat, boolean)}, with input gradient) +
     * batch norm + leaky ReLU to a graph: vertices {@code name + "_conv"}, {@code name + "_bn"} (and
     * {@code name + "_bn_act"} for the stock flavor).
     *
     * @return the name of the block's output vertex
     * @see #conv(int, int, int, CNN2DFormat)
     * @see #addBnLeakyRelu
     */
    public static String addConvBnLeakyRelu(ComputationGraphConfiguration.GraphBuilder graph, String name,
                                            String input, int kernel, int stride, int nOut, LayerFlavor flavor,
                                            double alpha, double decay, CNN2DFormat format) {
        graph.addLayer(name + "_conv", conv(flavor, kernel, stride, nOut, format, true), input);
        return addBnLeakyRelu(graph, name + "_bn", name + "_conv", flavor, alpha, decay, format);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, found " + value);
        }
    }
}
