package io.github.spl4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;

import io.github.spl4j.weighting.HardThreshold;
import io.github.spl4j.weighting.PseudoLabelWeighting;
import io.github.spl4j.weighting.SmoothRamp;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Numeric gradient checks of the loss inside real DL4J networks, in double precision.
 *
 * <p>The loss stops the gradient through the weak rows: the pseudo-label ŷ and the weight w(c) are constants for
 * backprop. A naive finite difference on the parameters would also move the weak-row predictions, and so w(c), and
 * disagree for a smooth weighting. The check is made exact by comparing against L with the weak-row predictions held
 * fixed: {@link FrozenWeighting} returns the weights of the unperturbed network on every later call, and the test
 * ensures every weak row's top-two probability gap is far larger than any perturbation can move it, so ŷ cannot
 * change either. What remains is exactly the function whose gradient the loss claims to compute.
 */
class LossGradientCheckTest {
    private static final int N_IN = 4;
    private static final int HIDDEN = 6;
    private static final int CLASSES = 3;
    private static final int B = 3;
    private static final int N = 5;
    private static final double EPSILON = 1e-6;
    private static final double MAX_REL_ERROR = 1e-5;
    private static final double MIN_ABS_ERROR = 1e-9;

    private static DataType previousDefault;

    @BeforeAll
    static void useDoublePrecision() {
        previousDefault = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(previousDefault, previousDefault);
    }

    static Stream<PseudoLabelWeighting> weightings() {
        // tau is a placeholder: each test picks it from the network's own weak confidences.
        return Stream.of(new HardThreshold(0.5), new SmoothRamp(0.5, 0.5), new SmoothRamp(0.5, 1.0),
                new SmoothRamp(0.5, 2.0));
    }

    @ParameterizedTest(name = "MultiLayerNetwork {0}")
    @MethodSource("weightings")
    void multiLayerNetwork(PseudoLabelWeighting shape) {
        INDArray input = input(42);
        INDArray labels = labels();
        double tau = splittingTau(mln(new HardThreshold(0.5), 1).output(input));
        FrozenWeighting frozen = new FrozenWeighting(withTau(shape, tau));
        MultiLayerNetwork net = mln(frozen, 1);
        assertPseudoLabelsStable(net.output(input));

        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                .labels(labels).epsilon(EPSILON).maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR));
        assertTrue(ok, "gradient check failed for " + shape);
        assertSomeAboveAndSomeBelow(frozen);
    }

    @ParameterizedTest(name = "ComputationGraph {0}")
    @MethodSource("weightings")
    void computationGraph(PseudoLabelWeighting shape) {
        INDArray input = input(43);
        INDArray labels = labels();
        double tau = splittingTau(graph(new HardThreshold(0.5), 2).outputSingle(input));
        FrozenWeighting frozen = new FrozenWeighting(withTau(shape, tau));
        ComputationGraph net = graph(frozen, 2);
        assertPseudoLabelsStable(net.outputSingle(input));

        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[] {input}).labels(new INDArray[] {labels}).epsilon(EPSILON)
                .maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR));
        assertTrue(ok, "gradient check failed for " + shape);
        assertSomeAboveAndSomeBelow(frozen);
    }

    @Test
    void naiveCheckDisagreesForASmoothWeightingBecauseOfTheStopGradient() {
        INDArray input = input(42);
        double tau = splittingTau(mln(new HardThreshold(0.5), 1).output(input));
        MultiLayerNetwork net = mln(SmoothRamp.linear(tau), 1);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                .labels(labels()).epsilon(EPSILON).maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR)
                .subset(true).maxPerParam(4).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertFalse(ok, "with w(c) free to move, the numeric gradient must include dw/dθ and disagree");
    }

    private static PseudoLabelWeighting withTau(PseudoLabelWeighting shape, double tau) {
        return shape instanceof SmoothRamp ? new SmoothRamp(tau, ((SmoothRamp) shape).getMu())
                : new HardThreshold(tau);
    }

    private static INDArray input(long seed) {
        java.util.Random random = new java.util.Random(seed);
        double[][] x = new double[B + 2 * N][N_IN];
        for (double[] row : x) {
            for (int k = 0; k < N_IN; k++) {
                row[k] = 2.5 * random.nextGaussian();
            }
        }
        return Nd4j.createFromArray(x);
    }

    private static INDArray labels() {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, B + 2 * N, CLASSES);
        for (int i = 0; i < B; i++) {
            labels.putScalar(i, i % CLASSES, 1.0);
        }
        return labels;
    }

    private static MultiLayerNetwork mln(PseudoLabelWeighting weighting, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(N_IN).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(new SmoothPseudoLabelLossFunction(weighting, 1.5))
                        .activation(Activation.SOFTMAX).nIn(HIDDEN).nOut(CLASSES).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.params().muli(3);   // confident enough that weak confidences spread over (1/3, 1)
        return net;
    }

    private static ComputationGraph graph(PseudoLabelWeighting weighting, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(N_IN).nOut(HIDDEN).activation(Activation.TANH)
                        .build(), "in")
                .addLayer("out", new OutputLayer.Builder(new SmoothPseudoLabelLossFunction(weighting, 1.5))
                        .activation(Activation.SOFTMAX).nIn(HIDDEN).nOut(CLASSES).build(), "dense")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        net.params().muli(3);
        return net;
    }

    /** A threshold halfway between the two middle weak confidences, so some images are above and some below. */
    private static double splittingTau(INDArray output) {
        double[] confidences = output.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(B, B + N),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).max(1).toDoubleVector();
        Arrays.sort(confidences);
        int mid = confidences.length / 2;
        assertTrue(confidences[mid] - confidences[mid - 1] > 1e-3, "weak confidences too close to split: "
                + Arrays.toString(confidences));
        return (confidences[mid] + confidences[mid - 1]) / 2;
    }

    private static void assertPseudoLabelsStable(INDArray output) {
        for (int r = B; r < B + N; r++) {
            double[] p = output.getRow(r).toDoubleVector();
            double[] sorted = p.clone();
            Arrays.sort(sorted);
            assertTrue(sorted[CLASSES - 1] - sorted[CLASSES - 2] > 1e-4,
                    "row " + r + " is too close to a tie for argmax to be stable: " + Arrays.toString(p));
        }
    }

    private static void assertSomeAboveAndSomeBelow(FrozenWeighting frozen) {
        double[] w = frozen.frozenWeights();
        assertArrayEquals(new long[] {N}, new long[] {w.length});
        boolean zero = Arrays.stream(w).anyMatch(v -> v == 0.0);
        boolean positive = Arrays.stream(w).anyMatch(v -> v > 0.0);
        assertTrue(zero && positive, "the batch must have images below and above tau: " + Arrays.toString(w));
    }
}
