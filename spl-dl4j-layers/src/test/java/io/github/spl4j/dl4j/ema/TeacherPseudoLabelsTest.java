package io.github.spl4j.dl4j.ema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;

import io.github.spl4j.data.FixMatchBatchLayout;
import io.github.spl4j.loss.PseudoLabelDiagnostics;
import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;
import io.github.spl4j.weighting.SmoothRamp;

/**
 * Teacher pseudo-labels, in double precision: with the teacher's weights equal to the student's the loss, its
 * diagnostics and the parameter gradient equal the student-source ones; with other teacher weights the pseudo-labels
 * are the teacher's argmax.
 */
class TeacherPseudoLabelsTest {
    private static final int IN = 5;
    private static final int CLASSES = 4;
    private static final int B = 3;
    private static final int N = 6;

    /** dense - BN - dense - softmax with the FixMatch loss (a low tau so some weights are non-zero). */
    private static MultiLayerNetwork mln(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(IN).nOut(8).activation(Activation.TANH).build())
                .layer(new BatchNormalization.Builder().nOut(8).build())
                .layer(new OutputLayer.Builder(new SmoothPseudoLabelLossFunction(new SmoothRamp(0.3, 1.0), 1.0))
                        .nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(IN)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static ComputationGraph graph(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).graphBuilder().addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(IN).nOut(8).activation(Activation.TANH).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().nOut(8).build(), "dense")
                .addLayer("out", new OutputLayer.Builder(new SmoothPseudoLabelLossFunction(new SmoothRamp(0.3, 1.0),
                        1.0)).nOut(CLASSES).activation(Activation.SOFTMAX).build(), "bn")
                .setOutputs("out").setInputTypes(InputType.feedForward(IN)).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static DataSet batch(long seed) {
        Random r = new Random(seed);
        double[][] x = new double[B + 2 * N][IN];
        for (double[] row : x) {
            for (int j = 0; j < IN; j++) {
                row[j] = 2 * r.nextGaussian();
            }
        }
        double[][] y = new double[B + 2 * N][CLASSES];
        for (int i = 0; i < B; i++) {
            y[i][r.nextInt(CLASSES)] = 1.0;
        }
        return new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
    }

    private static SmoothPseudoLabelLossFunction loss(Model net) {
        return net instanceof MultiLayerNetwork
                ? (SmoothPseudoLabelLossFunction) ((org.deeplearning4j.nn.conf.layers.BaseOutputLayer)
                ((MultiLayerNetwork) net).getOutputLayer().conf().getLayer()).getLossFn()
                : (SmoothPseudoLabelLossFunction) ((org.deeplearning4j.nn.conf.layers.BaseOutputLayer)
                ((ComputationGraph) net).getLayer("out").conf().getLayer()).getLossFn();
    }

    /** Score and gradient of one minibatch, without an update. */
    private static double[] scoreAndGradient(Model net, DataSet batch, double[] scoreOut) {
        if (net instanceof MultiLayerNetwork) {
            MultiLayerNetwork m = (MultiLayerNetwork) net;
            m.setInput(batch.getFeatures());
            m.setLabels(batch.getLabels());
            m.computeGradientAndScore();
        } else {
            ComputationGraph g = (ComputationGraph) net;
            g.setInputs(batch.getFeatures());
            g.setLabels(batch.getLabels());
            g.computeGradientAndScore();
        }
        scoreOut[0] = net.score();
        return net.gradient().gradient().dup().toDoubleVector();
    }

    @Test
    void teacherEqualToStudentGivesTheStudentSourceLossAndGradientMultiLayer() {
        teacherEqualToStudentGivesTheStudentSourceLossAndGradient(mln(3));
    }

    @Test
    void teacherEqualToStudentGivesTheStudentSourceLossAndGradientGraph() {
        teacherEqualToStudentGivesTheStudentSourceLossAndGradient(graph(3));
    }

    private static void teacherEqualToStudentGivesTheStudentSourceLossAndGradient(Model net) {
        DataSet batch = batch(5);
        double[] studentScore = new double[1];
        double[] studentGradient = scoreAndGradient(net, batch, studentScore);
        PseudoLabelDiagnostics studentDiag = loss(net).getLastDiagnostics().orElseThrow();
        assertTrue(Arrays.stream(studentDiag.getWeights()).anyMatch(w -> w > 0), "some pseudo-labels count");

        // decay 0: the teacher is the student's current weights
        EmaTeacherListener ema = new EmaTeacherListener.Builder().decay(0.0).build();
        ema.initialize(net);
        TeacherPseudoLabels teacherLabels = new TeacherPseudoLabels(ema);
        assertEquals(1, teacherLabels.installOn(net).size());
        teacherLabels.prepare(batch);
        double[] teacherScore = new double[1];
        double[] teacherGradient = scoreAndGradient(net, batch, teacherScore);
        PseudoLabelDiagnostics teacherDiag = loss(net).getLastDiagnostics().orElseThrow();

        assertEquals(studentScore[0], teacherScore[0], 1e-12);
        assertEquals(studentGradient.length, teacherGradient.length);
        for (int i = 0; i < studentGradient.length; i++) {
            assertEquals(studentGradient[i], teacherGradient[i], 1e-12, "gradient entry " + i);
        }
        assertArrayEquals(studentDiag.getPseudoLabels(), teacherDiag.getPseudoLabels());
        assertArrayEquals(studentDiag.getConfidences(), teacherDiag.getConfidences(), 1e-12);
        assertArrayEquals(studentDiag.getWeights(), teacherDiag.getWeights(), 1e-12);
    }

    @Test
    void pseudoLabelsFollowATeacherWithOtherWeights() {
        MultiLayerNetwork student = mln(3);
        DataSet batch = batch(5);
        double[] score = new double[1];
        scoreAndGradient(student, batch, score);
        int[] studentLabels = loss(student).getLastDiagnostics().orElseThrow().getPseudoLabels();

        EmaTeacherListener ema = new EmaTeacherListener.Builder().decay(0.5).build();
        ema.initialize(student);
        INDArray other = mln(99).params().dup();
        ema.restore(new EmaTeacherListener.State(other, 7));
        INDArray teacherParamsBefore = ema.teacher().params().dup();
        TeacherPseudoLabels teacherLabels = new TeacherPseudoLabels(ema);
        teacherLabels.installOn(student);
        teacherLabels.prepare(batch);
        assertEquals(teacherParamsBefore, ema.teacher().params(), "the teacher's forward pass changes no parameter");

        INDArray teacherOut = ((MultiLayerNetwork) ema.teacher()).output(batch.getFeatures(), true)
                .get(NDArrayIndex.interval(B, B + N), NDArrayIndex.all());
        int[] expected = Arrays.stream(teacherOut.argMax(1).toLongVector()).mapToInt(v -> (int) v).toArray();
        double[] expectedConfidence = teacherOut.max(1).toDoubleVector();
        INDArray studentParams = student.params().dup();
        scoreAndGradient(student, batch, score);
        PseudoLabelDiagnostics d = loss(student).getLastDiagnostics().orElseThrow();
        assertArrayEquals(expected, d.getPseudoLabels(), "pseudo-labels are the teacher's argmax");
        assertArrayEquals(expectedConfidence, d.getConfidences(), 1e-12, "confidences are the teacher's max");
        assertFalse(Arrays.equals(studentLabels, d.getPseudoLabels()), "the test needs a teacher that disagrees");
        assertEquals(studentParams, student.params(), "computing the gradient does not update the student");
    }

    @Test
    void aLossCallWithoutAPreparedBatchOrWithAnotherLayoutFails() {
        MultiLayerNetwork net = mln(3);
        EmaTeacherListener ema = new EmaTeacherListener.Builder().build();
        ema.initialize(net);
        TeacherPseudoLabels teacherLabels = new TeacherPseudoLabels(ema);
        teacherLabels.installOn(net);
        DataSet batch = batch(5);
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> scoreAndGradient(net, batch, new double[1]));
        assertTrue(rootMessage(none).contains("call TeacherPseudoLabels.prepare(batch)"), rootMessage(none));

        teacherLabels.prepare(batch);
        IllegalStateException other = assertThrows(IllegalStateException.class,
                () -> teacherLabels.weakProbabilities(FixMatchBatchLayout.of(2, 1), null));
        assertTrue(other.getMessage().contains("prepared for a minibatch of layout"), other.getMessage());
        assertSame(teacherLabels, loss(net).getPseudoLabelSource());
        teacherLabels.clear();
        assertEquals(null, teacherLabels.preparedProbabilities());
        IllegalArgumentException noLoss = assertThrows(IllegalArgumentException.class,
                () -> teacherLabels.installOn(EmaTeacherListenerTest.tinyMln()));
        assertTrue(noLoss.getMessage().contains("SmoothPseudoLabelLossFunction"), noLoss.getMessage());
        assertNotEquals(null, teacherLabels.toString());
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null) {
            r = r.getCause();
        }
        return t.getMessage() + " / " + r.getMessage();
    }
}
