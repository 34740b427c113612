package io.github.spl4j.dl4j.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.github.spl4j.data.FixMatchBatchLayout;
import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;
import io.github.spl4j.weighting.SmoothRamp;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Test fixture: Gaussian blobs in a few dimensions as FixMatch minibatches (weak view: small noise, strong view: large
 * noise) and a small MLP with the Smooth FixMatch loss. Shared with the scale-out modules' tests through this module's
 * test-jar, so ParallelWrapper and Spark training are checked on the same data.
 */
public final class SyntheticFixMatch {
    /** Number of classes. */
    public static final int CLASSES = 3;
    /** Number of input features. */
    public static final int FEATURES = 4;
    /** The layout of every minibatch: B = 12, unlabeled ratio 2. */
    public static final FixMatchBatchLayout LAYOUT = FixMatchBatchLayout.of(12, 2);

    private SyntheticFixMatch() {
    }

    private static double[] centre(int label) {
        double[] c = new double[FEATURES];
        c[label % FEATURES] = 2.5;
        c[(label + 1) % FEATURES] = -1.0;
        return c;
    }

    private static double[] sample(int label, double noise, Random rng) {
        double[] c = centre(label);
        double[] x = new double[FEATURES];
        for (int i = 0; i < FEATURES; i++) {
            x[i] = c[i] + noise * rng.nextGaussian();
        }
        return x;
    }

    /** @return {@code count} FixMatch minibatches with {@link #LAYOUT}, deterministic for a seed */
    public static List<DataSet> batches(int count, long seed) {
        Random rng = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        int b = LAYOUT.labeledCount();
        int n = LAYOUT.unlabeledCount();
        for (int s = 0; s < count; s++) {
            double[][] lx = new double[b][];
            double[][] ly = new double[b][CLASSES];
            for (int i = 0; i < b; i++) {
                int label = i % CLASSES;
                lx[i] = sample(label, 0.8, rng);
                ly[i][label] = 1.0;
            }
            double[][] weak = new double[n][];
            double[][] strong = new double[n][];
            for (int i = 0; i < n; i++) {
                int label = rng.nextInt(CLASSES);
                double[] x = sample(label, 0.8, rng);
                weak[i] = jitter(x, 0.05, rng);
                strong[i] = jitter(x, 0.5, rng);
            }
            out.add(FixMatchBatchLayout.assemble(matrix(lx), matrix(ly), matrix(weak), matrix(strong)));
        }
        return out;
    }

    /** @return a labelled test split of {@code count} rows */
    public static DataSet testSplit(int count, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[count][];
        double[][] y = new double[count][CLASSES];
        for (int i = 0; i < count; i++) {
            int label = i % CLASSES;
            x[i] = sample(label, 0.8, rng);
            y[i][label] = 1.0;
        }
        return new DataSet(matrix(x), matrix(y));
    }

    private static double[] jitter(double[] x, double noise, Random rng) {
        double[] out = x.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += noise * rng.nextGaussian();
        }
        return out;
    }

    private static INDArray matrix(double[][] rows) {
        return Nd4j.create(rows).castTo(DataType.FLOAT);
    }

    /** @return a small initialised MLP with the Smooth FixMatch loss */
    public static MultiLayerNetwork network(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(0.02))
                .list()
                .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(16).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(new SmoothPseudoLabelLossFunction(new SmoothRamp(0.8, 1.0), 1.0))
                        .nIn(16).nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** @return accuracy of {@code net} on {@code test} */
    public static double accuracy(MultiLayerNetwork net, DataSet test) {
        Evaluation e = new Evaluation(CLASSES);
        e.eval(test.getLabels(), net.output(test.getFeatures(), false));
        return e.accuracy();
    }
}
