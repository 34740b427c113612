package io.github.spl4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;

import io.github.spl4j.weighting.HardThreshold;
import io.github.spl4j.weighting.PseudoLabelWeighting;
import io.github.spl4j.weighting.SmoothRamp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class SmoothPseudoLabelLossFunctionTest {
    private static final IActivation SOFTMAX = new ActivationSoftmax();
    private static final int CLASSES = 5;

    static Stream<Arguments> weightingsAndSizes() {
        PseudoLabelWeighting[] weightings = {new HardThreshold(0.9), SmoothRamp.linear(0.9),
                SmoothRamp.quadratic(0.8), SmoothRamp.squareRoot(0.7), new SmoothRamp(0.0, 3.0)};
        int[][] sizes = {{4, 12}, {1, 1}, {0, 6}, {7, 0}, {3, 21}};
        Stream.Builder<Arguments> out = Stream.builder();
        for (PseudoLabelWeighting w : weightings) {
            for (int[] s : sizes) {
                out.add(Arguments.of(w, s[0], s[1]));
            }
        }
        return out.build();
    }

    @ParameterizedTest(name = "{0} B={1} N={2}")
    @MethodSource("weightingsAndSizes")
    void agreesWithTheLoopOracle(PseudoLabelWeighting weighting, int b, int n) {
        Random random = new Random(31L * b + n);
        double lambdaU = 0.7;
        for (int trial = 0; trial < 5; trial++) {
            double[][] z = LossTestData.logits(random, b + 2 * n, CLASSES);
            int[] y = LossTestData.labels(random, b, CLASSES);
            FixMatchOracle oracle = new FixMatchOracle(z, y, n, weighting::weight, lambdaU);
            SmoothPseudoLabelLossFunction loss = new SmoothPseudoLabelLossFunction(weighting, lambdaU);
            INDArray labels = LossTestData.labelMatrix(y, n, CLASSES);
            INDArray preOutput = Nd4j.createFromArray(z);
            int rows = b + 2 * n;

            assertEquals(oracle.loss, loss.computeScore(labels, preOutput, SOFTMAX, null, true), 1e-6);
            assertEquals(oracle.loss * rows, loss.computeScore(labels, preOutput, SOFTMAX, null, false),
                    1e-6 * rows);
            INDArray scoreArray = loss.computeScoreArray(labels, preOutput, SOFTMAX, null);
            assertArrayEquals(new long[] {rows, 1}, scoreArray.shape());
            assertEquals(oracle.loss, scoreArray.meanNumber().doubleValue(), 1e-6);

            INDArray gradient = loss.computeGradient(labels, preOutput, SOFTMAX, null).div(rows);
            for (int r = 0; r < rows; r++) {
                assertArrayEquals(oracle.gradient[r], gradient.getRow(r).toDoubleVector(), 1e-6, "row " + r);
            }
            PseudoLabelDiagnostics d = loss.getLastDiagnostics().orElseThrow();
            assertEquals(b, d.getLabeledCount());
            assertEquals(n, d.getUnlabeledCount());
            assertEquals(oracle.supervised, d.getSupervisedLoss(), 1e-6);
            assertEquals(oracle.unsupervised, d.getUnsupervisedLoss(), 1e-6);
            assertEquals(oracle.loss, d.getTotalLoss(), 1e-6);
            assertTrue(preOutput.equals(Nd4j.createFromArray(z)), "the loss modified preOutput");
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesOnThePreOutput() {
        // Perturbing labelled or strong logits never changes the pseudo-labels or weights (they come from the weak
        // rows), so a plain central difference is exact there; weak rows have zero gradient by definition.
        Random random = new Random(7);
        int b = 3;
        int n = 6;
        for (PseudoLabelWeighting w : new PseudoLabelWeighting[] {new HardThreshold(0.8), SmoothRamp.linear(0.8),
                SmoothRamp.quadratic(0.6), SmoothRamp.squareRoot(0.6)}) {
            SmoothPseudoLabelLossFunction loss = new SmoothPseudoLabelLossFunction(w, 1.3);
            double[][] z = LossTestData.logits(random, b + 2 * n, CLASSES);
            INDArray labels = LossTestData.labelMatrix(LossTestData.labels(random, b, CLASSES), n, CLASSES);
            INDArray preOutput = Nd4j.createFromArray(z);
            INDArray analytic = loss.computeGradient(labels, preOutput, SOFTMAX, null).div(b + 2 * n);
            double eps = 1e-6;
            for (int r = 0; r < b + 2 * n; r++) {
                boolean weak = r >= b && r < b + n;
                for (int k = 0; k < CLASSES; k++) {
                    if (weak) {
                        assertEquals(0.0, analytic.getDouble(r, k), 0.0, "weak row " + r + " has a gradient");
                        continue;
                    }
                    INDArray plus = preOutput.dup();
                    plus.putScalar(r, k, z[r][k] + eps);
                    INDArray minus = preOutput.dup();
                    minus.putScalar(r, k, z[r][k] - eps);
                    double numeric = (loss.computeScore(labels, plus, SOFTMAX, null, true)
                            - loss.computeScore(labels, minus, SOFTMAX, null, true)) / (2 * eps);
                    assertEquals(numeric, analytic.getDouble(r, k), 1e-7, w + " row " + r + " class " + k);
                }
            }
        }
    }

    @Test
    void supervisedOnlyEqualsDl4jCrossEntropy() {
        Random random = new Random(3);
        int b = 9;
        double[][] z = LossTestData.logits(random, b, CLASSES);
        INDArray labels = LossTestData.labelMatrix(LossTestData.labels(random, b, CLASSES), 0, CLASSES);
        INDArray preOutput = Nd4j.createFromArray(z);
        SmoothPseudoLabelLossFunction loss = new SmoothPseudoLabelLossFunction(SmoothRamp.linear(0.95), 1.0);
        LossMCXENT mcxent = new LossMCXENT();
        assertEquals(mcxent.computeScore(labels, preOutput, SOFTMAX, null, false),
                loss.computeScore(labels, preOutput, SOFTMAX, null, false), 1e-9);
        assertEquals(mcxent.computeGradient(labels, preOutput, SOFTMAX, null),
                loss.computeGradient(labels, preOutput, SOFTMAX, null));
    }

    @Test
    void confidentPredictionsGiveFiniteLossAndGradient() {
        // Saturated softmax: a naive log(softmax) gives log(0) = -inf here.
        INDArray preOutput = Nd4j.createFromArray(new float[][] {
                {-200f, 200f, 0f}, {300f, -300f, 0f}, {0f, 0f, 500f}, {-500f, 500f, 0f}, {400f, -400f, 0f}});
        INDArray labels = Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0},
                {0, 0, 0}});
        SmoothPseudoLabelLossFunction loss = new SmoothPseudoLabelLossFunction(new HardThreshold(0.5), 1.0);
        double score = loss.computeScore(labels, preOutput, SOFTMAX, null, true);
        assertTrue(Double.isFinite(score), "score " + score);
        // Ls = CE of class 0 at logits (-200, 200, 0) = 400; Lu: row 3 (strong of weak row 1, pseudo-label 0) has
        // logits (-500, 500, 0) → CE 1000, row 4 (pseudo-label 2) has (400, -400, 0) → CE 400; mean 700.
        assertEquals(400 + 700, score, 1e-3);
        INDArray gradient = loss.computeGradient(labels, preOutput, SOFTMAX, null);
        assertFalse(gradient.isNaN().any() || gradient.isInfinite().any(), gradient.toString());
        assertEquals(DataType.FLOAT, gradient.dataType());
    }

    @Test
    void belowThresholdImagesCountInNButAddNothing() {
        // Two unlabelled images; the first confident, the second uniform (c = 1/3 < tau).
        INDArray preOutput = Nd4j.createFromArray(new double[][] {{10, 0, 0}, {0, 0, 0}, {1, 2, 3}, {3, 2, 1}});
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 4, 3);
        SmoothPseudoLabelLossFunction loss = new SmoothPseudoLabelLossFunction(new HardThreshold(0.9), 1.0);
        double score = loss.computeScore(labels, preOutput, SOFTMAX, null, true);
        double ceClass0 = -Math.log(Math.exp(1) / (Math.exp(1) + Math.exp(2) + Math.exp(3)));
        assertEquals(ceClass0 / 2, score, 1e-12);
        PseudoLabelDiagnostics d = loss.getLastDiagnostics().orElseThrow();
        assertArrayEquals(new double[] {1, 0}, d.getWeights(), 0.0);
        assertEquals(0.5, d.getMeanWeight(), 0.0);
        assertEquals(0.5, d.getFractionWeighted(), 0.0);
        assertArrayEquals(new int[] {0, 0}, d.getPseudoLabels());
        assertEquals(1.0, d.pseudoLabelAccuracy(new int[] {0, 0}), 0.0);
        assertEquals(0.5, d.pseudoLabelAccuracy(new int[] {0, 1}), 0.0);
        INDArray gradient = loss.computeGradient(labels, preOutput, SOFTMAX, null);
        assertEquals(0.0, gradient.getRow(3).norm2Number().doubleValue(), 0.0, "masked image got a gradient");
        assertTrue(gradient.getRow(2).norm2Number().doubleValue() > 0.1);
    }

    @Test
    void switchingWeightingChangesOnlyTheUnlabelledTerm() {
        Random random = new Random(11);
        double[][] z = LossTestData.logits(random, 2 + 2 * 8, CLASSES);
        INDArray labels = LossTestData.labelMatrix(LossTestData.labels(random, 2, CLASSES), 8, CLASSES);
        INDArray preOutput = Nd4j.createFromArray(z);
        SmoothPseudoLabelLossFunction hard = new SmoothPseudoLabelLossFunction(new HardThreshold(0.6), 1.0);
        SmoothPseudoLabelLossFunction smooth = new SmoothPseudoLabelLossFunction(SmoothRamp.linear(0.6), 1.0);
        hard.computeScore(labels, preOutput, SOFTMAX, null, true);
        smooth.computeScore(labels, preOutput, SOFTMAX, null, true);
        PseudoLabelDiagnostics h = hard.getLastDiagnostics().orElseThrow();
        PseudoLabelDiagnostics s = smooth.getLastDiagnostics().orElseThrow();
        assertEquals(h.getSupervisedLoss(), s.getSupervisedLoss(), 0.0);
        assertArrayEquals(h.getPseudoLabels(), s.getPseudoLabels());
        assertEquals(h.getFractionWeighted(), s.getFractionWeighted(), 0.0);
        assertTrue(s.getMeanWeight() < h.getMeanWeight(), "the ramp must weigh less than the step above tau");
    }

    @Test
    void malformedInputsAreRejectedWithAMessage() {
        SmoothPseudoLabelLossFunction loss = new SmoothPseudoLabelLossFunction(new HardThreshold(0.9), 1.0);
        INDArray z = Nd4j.rand(DataType.DOUBLE, 5, 3);

        assertMessage("needs a softmax output activation", () -> loss.computeScore(
                labels(new double[][] {{1, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}}), z,
                new ActivationTanH(), null, true));
        assertMessage("one-hot (labelled rows) or all zero", () -> loss.computeGradient(
                labels(new double[][] {{0.5, 0.5, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}}), z, SOFTMAX,
                null));
        assertMessage("found 2 ones in row 0", () -> loss.computeGradient(
                labels(new double[][] {{1, 1, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}}), z, SOFTMAX, null));
        assertMessage("labelled rows must come first", () -> loss.computeScore(
                labels(new double[][] {{1, 0, 0}, {0, 0, 0}, {0, 1, 0}, {0, 0, 0}, {0, 0, 0}}), z, SOFTMAX, null,
                true));
        assertMessage("found 3 unlabelled rows after 2 labelled rows", () -> loss.computeScore(
                labels(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}}), z, SOFTMAX, null,
                true));
        assertMessage("same shape, found labels [5, 2] and preOutput [5, 3]", () -> loss.computeScore(
                Nd4j.zeros(DataType.DOUBLE, 5, 2), z, SOFTMAX, null, true));
        INDArray withNaN = z.dup();
        withNaN.putScalar(2, 1, Double.NaN);
        assertMessage("contains NaN or infinite values", () -> loss.computeScore(
                labels(new double[][] {{1, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}}), withNaN, SOFTMAX,
                null, true));
        INDArray withInf = z.dup();
        withInf.putScalar(0, 0, Double.POSITIVE_INFINITY);
        assertMessage("contains NaN or infinite values", () -> loss.computeGradient(
                labels(new double[][] {{1, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}}), withInf, SOFTMAX,
                null));
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 5, 1);
        mask.putScalar(1, 0, 0.0);
        assertMessage("label masks are not supported", () -> loss.computeScore(
                labels(new double[][] {{1, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}}), z, SOFTMAX, mask,
                true));
        // An all-ones mask is what DL4J may pass when nothing is masked: accepted.
        double score = loss.computeScore(labels(new double[][] {{1, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0},
                {0, 0, 0}}), z, SOFTMAX, Nd4j.ones(DataType.DOUBLE, 5, 1), true);
        assertTrue(Double.isFinite(score));

        assertMessage("weighting must not be null", () -> new SmoothPseudoLabelLossFunction(null, 1.0));
        assertMessage("lambdaU must be finite and >= 0, found -1.0",
                () -> new SmoothPseudoLabelLossFunction(new HardThreshold(0.9), -1.0));
        assertMessage("lambdaU must be finite and >= 0, found NaN",
                () -> new SmoothPseudoLabelLossFunction(new HardThreshold(0.9), Double.NaN));
    }

    @Test
    void valueSemanticsAndName() {
        SmoothPseudoLabelLossFunction a = new SmoothPseudoLabelLossFunction(SmoothRamp.linear(0.9), 2.0);
        SmoothPseudoLabelLossFunction b = new SmoothPseudoLabelLossFunction(SmoothRamp.linear(0.9), 2.0);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new SmoothPseudoLabelLossFunction(new HardThreshold(0.9), 2.0));
        assertNotEquals(a, new SmoothPseudoLabelLossFunction(SmoothRamp.linear(0.9), 1.0));
        assertEquals("SmoothPseudoLabelLossFunction(weighting=SmoothRamp(tau=0.9,mu=1.0),lambdaU=2.0)", a.name());
        assertEquals(new SmoothPseudoLabelLossFunction(new SmoothRamp(0.95, 1.0), 1.0),
                new SmoothPseudoLabelLossFunction());
        assertTrue(a.getLastDiagnostics().isEmpty());
    }

    private static INDArray labels(double[][] values) {
        return Nd4j.createFromArray(values);
    }

    private static void assertMessage(String expectedPart, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expectedPart), "message was: " + e.getMessage());
    }
}
