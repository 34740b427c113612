package io.github.spl4j.dl4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The fused FLOAT passes of {@link BatchNormKernels} against {@link BatchNormRows} in double precision (which the
 * layer's gradient checks cover), their independence of the thread count, and the layer with and without them.
 */
class BatchNormKernelsTest {
    private static final double EPS = 1e-5;
    private final int threadsBefore = Nd4j.getEnvironment().maxMasterThreads();

    @AfterEach
    void restore() {
        Nd4j.getEnvironment().setMaxMasterThreads(threadsBefore);
        System.clearProperty(FastBatchNormalization.FUSED_KERNELS_PROPERTY);
    }

    /** Values in [lo, lo + 4) from a seeded java.util.Random, as [m, c] of the given type. */
    private static INDArray random(long seed, int m, int c, double lo, DataType type) {
        Random r = new Random(seed);
        double[] v = new double[m * c];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + 4 * r.nextDouble();
        }
        return Nd4j.create(v, new long[] {m, c}, DataType.DOUBLE).castTo(type);
    }

    private static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).toFloatVector();
    }

    /** max |a - b| / (|b| + 1) over all elements. */
    private static double maxRelDiff(INDArray a, INDArray b) {
        INDArray x = a.castTo(DataType.DOUBLE);
        INDArray y = b.castTo(DataType.DOUBLE);
        return Nd4j.math().abs(x.sub(y)).divi(Nd4j.math().abs(y).addi(1.0)).maxNumber().doubleValue();
    }

    private static INDArray row(float[] v) {
        return Nd4j.createFromArray(v).reshape(1, v.length).castTo(DataType.DOUBLE);
    }

    // m rows chosen so that the rows span several chunks with a partial last one
    @ParameterizedTest
    @CsvSource({"1100, 16, 0.1", "3000, 5, 0.2", "7, 3, 1.0", "2500, 32, 1.0"})
    void forwardAndBackwardMatchDoublePrecisionReference(int m, int c, float alpha) {
        INDArray x = random(1, m, c, -1.5, DataType.FLOAT);
        INDArray g = random(2, m, c, -2.0, DataType.FLOAT);
        float[] gamma = floats(random(3, 1, c, 0.5, DataType.FLOAT));
        float[] beta = floats(random(4, 1, c, -2.0, DataType.FLOAT));
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, m, c);
        INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, m, c);
        assertTrue(BatchNormKernels.supports(x, g, out, dx));

        float[][] stats = BatchNormKernels.forwardTraining(x, gamma, beta, EPS, alpha, out);
        float[][] dGammaBeta = BatchNormKernels.backward(x, g, stats[0], stats[1], gamma, beta, alpha, dx);

        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray gd = g.castTo(DataType.DOUBLE);
        INDArray ones = Nd4j.ones(DataType.DOUBLE, 1, m);
        INDArray[] ref = BatchNormRows.statistics(xd, ones, EPS, Nd4j.create(DataType.DOUBLE, m, c));
        INDArray refOut = Nd4j.create(DataType.DOUBLE, m, c);
        BatchNormRows.affineActivation(xd, ref[0], ref[1], row(gamma), row(beta), alpha, refOut);
        INDArray refDx = Nd4j.create(DataType.DOUBLE, m, c);
        INDArray[] refD = BatchNormRows.backward(xd, gd, ref[0], ref[1], row(gamma), row(beta), alpha, ones, refDx);

        assertEquals(0.0, maxRelDiff(row(stats[0]), ref[0]), 1e-5, "mean");
        assertEquals(0.0, maxRelDiff(row(stats[1]), ref[1]), 1e-5, "invStd");
        assertEquals(0.0, maxRelDiff(out, refOut), 1e-5, "output");
        assertEquals(0.0, maxRelDiff(dx, refDx), 1e-4, "input gradient");
        // sums over m rows: compare relative to their scale
        double scale = m;
        assertEquals(0.0, maxRelDiff(row(dGammaBeta[0]).divi(scale), refD[0].div(scale)), 1e-5, "dGamma");
        assertEquals(0.0, maxRelDiff(row(dGammaBeta[1]).divi(scale), refD[1].div(scale)), 1e-5, "dBeta");
    }

    @Test
    void inferenceForwardMatchesReference() {
        int m = 900;
        int c = 12;
        INDArray x = random(5, m, c, -2.0, DataType.FLOAT);
        float[] mean = floats(random(6, 1, c, -1.0, DataType.FLOAT));
        float[] invStd = floats(random(7, 1, c, 0.2, DataType.FLOAT));
        float[] gamma = floats(random(8, 1, c, 0.5, DataType.FLOAT));
        float[] beta = floats(random(9, 1, c, -2.0, DataType.FLOAT));
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, m, c);
        BatchNormKernels.forwardInference(x, mean, invStd, gamma, beta, 0.1f, out);
        INDArray ref = Nd4j.create(DataType.DOUBLE, m, c);
        BatchNormRows.affineActivation(x.castTo(DataType.DOUBLE), row(mean), row(invStd), row(gamma), row(beta), 0.1,
                ref);
        assertEquals(0.0, maxRelDiff(out, ref), 1e-5);
    }

    @Test
    void resultsAreBitIdenticalWithOneAndTwoThreads() {
        int m = 5000;
        int c = 16;
        INDArray x = random(11, m, c, -1.0, DataType.FLOAT);
        INDArray g = random(12, m, c, -2.0, DataType.FLOAT);
        float[] gamma = floats(random(13, 1, c, 0.5, DataType.FLOAT));
        float[] beta = floats(random(14, 1, c, -1.0, DataType.FLOAT));
        float[][][] stats = new float[2][][];
        float[][][] grads = new float[2][][];
        INDArray[] outs = new INDArray[2];
        INDArray[] dxs = new INDArray[2];
        for (int t = 0; t < 2; t++) {
            Nd4j.getEnvironment().setMaxMasterThreads(t + 1);
            outs[t] = Nd4j.createUninitialized(DataType.FLOAT, m, c);
            dxs[t] = Nd4j.createUninitialized(DataType.FLOAT, m, c);
            stats[t] = BatchNormKernels.forwardTraining(x, gamma, beta, EPS, 0.1f, outs[t]);
            grads[t] = BatchNormKernels.backward(x, g, stats[t][0], stats[t][1], gamma, beta, 0.1f, dxs[t]);
        }
        assertArrayEquals(stats[0][0], stats[1][0]);
        assertArrayEquals(stats[0][1], stats[1][1]);
        assertArrayEquals(grads[0][0], grads[1][0]);
        assertArrayEquals(grads[0][1], grads[1][1]);
        assertArrayEquals(outs[0].ravel().toFloatVector(), outs[1].ravel().toFloatVector());
        assertArrayEquals(dxs[0].ravel().toFloatVector(), dxs[1].ravel().toFloatVector());
    }

    @Test
    void supportsOnlyPlainFloatArraysAndHonoursTheSwitch() {
        INDArray f = Nd4j.create(DataType.FLOAT, 6, 4);
        assertTrue(BatchNormKernels.supports(f));
        assertFalse(BatchNormKernels.supports(Nd4j.create(DataType.DOUBLE, 6, 4)), "double");
        assertFalse(BatchNormKernels.supports(Nd4j.create(DataType.FLOAT, new long[] {6, 4}, 'f')), "f order");
        assertFalse(BatchNormKernels.supports(f.transpose()), "transposed view");
        System.setProperty(FastBatchNormalization.FUSED_KERNELS_PROPERTY, "false");
        assertFalse(BatchNormKernels.supports(f), "switched off");
    }

    /** conv - BN + LReLU - global pool - softmax in FLOAT, trained for 3 steps with and without the fused passes. */
    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void layerGivesTheSameTrainingWithAndWithoutFusedPasses(CNN2DFormat format) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).list()
                .layer(ConvBlocks.conv(3, 1, 8, format))
                .layer(new FastBatchNormalization.Builder().leakyRelu(0.1).dataFormat(format).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(10, 10, 3, format))
                .build();
        long[] shape = format == CNN2DFormat.NHWC ? new long[] {6, 10, 10, 3} : new long[] {6, 3, 10, 10};
        INDArray in = random(21, 6, 300, -1.0, DataType.FLOAT).reshape(shape);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 6, 4);
        for (int i = 0; i < 6; i++) {
            labels.putScalar(i, i % 4, 1.0);
        }
        MultiLayerNetwork[] nets = new MultiLayerNetwork[2];
        for (int k = 0; k < 2; k++) {
            System.setProperty(FastBatchNormalization.FUSED_KERNELS_PROPERTY, Boolean.toString(k == 1));
            nets[k] = new MultiLayerNetwork(conf.clone());
            nets[k].init();
            for (int step = 0; step < 3; step++) {
                nets[k].fit(in, labels);
            }
        }
        assertTrue(maxRelDiff(nets[0].params(), nets[1].params()) < 1e-4, "params after 3 steps");
        assertTrue(maxRelDiff(nets[0].output(in, false), nets[1].output(in, false)) < 1e-4, "inference output");
        assertFalse(nets[0].params().equalsWithEps(nets[0].params().mul(0), 1e-6), "trained params are not zero");
    }
}
