package io.github.spl4j.dl4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Stream;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import io.github.spl4j.dl4j.testing.DoublePrecision;

/** Gradient checks, comparison with DL4J's stock layers and serialisation of {@link FastBatchNormalization}. */
@ExtendWith(DoublePrecision.class)
class FastBatchNormalizationTest {
    private static final int MINIBATCH = 5;
    private static final int SIZE = 4;
    private static final int IN_CHANNELS = 2;
    private static final int CHANNELS = 3;
    private static final int CLASSES = 3;

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of(CNN2DFormat.NHWC, true, true),
                Arguments.of(CNN2DFormat.NHWC, false, true),
                Arguments.of(CNN2DFormat.NCHW, true, false),
                Arguments.of(CNN2DFormat.NCHW, false, false));
    }

    /** conv(2→3) - BN(+LReLU) - global avg pool - softmax, DOUBLE, with the fast or the stock BN. */
    private static MultiLayerConfiguration cnn(CNN2DFormat format, boolean leaky, boolean useLogStd,
                                               LayerFlavor flavor, org.nd4j.linalg.learning.config.IUpdater updater) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(12345).dataType(DataType.DOUBLE).updater(updater).weightInit(WeightInit.XAVIER).list()
                .layer(ConvBlocks.conv(3, 1, CHANNELS, format));
        for (Layer l : bn(flavor, leaky, useLogStd, format)) {
            list.layer(l);
        }
        return list.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(SIZE, SIZE, IN_CHANNELS, format))
                .build();
    }

    private static java.util.List<Layer> bn(LayerFlavor flavor, boolean leaky, boolean useLogStd,
                                            CNN2DFormat format) {
        if (leaky) {
            java.util.List<Layer> layers = ConvBlocks.bnLeakyRelu(flavor, 0.1, 0.9, format);
            ((org.deeplearning4j.nn.conf.layers.BatchNormalization) layers.get(0)).setUseLogStd(useLogStd);
            return layers;
        }
        if (flavor == LayerFlavor.SPL4J) {
            FastBatchNormalization.Builder b = new FastBatchNormalization.Builder();
            b.useLogStd(useLogStd).dataFormat(format);
            return java.util.List.of(b.build());
        }
        return java.util.List.of(new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder()
                .useLogStd(useLogStd).dataFormat(format).build());
    }

    private static INDArray input(CNN2DFormat format, long seed) {
        long[] shape = format == CNN2DFormat.NHWC ? new long[] {MINIBATCH, SIZE, SIZE, IN_CHANNELS}
                : new long[] {MINIBATCH, IN_CHANNELS, SIZE, SIZE};
        return uniform(seed, shape).subi(0.3);
    }

    /** Uniform [0, 1) doubles from a seeded java.util.Random (not ND4J's global RNG). */
    static INDArray uniform(long seed, long... shape) {
        java.util.Random r = new java.util.Random(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] data = new double[(int) n];
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextDouble();
        }
        return Nd4j.create(data, shape, DataType.DOUBLE);
    }

    private static INDArray labels(long seed) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, MINIBATCH, CLASSES);
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < MINIBATCH; i++) {
            labels.putScalar(i, r.nextInt(CLASSES), 1.0);
        }
        return labels;
    }

    private static Set<String> runningStats(int layer) {
        return Set.of(layer + "_mean", layer + "_var", layer + "_log10stdev");
    }

    @ParameterizedTest
    @MethodSource("variants")
    void gradientsMatchFiniteDifferencesInMultiLayerNetwork(CNN2DFormat format, boolean leaky, boolean logStd) {
        MultiLayerNetwork net = new MultiLayerNetwork(cnn(format, leaky, logStd, LayerFlavor.SPL4J, new NoOp()));
        net.init();
        assertTrue(net.getLayer(1) instanceof FastBatchNormalizationLayer);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(input(format, 1)).labels(labels(2)).excludeParams(runningStats(1)));
        assertTrue(ok, "gradient check failed for " + format + ", leaky=" + leaky);
    }

    @Test
    void gradientsMatchFiniteDifferencesForFeedForwardInput() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build())
                .layer(new FastBatchNormalization.Builder().leakyRelu(0.2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray in = uniform(3, MINIBATCH, 3);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(in)
                .labels(labels(4)).excludeParams(runningStats(1))));
    }

    @Test
    void gradientsMatchFiniteDifferencesInComputationGraph() {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(11).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(SIZE, SIZE, IN_CHANNELS, CNN2DFormat.NHWC));
        String out = ConvBlocks.addConvBnLeakyRelu(g, "b1", "in", 3, 1, CHANNELS, LayerFlavor.SPL4J, 0.1, 0.9,
                CNN2DFormat.NHWC);
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), out)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[] {input(CNN2DFormat.NHWC, 5)}).labels(new INDArray[] {labels(6)})
                .excludeParams(Set.of("b1_bn_mean", "b1_bn_var", "b1_bn_log10stdev"))));
    }

    @ParameterizedTest
    @MethodSource("variants")
    void matchesStockLayersForwardGradientsAndRunningStatistics(CNN2DFormat format, boolean leaky, boolean logStd) {
        MultiLayerNetwork fast = new MultiLayerNetwork(cnn(format, leaky, logStd, LayerFlavor.SPL4J,
                new Sgd(0.1)));
        fast.init();
        MultiLayerNetwork stock = new MultiLayerNetwork(cnn(format, leaky, logStd, LayerFlavor.DL4J_STOCK,
                new Sgd(0.1)));
        stock.init();
        assertEquals(stock.numParams(), fast.numParams());
        stock.setParams(fast.params().dup());
        INDArray in = input(format, 8);
        INDArray labels = labels(9);

        assertEquals(0.0, maxRelDiff(stock.output(in, true), fast.output(in, true)), 1e-9, "training output");
        assertEquals(0.0, maxRelDiff(stock.output(in, false), fast.output(in, false)), 1e-9, "inference output");

        fast.setInput(in);
        fast.setLabels(labels);
        fast.computeGradientAndScore();
        stock.setInput(in);
        stock.setLabels(labels);
        stock.computeGradientAndScore();
        assertEquals(stock.score(), fast.score(), 1e-12 * Math.abs(stock.score()));
        assertEquals(0.0, maxRelDiff(stock.gradient().gradient(), fast.gradient().gradient()), 1e-6,
                "flattened gradient (incl. running-statistics updates)");

        for (int i = 0; i < 3; i++) {
            fast.fit(in, labels);
            stock.fit(in, labels);
        }
        assertEquals(0.0, maxRelDiff(stock.params(), fast.params()), 1e-6, "params after 3 SGD steps");
        assertNotEquals(0.0, fast.getLayer(1).getParam("mean").sumNumber().doubleValue(),
                "running mean must have moved");
    }

    private static double maxRelDiff(INDArray expected, INDArray actual) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()));
        INDArray diff = expected.sub(actual).norm2Number().doubleValue() == 0.0 ? Nd4j.zeros(1)
                : Nd4j.math().abs(expected.sub(actual)).divi(Nd4j.math().abs(expected).addi(1e-6));
        return diff.maxNumber().doubleValue();
    }

    @Test
    void lockedGammaBetaMatchesStockAndPassesGradientCheck() {
        NeuralNetConfiguration.ListBuilder[] lists = new NeuralNetConfiguration.ListBuilder[2];
        for (int k = 0; k < 2; k++) {
            org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder b = k == 0
                    ? new FastBatchNormalization.Builder() : new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder();
            b.lockGammaBeta(true).gamma(1.5).beta(-0.25).dataFormat(CNN2DFormat.NHWC);
            lists[k] = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).updater(new NoOp())
                    .weightInit(WeightInit.XAVIER).list()
                    .layer(ConvBlocks.conv(3, 1, CHANNELS, CNN2DFormat.NHWC))
                    .layer(b.build())
                    .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                            .activation(Activation.SOFTMAX).build())
                    .setInputType(InputType.convolutional(SIZE, SIZE, IN_CHANNELS, CNN2DFormat.NHWC));
        }
        MultiLayerNetwork fast = new MultiLayerNetwork(lists[0].build());
        fast.init();
        MultiLayerNetwork stock = new MultiLayerNetwork(lists[1].build());
        stock.init();
        stock.setParams(fast.params().dup());
        INDArray in = input(CNN2DFormat.NHWC, 21);
        assertEquals(0.0, maxRelDiff(stock.output(in, true), fast.output(in, true)), 1e-9);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(fast).input(in)
                .labels(labels(22)).excludeParams(runningStats(1))));
    }

    @Test
    void jsonRoundTripKeepsEveryOption() {
        MultiLayerConfiguration built = cnn(CNN2DFormat.NHWC, true, false, LayerFlavor.SPL4J, new NoOp());
        FastBatchNormalization configured = (FastBatchNormalization) built.getConf(1).getLayer();
        configured.setDecay(0.95);
        configured.setEps(1e-3);
        // DL4J derives useLogStd from the parameter names an initialised network records, so serialise after init
        MultiLayerNetwork net = new MultiLayerNetwork(built);
        net.init();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        FastBatchNormalization original = (FastBatchNormalization) conf.getConf(1).getLayer();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        FastBatchNormalization restored = (FastBatchNormalization) back.getConf(1).getLayer();
        assertEquals(original, restored);
        assertEquals(0.1, restored.getLeakyReluAlpha());
        assertTrue(restored.isLeakyRelu());
        assertEquals(0.95, restored.getDecay());
        assertEquals(CNN2DFormat.NHWC, restored.getCnn2DFormat());
        assertEquals(false, restored.isUseLogStd());
        assertEquals(conf, back);
        assertEquals(conf, MultiLayerConfiguration.fromYaml(conf.toYaml()));
    }

    @Test
    void equalsDistinguishesOptionsAndStockLayer() {
        FastBatchNormalization a = new FastBatchNormalization.Builder().leakyRelu(0.1).build();
        FastBatchNormalization b = new FastBatchNormalization.Builder().leakyRelu(0.2).build();
        FastBatchNormalization c = new FastBatchNormalization.Builder().leakyRelu(0.1).build();
        org.deeplearning4j.nn.conf.layers.BatchNormalization stock =
                new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().build();
        assertEquals(a, c);
        assertEquals(a.hashCode(), c.hashCode());
        assertNotEquals(a, b);
        assertNotEquals(new FastBatchNormalization.Builder().build(), stock);
        assertNotEquals(stock, new FastBatchNormalization.Builder().build());
        assertTrue(a.toString().contains("leakyReluAlpha=0.1"), a.toString());
    }

    @Test
    void modelSerializerRoundTripInMultiLayerNetworkAndGraph() throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(cnn(CNN2DFormat.NHWC, true, true, LayerFlavor.SPL4J,
                new Sgd(0.1)));
        net.init();
        INDArray in = input(CNN2DFormat.NHWC, 10);
        net.fit(in, labels(11));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        assertTrue(back.getLayer(1) instanceof FastBatchNormalizationLayer);
        assertEquals(net.params(), back.params());
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
        assertEquals(net.output(in, false), back.output(in, false));

        ComputationGraph graph = net.toComputationGraph();
        bytes.reset();
        ModelSerializer.writeModel(graph, bytes, true);
        ComputationGraph graphBack = ModelSerializer.restoreComputationGraph(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(graph.params(), graphBack.params());
        assertEquals(net.output(in, false), graphBack.outputSingle(false, in));
    }

    @Test
    void builderRejectsBadValuesNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FastBatchNormalization.Builder().leakyRelu(1.0));
        assertEquals("leakyReluAlpha must be in [0, 1), found 1.0", e.getMessage());
        FastBatchNormalization.Builder b = new FastBatchNormalization.Builder();
        b.decay(1.5);
        e = assertThrows(IllegalArgumentException.class, b::build);
        assertEquals("decay must be in [0, 1], found 1.5", e.getMessage());
    }

    @Test
    void rejectsInputWithWrongChannelCount() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(new FastBatchNormalization.Builder().nIn(4).nOut(4).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.output(Nd4j.zeros(DataType.DOUBLE, 2, 3)));
        assertTrue(e.getMessage().contains("must be nOut = 4"), e.getMessage());
    }
}
