package io.github.spl4j.dl4j.ema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class EmaTeacherListenerTest {

    /** dense(3→2) - BN(2) - softmax output(2→2): BN's running mean/var are the copied parameters. */
    static MultiLayerNetwork tinyMln() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(2).activation(Activation.TANH).build())
                .layer(new BatchNormalization.Builder().nOut(2).useLogStd(false).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static ComputationGraph tinyGraph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).graphBuilder().addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(3).nOut(2).activation(Activation.TANH).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().nOut(2).build(), "dense")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "bn")
                .setOutputs("out").setInputTypes(InputType.feedForward(3)).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    static DataSet data(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 8, 3).subi(0.5).muli(4);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 8, 2);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 2, 1.0);
        }
        return new DataSet(x, y);
    }

    /** Offsets of the BN layer's running mean and variance in the MLN's flat parameters (dense 3x2+2 = 8, gamma, beta). */
    private static final int MEAN_START = 8 + 4;
    private static final int VAR_END = 8 + 8;

    @Test
    void emaMathWithKnownNumbersAndWarmUp() {
        MultiLayerNetwork net = tinyMln();
        long n = net.numParams();
        INDArray p0 = Nd4j.linspace(DataType.DOUBLE, 1, n, 1).reshape(1, n);
        net.setParams(p0);
        EmaTeacherListener ema = new EmaTeacherListener.Builder().decay(0.5).build();
        ema.initialize(net);

        INDArray p1 = p0.mul(3.0);
        net.setParams(p1);
        ema.iterationDone(net, 0, 0); // k = 0: d_0 = min(0.5, 1/10) = 0.1
        double[] s = ema.shadowParams().toDoubleVector();
        for (int i = 0; i < n; i++) {
            double expected = (i >= MEAN_START && i < VAR_END) ? 3.0 * (i + 1) : 0.1 * (i + 1) + 0.9 * 3.0 * (i + 1);
            assertEquals(expected, s[i], 1e-12, "parameter " + i);
        }
        INDArray p2 = p0.mul(-1.0);
        net.setParams(p2);
        ema.iterationDone(net, 1, 0); // k = 1: d_1 = min(0.5, 2/11) = 2/11
        double d1 = 2.0 / 11.0;
        double[] s2 = ema.shadowParams().toDoubleVector();
        for (int i = 0; i < n; i++) {
            double expected = (i >= MEAN_START && i < VAR_END) ? -(i + 1) : d1 * s[i] + (1 - d1) * -(i + 1);
            assertEquals(expected, s2[i], 1e-12, "parameter " + i);
        }
        assertEquals(2, ema.getUpdateCount());
    }

    @Test
    void decayScheduleWithAndWithoutWarmUp() {
        EmaTeacherListener warm = new EmaTeacherListener.Builder().build();
        assertEquals(0.1, warm.decayAt(0), 1e-15);
        assertEquals(11.0 / 20.0, warm.decayAt(10), 1e-15);
        assertEquals(0.999, warm.decayAt(1_000_000), 1e-15);
        assertEquals(0.999, warm.decayAt(8991), 1e-15);
        assertTrue(warm.decayAt(8989) < 0.999);
        EmaTeacherListener fixed = new EmaTeacherListener.Builder().warmUp(false).decay(0.99).build();
        assertEquals(0.99, fixed.decayAt(0), 0.0);
        assertEquals(0.99, fixed.decayAt(5000), 0.0);
    }

    @Test
    void withoutWarmUpTheFirstUpdateKeepsTheInitialWeights() {
        MultiLayerNetwork net = tinyMln();
        INDArray p0 = net.params().dup();
        EmaTeacherListener ema = new EmaTeacherListener.Builder().warmUp(false).decay(0.9).build();
        ema.initialize(net);
        INDArray p1 = p0.add(1.0);
        net.setParams(p1);
        ema.iterationDone(net, 0, 0);
        double[] s = ema.shadowParams().toDoubleVector();
        double[] a = p0.toDoubleVector();
        assertEquals(a[0] + 0.1, s[0], 1e-12);
    }

    @Test
    void batchNormStatisticsAreCopiedBitForBitDuringTrainingMln() {
        assertBnCopiedAndWeightsAveraged(tinyMln(), "1");
    }

    @Test
    void batchNormStatisticsAreCopiedBitForBitDuringTrainingGraph() {
        assertBnCopiedAndWeightsAveraged(tinyGraph(), "bn");
    }

    private static void assertBnCopiedAndWeightsAveraged(Model net, String bnLayer) {
        EmaTeacherListener ema = new EmaTeacherListener.Builder().decay(0.9).build();
        net.addListeners(ema);
        for (int i = 0; i < 5; i++) {
            if (net instanceof MultiLayerNetwork) {
                ((MultiLayerNetwork) net).fit(data(i));
            } else {
                ((ComputationGraph) net).fit(data(i));
            }
        }
        assertEquals(5, ema.getUpdateCount());
        Model teacher = ema.teacher();
        assertNotSame(net, teacher);
        String mean = bnLayer + "_" + BatchNormalizationParamInitializer.GLOBAL_MEAN;
        // the graph's BN keeps DL4J's default log10(std) storage, the MLN's the variance
        String var = bnLayer + "_" + (net instanceof MultiLayerNetwork ? BatchNormalizationParamInitializer.GLOBAL_VAR
                : BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
        String weights = net instanceof MultiLayerNetwork ? "0_W" : "dense_W";
        assertEquals(net.getParam(mean), teacher.getParam(mean));
        assertArrayEquals(net.getParam(mean).toDoubleVector(), teacher.getParam(mean).toDoubleVector(), 0.0);
        assertArrayEquals(net.getParam(var).toDoubleVector(), teacher.getParam(var).toDoubleVector(), 0.0);
        assertNotEquals(net.getParam(weights), teacher.getParam(weights));
        // the teacher is a copy: training the student further does not move it until the next EMA update
        INDArray before = teacher.params().dup();
        net.setParams(net.params().add(1.0));
        assertEquals(before, ema.teacher().params());
    }

    @Test
    void teacherIsRefreshedAndSameInstance() {
        MultiLayerNetwork net = tinyMln();
        EmaTeacherListener ema = new EmaTeacherListener.Builder().build();
        net.addListeners(ema);
        net.fit(data(1));
        Model t1 = ema.teacher();
        INDArray before = t1.params().dup();
        net.fit(data(2));
        Model t2 = ema.teacher();
        assertSame(t1, t2);
        assertNotEquals(before, t2.params());
        assertEquals(ema.shadowParams(), t2.params().reshape(t2.numParams()));
    }

    @Test
    void ownBuffersNotViewsOfTheStudent() {
        MultiLayerNetwork net = tinyMln();
        EmaTeacherListener ema = new EmaTeacherListener.Builder().build();
        ema.initialize(net);
        INDArray s = ema.shadowParams();
        net.params().addi(5.0);
        assertEquals(s, ema.shadowParams());
    }

    @Test
    void snapshotRestoreReproducesTheSameUpdates() {
        MultiLayerNetwork a = tinyMln();
        EmaTeacherListener emaA = new EmaTeacherListener.Builder().decay(0.95).build();
        a.addListeners(emaA);
        for (int i = 0; i < 3; i++) {
            a.fit(data(i));
        }
        EmaTeacherListener.State state = emaA.snapshot();
        MultiLayerNetwork b = a.clone();
        b.setListeners();
        EmaTeacherListener emaB = new EmaTeacherListener.Builder().decay(0.95).build();
        emaB.initialize(b);
        emaB.restore(state);
        b.addListeners(emaB);
        for (int i = 3; i < 6; i++) {
            a.fit(data(i));
            b.fit(data(i));
        }
        assertEquals(emaA.getUpdateCount(), emaB.getUpdateCount());
        assertArrayEquals(emaA.shadowParams().toDoubleVector(), emaB.shadowParams().toDoubleVector(), 0.0);
    }

    @Test
    void restoreRejectsForeignState() {
        MultiLayerNetwork net = tinyMln();
        EmaTeacherListener ema = new EmaTeacherListener.Builder().build();
        EmaTeacherListener.State state = new EmaTeacherListener.State(Nd4j.zeros(DataType.DOUBLE, 3), 1);
        IllegalStateException notInit = assertThrows(IllegalStateException.class, () -> ema.restore(state));
        assertTrue(notInit.getMessage().contains("initialize"), notInit.getMessage());
        ema.initialize(net);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ema.restore(state));
        assertTrue(e.getMessage().contains("3 shadow parameters"), e.getMessage());
    }

    @Test
    void validation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EmaTeacherListener.Builder().decay(1.0));
        assertEquals("decay must be in [0, 1), found 1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EmaTeacherListener.Builder().decay(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new EmaTeacherListener.Builder().decay(Double.NaN));
        assertThrows(IllegalStateException.class, () -> new EmaTeacherListener.Builder().build().teacher());
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> new EmaTeacherListener.Builder().build().decayAt(-1));
        assertEquals("k must be >= 0, found -1", k.getMessage());
    }
}
