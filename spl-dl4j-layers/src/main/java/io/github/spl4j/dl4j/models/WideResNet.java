package io.github.spl4j.dl4j.models;

import java.util.Objects;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import io.github.spl4j.dl4j.cpu.OneDnnSupport;
import io.github.spl4j.dl4j.layers.ConvBlocks;
import io.github.spl4j.dl4j.layers.FastConvolution;
import io.github.spl4j.dl4j.layers.LayerFlavor;

/**
 * The Wide ResNet used by FixMatch (Zagoruyko and Komodakis, arXiv 1605.07146; FixMatch arXiv 2001.07685): WRN-d-k
 * with depth d = 6n + 4 (n blocks per group), widths 16k, 32k, 64k, pre-activation blocks
 * BN-LReLU-conv3×3-BN-LReLU-conv3×3 with a 1×1 convolution on the shortcut where the width changes, a final
 * BN-LReLU, global average pooling and a dense softmax output. Defaults are FixMatch's: WRN-28-2 for 32×32×3
 * images, leaky ReLU 0.1, batch-norm decay 0.999 (PyTorch momentum 0.001), convolutions without bias, L2 weight
 * decay 5e-4 on convolution and dense weights only (not on batch norm or biases; DL4J's L2 regularisation adds
 * {@code wd·w} to the gradient before the updater, as PyTorch's SGD {@code weight_decay} does), SGD with Nesterov
 * momentum 0.9 at lr 0.03.
 *
 * <p>As in the reference implementations, the first block of the first group activates its input before the
 * shortcut, and the first blocks of the second and third groups feed the raw block input to both their first
 * convolution and their shortcut. The reference PyTorch code still creates a batch norm for those two blocks that it
 * never uses (192 parameters); it is left out here, so WRN-28-2 has 1,467,418 trainable parameters against the
 * reference's count of 1,467,610 (plus 2 running statistics per batch-norm channel, which DL4J counts as parameters).
 *
 * <pre>{@code
 * ComputationGraph wrn = new WideResNet.Builder(42).lossFunction(new SmoothPseudoLabelLossFunction()).build();
 * }</pre>
 */
public final class WideResNet {
    /** FixMatch's depth. */
    public static final int DEFAULT_DEPTH = 28;
    /** FixMatch's widen factor for CIFAR-10. */
    public static final int DEFAULT_WIDEN_FACTOR = 2;
    /** Default input height and width, pixels. */
    public static final int DEFAULT_SIZE = 32;
    /** Default input channels. */
    public static final int DEFAULT_CHANNELS = 3;
    /** Default number of classes. */
    public static final int DEFAULT_CLASSES = 10;
    /** Leaky ReLU slope. */
    public static final double DEFAULT_LEAKY_RELU_ALPHA = 0.1;
    /** Batch-norm running-statistics decay (DL4J semantics; PyTorch momentum 0.001). */
    public static final double DEFAULT_BN_DECAY = 0.999;
    /** L2 weight decay on convolution and dense weights. */
    public static final double DEFAULT_WEIGHT_DECAY = 5e-4;
    /** Learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.03;
    /** Nesterov momentum. */
    public static final double DEFAULT_MOMENTUM = 0.9;
    /** Name of the input vertex. */
    public static final String INPUT = "input";
    /** Name of the output layer. */
    public static final String OUTPUT = "output";

    private static final int BASE_WIDTH = 16;

    private WideResNet() {
    }

    /** Builder of the Wide ResNet; every setter validates its value. */
    public static final class Builder {
        private final long seed;
        private int depth = DEFAULT_DEPTH;
        private int widenFactor = DEFAULT_WIDEN_FACTOR;
        private int height = DEFAULT_SIZE;
        private int width = DEFAULT_SIZE;
        private int channels = DEFAULT_CHANNELS;
        private int numClasses = DEFAULT_CLASSES;
        private double leakyReluAlpha = DEFAULT_LEAKY_RELU_ALPHA;
        private double bnDecay = DEFAULT_BN_DECAY;
        private double weightDecay = DEFAULT_WEIGHT_DECAY;
        private LayerFlavor flavor = LayerFlavor.SPL4J;
        private CNN2DFormat dataFormat = CNN2DFormat.NHWC;
        private CacheMode cacheMode = CacheMode.DEVICE;
        private ILossFunction lossFunction = new LossMCXENT();
        private IUpdater updater = new Nesterovs(DEFAULT_LEARNING_RATE, DEFAULT_MOMENTUM);
        private DataType dataType = DataType.FLOAT;

        /** @param seed the seed of the weight initialisation */
        public Builder(long seed) {
            this.seed = seed;
        }

        /**
         * @param depth network depth, 6n + 4 with n &gt;= 1 (10, 16, 22, 28, ...)
         * @return this builder
         */
        public Builder depth(int depth) {
            if (depth < 10 || (depth - 4) % 6 != 0) {
                throw new IllegalArgumentException("depth must be 6n + 4 with n >= 1 (10, 16, 22, 28, ...), found "
                        + depth);
            }
            this.depth = depth;
            return this;
        }

        /** @param widenFactor k, {@code >= 1} @return this builder */
        public Builder widenFactor(int widenFactor) {
            if (widenFactor < 1) {
                throw new IllegalArgumentException("widenFactor must be >= 1, found " + widenFactor);
            }
            this.widenFactor = widenFactor;
            return this;
        }

        /**
         * @param height   input height, {@code >= 4}
         * @param width    input width, {@code >= 4}
         * @param channels input channels, {@code >= 1}
         * @return this builder
         */
        public Builder inputShape(int height, int width, int channels) {
            if (height < 4 || width < 4 || channels < 1) {
                throw new IllegalArgumentException("input shape must have height >= 4, width >= 4 and channels >= 1,"
                        + " found " + height + "x" + width + "x" + channels);
            }
            this.height = height;
            this.width = width;
            this.channels = channels;
            return this;
        }

        /** @param numClasses classes, {@code >= 2} @return this builder */
        public Builder numClasses(int numClasses) {
            if (numClasses < 2) {
                throw new IllegalArgumentException("numClasses must be >= 2, found " + numClasses);
            }
            this.numClasses = numClasses;
            return this;
        }

        /** @param alpha leaky ReLU slope in [0, 1) @return this builder */
        public Builder leakyReluAlpha(double alpha) {
            if (!(alpha >= 0.0 && alpha < 1.0)) {
                throw new IllegalArgumentException("leakyReluAlpha must be in [0, 1), found " + alpha);
            }
            this.leakyReluAlpha = alpha;
            return this;
        }

        /** @param decay batch-norm running-statistics decay in [0, 1] @return this builder */
        public Builder bnDecay(double decay) {
            if (!(decay >= 0.0 && decay <= 1.0)) {
                throw new IllegalArgumentException("bnDecay must be in [0, 1], found " + decay);
            }
            this.bnDecay = decay;
            return this;
        }

        /** @param weightDecay L2 coefficient on convolution and dense weights, finite and {@code >= 0} @return this */
        public Builder weightDecay(double weightDecay) {
            if (!(weightDecay >= 0.0 && weightDecay < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("weightDecay must be finite and >= 0, found " + weightDecay);
            }
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * The convolution and batch norm + leaky ReLU implementation: spl4j's fast layers (default), only spl4j's
         * batch norm, or DL4J's stock layers.
         *
         * @param flavor the flavor
         * @return this builder
         */
        public Builder layerFlavor(LayerFlavor flavor) {
            this.flavor = Objects.requireNonNull(flavor, "flavor");
            return this;
        }

        /** @param dataFormat activation layout (NHWC by default, the fast one on CPU) @return this builder */
        public Builder dataFormat(CNN2DFormat dataFormat) {
            this.dataFormat = Objects.requireNonNull(dataFormat, "dataFormat");
            return this;
        }

        /** @param cacheMode DL4J cache mode (DEVICE by default) @return this builder */
        public Builder cacheMode(CacheMode cacheMode) {
            this.cacheMode = Objects.requireNonNull(cacheMode, "cacheMode");
            return this;
        }

        /** @param lossFunction loss of the softmax output @return this builder */
        public Builder lossFunction(ILossFunction lossFunction) {
            this.lossFunction = Objects.requireNonNull(lossFunction, "lossFunction");
            return this;
        }

        /** @param updater updater of all trainable parameters @return this builder */
        public Builder updater(IUpdater updater) {
            this.updater = Objects.requireNonNull(updater, "updater");
            return this;
        }

        /** @param dataType network data type (FLOAT by default) @return this builder */
        public Builder dataType(DataType dataType) {
            this.dataType = Objects.requireNonNull(dataType, "dataType");
            return this;
        }

        /** @return the graph configuration (enables oneDNN first, see {@link OneDnnSupport#ensureEnabled()}) */
        public ComputationGraphConfiguration configuration() {
            OneDnnSupport.ensureEnabled();
            int blocksPerGroup = (depth - 4) / 6;
            ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                    .seed(seed)
                    .dataType(dataType)
                    .updater(updater)
                    .weightInit(WeightInit.RELU)
                    .l2(weightDecay)
                    .cacheMode(cacheMode)
                    .graphBuilder()
                    .addInputs(INPUT);
            // the stem reads the images: no input gradient needed
            g.addLayer("stem", ConvBlocks.conv(flavor, 3, 1, BASE_WIDTH, dataFormat, false), INPUT);
            String x = "stem";
            int in = BASE_WIDTH;
            for (int group = 0; group < 3; group++) {
                int out = BASE_WIDTH * widenFactor << group;
                for (int b = 0; b < blocksPerGroup; b++) {
                    String name = "g" + (group + 1) + "b" + (b + 1);
                    int stride = (b == 0 && group > 0) ? 2 : 1;
                    x = block(g, name, x, in, out, stride, group == 0 && b == 0);
                    in = out;
                }
            }
            String last = bnAct(g, "final_bn", x);
            g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
            g.addLayer(OUTPUT, new OutputLayer.Builder(lossFunction).nOut(numClasses)
                    .activation(Activation.SOFTMAX).build(), "pool");
            g.setOutputs(OUTPUT);
            g.setInputTypes(InputType.convolutional(height, width, channels, dataFormat));
            return FastConvolution.checkInputGradients(g.build());
        }

        /** @return an initialised graph */
        public ComputationGraph build() {
            ComputationGraph net = new ComputationGraph(configuration());
            net.init();
            return net;
        }

        /** One pre-activation residual block; returns its output vertex. */
        private String block(ComputationGraphConfiguration.GraphBuilder g, String name, String input, int in,
                             int out, int stride, boolean activateBeforeResidual) {
            boolean sameShape = in == out && stride == 1;
            String convInput;
            String shortcutInput;
            if (sameShape) {
                convInput = bnAct(g, name + "_bn1", input);
                shortcutInput = input;
            } else if (activateBeforeResidual) {
                convInput = bnAct(g, name + "_bn1", input);
                shortcutInput = convInput;
            } else {
                convInput = input;
                shortcutInput = input;
            }
            g.addLayer(name + "_conv1", ConvBlocks.conv(flavor, 3, stride, out, dataFormat, true), convInput);
            String h = bnAct(g, name + "_bn2", name + "_conv1");
            g.addLayer(name + "_conv2", ConvBlocks.conv(flavor, 3, 1, out, dataFormat, true), h);
            String shortcut = shortcutInput;
            if (!sameShape) {
                shortcut = name + "_shortcut";
                g.addLayer(shortcut, ConvBlocks.conv(flavor, 1, stride, out, dataFormat, true), shortcutInput);
            }
            g.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "_conv2", shortcut);
            return name + "_add";
        }

        /** The one place where the batch-norm + leaky-ReLU implementation is chosen. */
        private String bnAct(ComputationGraphConfiguration.GraphBuilder g, String name, String input) {
            return ConvBlocks.addBnLeakyRelu(g, name, input, flavor, leakyReluAlpha, bnDecay, dataFormat);
        }
    }
}
