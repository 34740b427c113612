package io.github.spl4j.dl4j.models;

import java.util.Objects;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
 * The small CNN used for Fashion-MNIST-sized inputs: with width {@code w} = 16 × widthMultiplier,
 * conv3×3(w)-BN-LReLU, conv3×3(w)-BN-LReLU, maxpool 2×2, conv3×3(2w)-BN-LReLU, conv3×3(2w)-BN-LReLU, maxpool 2×2,
 * conv3×3(4w)-BN-LReLU, global average pool, dense softmax output (36k parameters at w = 16, 10 classes).
 *
 * <p>Defaults: 28×28×1 input, 10 classes, NHWC, {@link CacheMode#DEVICE}, spl4j's fast convolution (the first one
 * without an input gradient) and batch norm with fused leaky ReLU 0.1, {@link LossMCXENT}, SGD with Nesterov momentum (learning rate {@value #DEFAULT_LEARNING_RATE},
 * momentum {@value #DEFAULT_MOMENTUM}), float32. Building calls {@link OneDnnSupport#ensureEnabled()} first, so the
 * convolution and pooling layers get DL4J's oneDNN helpers.
 *
 * <pre>{@code
 * MultiLayerNetwork net = new SmallCnn.Builder(42).lossFunction(myLoss).build();
 * }</pre>
 */
public final class SmallCnn {
    /** Default input height and width, pixels. */
    public static final int DEFAULT_SIZE = 28;
    /** Default number of input channels. */
    public static final int DEFAULT_CHANNELS = 1;
    /** Default number of classes. */
    public static final int DEFAULT_CLASSES = 10;
    /** Channels of the first convolution at width multiplier 1. */
    public static final int BASE_WIDTH = 16;
    /** Default leaky ReLU slope. */
    public static final double DEFAULT_LEAKY_RELU_ALPHA = 0.1;
    /** Default batch norm running-statistics decay (DL4J's default). */
    public static final double DEFAULT_BN_DECAY = 0.9;
    /** Default SGD learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.03;
    /** Default Nesterov momentum. */
    public static final double DEFAULT_MOMENTUM = 0.9;

    private SmallCnn() {
    }

    /** Builder of the SmallCNN; every setter validates its value. */
    public static final class Builder {
        private final long seed;
        private int height = DEFAULT_SIZE;
        private int width = DEFAULT_SIZE;
        private int channels = DEFAULT_CHANNELS;
        private int numClasses = DEFAULT_CLASSES;
        private double widthMultiplier = 1.0;
        private double leakyReluAlpha = DEFAULT_LEAKY_RELU_ALPHA;
        private double bnDecay = DEFAULT_BN_DECAY;
        private CNN2DFormat dataFormat = CNN2DFormat.NHWC;
        private CacheMode cacheMode = CacheMode.DEVICE;
        private LayerFlavor flavor = LayerFlavor.SPL4J;
        private ILossFunction lossFunction = new LossMCXENT();
        private IUpdater updater = new Nesterovs(DEFAULT_LEARNING_RATE, DEFAULT_MOMENTUM);
        private DataType dataType = DataType.FLOAT;

        /**
         * @param seed the seed of the weight initialisation
         */
        public Builder(long seed) {
            this.seed = seed;
        }

        /**
         * @param height   input height, pixels, {@code >= 4}
         * @param width    input width, pixels, {@code >= 4}
         * @param channels input channels, {@code >= 1}
         * @return this builder
         */
        public Builder inputShape(int height, int width, int channels) {
            if (height < 4) {
                throw new IllegalArgumentException("height must be >= 4, found " + height);
            }
            if (width < 4) {
                throw new IllegalArgumentException("width must be >= 4, found " + width);
            }
            if (channels < 1) {
                throw new IllegalArgumentException("channels must be >= 1, found " + channels);
            }
            this.height = height;
            this.width = width;
            this.channels = channels;
            return this;
        }

        /** @param numClasses number of classes, {@code >= 2} @return this builder */
        public Builder numClasses(int numClasses) {
            if (numClasses < 2) {
                throw new IllegalArgumentException("numClasses must be >= 2, found " + numClasses);
            }
            this.numClasses = numClasses;
            return this;
        }

        /**
         * @param widthMultiplier channels are {@code round(16 × widthMultiplier)}, ×2 and ×4 of that; {@code > 0}
         * @return this builder
         */
        public Builder widthMultiplier(double widthMultiplier) {
            if (!(widthMultiplier > 0.0) || Double.isInfinite(widthMultiplier)
                    || Math.round(BASE_WIDTH * widthMultiplier) < 1) {
                throw new IllegalArgumentException("widthMultiplier must be finite and give >= 1 channel (> "
                        + (0.5 / BASE_WIDTH) + "), found " + widthMultiplier);
            }
            this.widthMultiplier = widthMultiplier;
            return this;
        }

        /** @param alpha leaky ReLU slope, in [0, 1) @return this builder */
        public Builder leakyReluAlpha(double alpha) {
            if (!(alpha >= 0.0 && alpha < 1.0)) {
                throw new IllegalArgumentException("leakyReluAlpha must be in [0, 1), found " + alpha);
            }
            this.leakyReluAlpha = alpha;
            return this;
        }

        /** @param decay batch norm running-statistics decay (DL4J semantics), in [0, 1] @return this builder */
        public Builder bnDecay(double decay) {
            if (!(decay >= 0.0 && decay <= 1.0)) {
                throw new IllegalArgumentException("bnDecay must be in [0, 1], found " + decay);
            }
            this.bnDecay = decay;
            return this;
        }

        /** @param dataFormat activation layout (default NHWC, the fast one) @return this builder */
        public Builder dataFormat(CNN2DFormat dataFormat) {
            this.dataFormat = Objects.requireNonNull(dataFormat, "dataFormat");
            return this;
        }

        /** @param cacheMode DL4J cache mode (default DEVICE: backprop reuses the forward im2col) @return this */
        public Builder cacheMode(CacheMode cacheMode) {
            this.cacheMode = Objects.requireNonNull(cacheMode, "cacheMode");
            return this;
        }

        /** @param flavor spl4j's fast layers (default), only its batch norm, or DL4J's stock ones @return this */
        public Builder layerFlavor(LayerFlavor flavor) {
            this.flavor = Objects.requireNonNull(flavor, "flavor");
            return this;
        }

        /** @param lossFunction loss of the softmax output layer (default {@link LossMCXENT}) @return this */
        public Builder lossFunction(ILossFunction lossFunction) {
            this.lossFunction = Objects.requireNonNull(lossFunction, "lossFunction");
            return this;
        }

        /** @param updater the updater of all trainable parameters @return this builder */
        public Builder updater(IUpdater updater) {
            this.updater = Objects.requireNonNull(updater, "updater");
            return this;
        }

        /** @param dataType network data type (FLOAT by default; DOUBLE for gradient checks) @return this */
        public Builder dataType(DataType dataType) {
            this.dataType = Objects.requireNonNull(dataType, "dataType");
            return this;
        }

        /** @return the configuration (enables oneDNN first, see {@link OneDnnSupport#ensureEnabled()}) */
        public MultiLayerConfiguration configuration() {
            OneDnnSupport.ensureEnabled();
            int w1 = (int) Math.round(BASE_WIDTH * widthMultiplier);
            NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                    .seed(seed)
                    .dataType(dataType)
                    .updater(updater)
                    .weightInit(WeightInit.RELU)
                    .cacheMode(cacheMode)
                    .list();
            block(list, w1, true);
            block(list, w1, false);
            list.layer(maxPool());
            block(list, 2 * w1, false);
            block(list, 2 * w1, false);
            list.layer(maxPool());
            block(list, 4 * w1, false);
            list.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
            list.layer(new OutputLayer.Builder(lossFunction).nOut(numClasses).activation(Activation.SOFTMAX)
                    .build());
            list.setInputType(InputType.convolutional(height, width, channels, dataFormat));
            return FastConvolution.checkInputGradients(list.build());
        }

        /** @return an initialised network */
        public MultiLayerNetwork build() {
            MultiLayerNetwork net = new MultiLayerNetwork(configuration());
            net.init();
            return net;
        }

        /** conv-BN-LReLU; the first convolution reads the images and needs no input gradient. */
        private void block(NeuralNetConfiguration.ListBuilder list, int nOut, boolean first) {
            list.layer(ConvBlocks.conv(flavor, 3, 1, nOut, dataFormat, !first));
            for (Layer l : ConvBlocks.bnLeakyRelu(flavor, leakyReluAlpha, bnDecay, dataFormat)) {
                list.layer(l);
            }
        }

        private SubsamplingLayer maxPool() {
            return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                    .dataFormat(dataFormat).build();
        }
    }
}
