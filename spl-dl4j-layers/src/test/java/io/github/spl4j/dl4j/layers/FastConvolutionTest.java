package io.github.spl4j.dl4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Stream;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import io.github.spl4j.dl4j.testing.DoublePrecision;

/** Gradient checks, comparison with DL4J's {@code ConvolutionLayer}, serialisation and validation. */
@ExtendWith(DoublePrecision.class)
class FastConvolutionTest {
    private static final int MINIBATCH = 3;
    private static final int SIZE = 5;
    private static final int IN_CHANNELS = 2;
    private static final int CLASSES = 3;

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of(CNN2DFormat.NHWC, false),
                Arguments.of(CNN2DFormat.NHWC, true),
                Arguments.of(CNN2DFormat.NCHW, false),
                Arguments.of(CNN2DFormat.NCHW, true));
    }

    /**
     * conv 3×3 same (2→3, no bias, input gradient as given) - conv 2×2 stride 2 truncate (3→4, bias) - global avg
     * pool - softmax; the fast or DL4J's convolutions.
     */
    private static MultiLayerConfiguration cnn(CNN2DFormat format, boolean firstInputGradient, boolean fast,
                                               DataType dataType, org.nd4j.linalg.learning.config.IUpdater updater) {
        ConvolutionLayer first;
        ConvolutionLayer second;
        if (fast) {
            first = new FastConvolution.Builder(3, 3).nOut(3).convolutionMode(ConvolutionMode.Same).hasBias(false)
                    .dataFormat(format).inputGradient(firstInputGradient).build();
            second = new FastConvolution.Builder(2, 2).stride(2, 2).nOut(4).convolutionMode(ConvolutionMode.Truncate)
                    .dataFormat(format).build();
        } else {
            first = new ConvolutionLayer.Builder(3, 3).nOut(3).convolutionMode(ConvolutionMode.Same).hasBias(false)
                    .activation(Activation.IDENTITY).dataFormat(format).build();
            second = new ConvolutionLayer.Builder(2, 2).stride(2, 2).nOut(4)
                    .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).dataFormat(format)
                    .build();
        }
        return new NeuralNetConfiguration.Builder().seed(12345).dataType(dataType).updater(updater)
                .weightInit(WeightInit.XAVIER).list()
                .layer(first)
                .layer(second)
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(SIZE, SIZE, IN_CHANNELS, format))
                .build();
    }

    private static INDArray input(CNN2DFormat format, long seed, DataType dataType) {
        long[] shape = format == CNN2DFormat.NHWC ? new long[] {MINIBATCH, SIZE, SIZE, IN_CHANNELS}
                : new long[] {MINIBATCH, IN_CHANNELS, SIZE, SIZE};
        return FastBatchNormalizationTest.uniform(seed, shape).subi(0.4).castTo(dataType);
    }

    private static INDArray labels(long seed, DataType dataType) {
        INDArray labels = Nd4j.zeros(dataType, MINIBATCH, CLASSES);
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < MINIBATCH; i++) {
            labels.putScalar(i, r.nextInt(CLASSES), 1.0);
        }
        return labels;
    }

    @ParameterizedTest
    @MethodSource("variants")
    void gradientsMatchFiniteDifferences(CNN2DFormat format, boolean firstInputGradient) {
        MultiLayerNetwork net = new MultiLayerNetwork(cnn(format, firstInputGradient, true, DataType.DOUBLE,
                new NoOp()));
        net.init();
        assertTrue(net.getLayer(0) instanceof FastConvolutionLayer);
        assertTrue(net.getLayer(1) instanceof FastConvolutionLayer);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(input(format, 1, DataType.DOUBLE)).labels(labels(2, DataType.DOUBLE)));
        assertTrue(ok, "gradient check failed for " + format + ", inputGradient=" + firstInputGradient);
    }

    /** The weight-only gradient path with stride, bias, dilation and a crop (truncate mode). */
    @ParameterizedTest
    @MethodSource("variants")
    void weightOnlyGradientMatchesFiniteDifferencesWithStrideBiasAndDilation(CNN2DFormat format, boolean same) {
        FastConvolution.Builder conv = new FastConvolution.Builder(3, 2).stride(2, 1).nOut(2)
                .dataFormat(format).inputGradient(false);
        if (same) {
            conv.convolutionMode(ConvolutionMode.Same);
        } else {
            conv.convolutionMode(ConvolutionMode.Truncate).dilation(1, 2).padding(1, 0);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER).list()
                .layer(conv.build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(SIZE, SIZE, IN_CHANNELS, format))
                .build());
        net.init();
        assertTrue(net.getLayer(0).conf().getLayer() instanceof FastConvolution);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(input(format, 13, DataType.DOUBLE)).labels(labels(14, DataType.DOUBLE))),
                "gradient check failed for " + format + ", same=" + same);
    }

    @Test
    void gradientsMatchFiniteDifferencesInComputationGraph() {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(11).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(SIZE, SIZE, IN_CHANNELS, CNN2DFormat.NHWC));
        g.addLayer("stem", ConvBlocks.fastConv(3, 1, 2, CNN2DFormat.NHWC, false), "in");
        String out = ConvBlocks.addConvBnLeakyRelu(g, "b1", "stem", 3, 2, 3, LayerFlavor.SPL4J, 0.1, 0.9,
                CNN2DFormat.NHWC);
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), out)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out");
        ComputationGraph net = new ComputationGraph(FastConvolution.checkInputGradients(g.build()));
        net.init();
        assertTrue(net.getLayer("b1_conv") instanceof FastConvolutionLayer);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[] {input(CNN2DFormat.NHWC, 5, DataType.DOUBLE)})
                .labels(new INDArray[] {labels(6, DataType.DOUBLE)})
                .excludeParams(java.util.Set.of("b1_bn_mean", "b1_bn_var", "b1_bn_log10stdev"))));
    }

    @ParameterizedTest
    @MethodSource("variants")
    void matchesDl4jConvolutionLayerInFloat(CNN2DFormat format, boolean firstInputGradient) {
        MultiLayerNetwork fast = new MultiLayerNetwork(cnn(format, firstInputGradient, true, DataType.FLOAT,
                new Sgd(0.1)));
        fast.init();
        MultiLayerNetwork stock = new MultiLayerNetwork(cnn(format, true, false, DataType.FLOAT, new Sgd(0.1)));
        stock.init();
        assertEquals(stock.numParams(), fast.numParams());
        stock.setParams(fast.params().dup());
        INDArray in = input(format, 8, DataType.FLOAT);
        INDArray labels = labels(9, DataType.FLOAT);

        java.util.List<INDArray> fastActs = fast.feedForward(in, true);
        java.util.List<INDArray> stockActs = stock.feedForward(in, true);
        for (int i = 1; i <= 2; i++) {
            assertEquals(0.0, maxAbsDiff(stockActs.get(i), fastActs.get(i)), 1e-5, "activations of layer " + (i - 1));
        }

        fast.setInput(in);
        fast.setLabels(labels);
        fast.computeGradientAndScore();
        stock.setInput(in);
        stock.setLabels(labels);
        stock.computeGradientAndScore();
        assertEquals(stock.score(), fast.score(), 1e-5 * Math.abs(stock.score()));
        assertEquals(0.0, maxAbsDiff(stock.gradient().gradient(), fast.gradient().gradient()), 1e-5,
                "flattened gradient");

        // the input gradient of the second convolution, layer against layer
        INDArray eps = FastBatchNormalizationTest.uniform(3, fastActs.get(2).shape()).castTo(DataType.FLOAT);
        Pair<Gradient, INDArray> f = backprop(fast, 1, fastActs.get(1), eps);
        Pair<Gradient, INDArray> s = backprop(stock, 1, stockActs.get(1), eps);
        assertEquals(Arrays.toString(s.getSecond().shape()), Arrays.toString(f.getSecond().shape()));
        assertEquals(0.0, maxAbsDiff(s.getSecond(), f.getSecond()), 1e-5, "input gradient");

        for (int i = 0; i < 3; i++) {
            fast.fit(in, labels);
            stock.fit(in, labels);
        }
        assertEquals(0.0, maxAbsDiff(stock.params(), fast.params()), 1e-5, "params after 3 SGD steps");
    }

    private static Pair<Gradient, INDArray> backprop(MultiLayerNetwork net, int layer, INDArray in, INDArray eps) {
        org.deeplearning4j.nn.api.Layer l = net.getLayer(layer);
        l.setInput(in, LayerWorkspaceMgr.noWorkspaces());
        l.activate(true, LayerWorkspaceMgr.noWorkspaces());
        return l.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());
    }

    @Test
    void firstLayerWithoutInputGradientReturnsNone() {
        MultiLayerNetwork net = new MultiLayerNetwork(cnn(CNN2DFormat.NHWC, false, true, DataType.FLOAT,
                new NoOp()));
        net.init();
        net.initGradientsView();
        INDArray in = input(CNN2DFormat.NHWC, 12, DataType.FLOAT);
        java.util.List<INDArray> acts = net.feedForward(in, true);
        INDArray eps = FastBatchNormalizationTest.uniform(4, acts.get(1).shape()).castTo(DataType.FLOAT);
        Pair<Gradient, INDArray> p = backprop(net, 0, in, eps);
        assertNull(p.getSecond());
        assertTrue(p.getFirst().getGradientFor("W").norm2Number().doubleValue() > 0, "weight gradient computed");

        MultiLayerNetwork withInputGradient = new MultiLayerNetwork(cnn(CNN2DFormat.NHWC, true, true,
                DataType.FLOAT, new NoOp()));
        withInputGradient.init();
        withInputGradient.initGradientsView();
        withInputGradient.setParams(net.params());
        Pair<Gradient, INDArray> q = backprop(withInputGradient, 0, in, eps);
        assertEquals(Arrays.toString(in.shape()), Arrays.toString(q.getSecond().shape()));
        assertEquals(0.0, maxAbsDiff(q.getFirst().getGradientFor("W"), p.getFirst().getGradientFor("W")), 1e-5);
    }

    @Test
    void withoutInputGradientOnlyWhereTheInputIsTheNetworkInput() {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().list()
                .layer(ConvBlocks.fastConv(3, 1, 4, CNN2DFormat.NHWC, false))
                .layer(new FastConvolution.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same)
                        .dataFormat(CNN2DFormat.NHWC).inputGradient(false).name("second").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(SIZE, SIZE, 1, CNN2DFormat.NHWC));
        MultiLayerConfiguration conf = list.build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FastConvolution.checkInputGradients(conf));
        assertTrue(e.getMessage().startsWith("FastConvolution layer 1 (second) has inputGradient(false)"),
                e.getMessage());

        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in")
                .addLayer("a", ConvBlocks.fastConv(3, 1, 4, CNN2DFormat.NHWC, false), "in")
                .addLayer("b", ConvBlocks.fastConv(3, 1, 4, CNN2DFormat.NHWC, false), "a")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "b")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(SIZE, SIZE, 1, CNN2DFormat.NHWC));
        ComputationGraphConfiguration graph = g.build();
        e = assertThrows(IllegalArgumentException.class, () -> FastConvolution.checkInputGradients(graph));
        assertTrue(e.getMessage().startsWith("FastConvolution vertex b has inputGradient(false) but reads vertex a"),
                e.getMessage());
    }

    @Test
    void jsonRoundTripKeepsEveryOption() {
        MultiLayerConfiguration conf = cnn(CNN2DFormat.NHWC, false, true, DataType.FLOAT, new NoOp());
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        FastConvolution first = (FastConvolution) back.getConf(0).getLayer();
        FastConvolution second = (FastConvolution) back.getConf(1).getLayer();
        assertFalse(first.isInputGradient());
        assertTrue(second.isInputGradient());
        assertFalse(first.hasBias());
        assertTrue(second.hasBias());
        assertEquals(ConvolutionMode.Same, first.getConvolutionMode());
        assertEquals(CNN2DFormat.NHWC, first.getCnn2dDataFormat());
        assertTrue(Arrays.equals(new int[] {2, 2}, second.getStride()));
        assertEquals(conf.getConf(0).getLayer(), first);
        assertEquals(conf, back);
        assertEquals(conf, MultiLayerConfiguration.fromYaml(conf.toYaml()));
    }

    @Test
    void equalsDistinguishesOptionsAndStockLayer() {
        FastConvolution a = ConvBlocks.fastConv(3, 1, 8, CNN2DFormat.NHWC, true);
        FastConvolution b = ConvBlocks.fastConv(3, 1, 8, CNN2DFormat.NHWC, false);
        FastConvolution c = ConvBlocks.fastConv(3, 1, 8, CNN2DFormat.NHWC, true);
        ConvolutionLayer stock = ConvBlocks.conv(3, 1, 8, CNN2DFormat.NHWC);
        assertEquals(a, c);
        assertEquals(a.hashCode(), c.hashCode());
        assertNotEquals(a, b);
        assertNotEquals(a, stock);
        assertNotEquals(stock, a);
        assertTrue(b.toString().contains("inputGradient=false"), b.toString());
    }

    @Test
    void modelSerializerRoundTripInMultiLayerNetworkAndGraph() throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(cnn(CNN2DFormat.NHWC, false, true, DataType.FLOAT,
                new Sgd(0.1)));
        net.init();
        INDArray in = input(CNN2DFormat.NHWC, 10, DataType.FLOAT);
        net.fit(in, labels(11, DataType.FLOAT));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        assertTrue(back.getLayer(0) instanceof FastConvolutionLayer);
        assertFalse(((FastConvolution) back.getLayer(0).conf().getLayer()).isInputGradient());
        assertEquals(net.params(), back.params());
        assertEquals(net.output(in, false), back.output(in, false));

        ComputationGraph graph = net.toComputationGraph();
        bytes.reset();
        ModelSerializer.writeModel(graph, bytes, true);
        ComputationGraph graphBack = ModelSerializer.restoreComputationGraph(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(graph.params(), graphBack.params());
        assertEquals(net.output(in, false), graphBack.outputSingle(false, in));
        graphBack.fit(new org.nd4j.linalg.dataset.DataSet(in, labels(11, DataType.FLOAT)));
        assertTrue(Double.isFinite(graphBack.score()));
    }

    @Test
    void builderRejectsBadValuesNamingTheParameter() {
        FastConvolution.Builder b = new FastConvolution.Builder(3, 3);
        b.activation(Activation.RELU);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertEquals("activation must be IDENTITY for FastConvolution, found relu", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConvBlocks.fastConv(0, 1, 4, CNN2DFormat.NHWC, true));
    }

    private static double maxAbsDiff(INDArray expected, INDArray actual) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()));
        return Nd4j.math().abs(expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)))
                .maxNumber().doubleValue();
    }
}
