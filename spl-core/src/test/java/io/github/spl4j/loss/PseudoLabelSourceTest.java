package io.github.spl4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import io.github.spl4j.weighting.SmoothRamp;

/** The loss's pseudo-label source hook, in double precision. */
class PseudoLabelSourceTest {
    private static final IActivation SOFTMAX = new ActivationSoftmax();
    private static final int CLASSES = 4;
    private static final int B = 3;
    private static final int N = 5;
    private static final int ROWS = B + 2 * N;

    private static INDArray logits(long seed) {
        return Nd4j.createFromArray(LossTestData.logits(new Random(seed), ROWS, CLASSES));
    }

    private static INDArray labels() {
        return LossTestData.labelMatrix(new int[] {0, 2, 3}, N, CLASSES);
    }

    @Test
    void aSourceGivingTheStudentsOwnProbabilitiesChangesNothing() {
        SmoothPseudoLabelLossFunction loss = new SmoothPseudoLabelLossFunction(new SmoothRamp(0.3, 1.0), 0.8);
        INDArray z = logits(1);
        double score = loss.computeScore(labels(), z, SOFTMAX, null, false);
        INDArray gradient = loss.computeGradient(labels(), z, SOFTMAX, null);
        int[] pseudo = loss.getLastDiagnostics().orElseThrow().getPseudoLabels();

        loss.setPseudoLabelSource((layout, student) -> student.dup());
        assertEquals(score, loss.computeScore(labels(), z, SOFTMAX, null, false), 1e-12);
        assertEquals(gradient, loss.computeGradient(labels(), z, SOFTMAX, null));
        assertArrayEquals(pseudo, loss.getLastDiagnostics().orElseThrow().getPseudoLabels());
    }

    @Test
    void pseudoLabelsAndWeightsComeFromTheSourceAndTheGradientIsExact() {
        SmoothPseudoLabelLossFunction loss = new SmoothPseudoLabelLossFunction(new SmoothRamp(0.3, 2.0), 1.0);
        INDArray teacher = Transforms.softmax(logits(2).get(NDArrayIndex.interval(B, B + N), NDArrayIndex.all())
                .mul(3), true);
        loss.setPseudoLabelSource((layout, student) -> {
            assertEquals(N, layout.unlabeledCount());
            return teacher;
        });
        INDArray z = logits(3);
        INDArray gradient = loss.computeGradient(labels(), z, SOFTMAX, null);
        PseudoLabelDiagnostics d = loss.getLastDiagnostics().orElseThrow();
        long[] argMax = teacher.argMax(1).toLongVector();
        for (int i = 0; i < N; i++) {
            assertEquals(argMax[i], d.getPseudoLabels()[i], "pseudo-label " + i);
        }
        assertArrayEquals(teacher.max(1).toDoubleVector(), d.getConfidences(), 1e-12);
        assertTrue(d.getFractionWeighted() > 0, "some weights are positive");
        // the weak rows get no gradient
        assertEquals(0.0, gradient.get(NDArrayIndex.interval(B, B + N), NDArrayIndex.all()).norm1Number()
                .doubleValue(), 0.0);
        // the source does not depend on z: a central difference of the score is the whole gradient
        double h = 1e-6;
        for (int r = 0; r < ROWS; r++) {
            for (int k = 0; k < CLASSES; k++) {
                INDArray plus = z.dup();
                plus.putScalar(r, k, z.getDouble(r, k) + h);
                INDArray minus = z.dup();
                minus.putScalar(r, k, z.getDouble(r, k) - h);
                double numeric = (loss.computeScore(labels(), plus, SOFTMAX, null, false)
                        - loss.computeScore(labels(), minus, SOFTMAX, null, false)) / (2 * h);
                assertEquals(numeric, gradient.getDouble(r, k), 1e-6, "d score / d z[" + r + "," + k + "]");
            }
        }
    }

    @Test
    void aSourceOfTheWrongShapeOrWithNaNIsRefusedAndTheSourceIsNotConfiguration() throws Exception {
        SmoothPseudoLabelLossFunction loss = new SmoothPseudoLabelLossFunction(new SmoothRamp(0.3, 1.0), 1.0);
        loss.setPseudoLabelSource((layout, student) -> Nd4j.zeros(N - 1, CLASSES));
        IllegalStateException shape = assertThrows(IllegalStateException.class,
                () -> loss.computeScore(labels(), logits(1), SOFTMAX, null, true));
        assertEquals("the pseudo-label source must give [5, 4] weak-view probabilities for this minibatch, found "
                + "[4, 4]", shape.getMessage());
        loss.setPseudoLabelSource((layout, student) -> Nd4j.valueArrayOf(new long[] {N, CLASSES}, Double.NaN));
        IllegalStateException nan = assertThrows(IllegalStateException.class,
                () -> loss.computeScore(labels(), logits(1), SOFTMAX, null, true));
        assertTrue(nan.getMessage().contains("NaN or infinite"), nan.getMessage());

        SmoothPseudoLabelLossFunction plain = new SmoothPseudoLabelLossFunction(new SmoothRamp(0.3, 1.0), 1.0);
        assertEquals(plain, loss, "the source is run state, not configuration");
        assertEquals(plain.hashCode(), loss.hashCode());
        assertNull(plain.getPseudoLabelSource());
        String json = org.deeplearning4j.nn.conf.NeuralNetConfiguration.mapper().writeValueAsString(loss);
        assertEquals(org.deeplearning4j.nn.conf.NeuralNetConfiguration.mapper().writeValueAsString(plain), json);
        assertTrue(!json.contains("ource"), json);
    }
}
