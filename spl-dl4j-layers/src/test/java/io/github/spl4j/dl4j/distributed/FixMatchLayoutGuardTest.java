package io.github.spl4j.dl4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import io.github.spl4j.data.FixMatchBatchLayout;
import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;
import io.github.spl4j.weighting.HardThreshold;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class FixMatchLayoutGuardTest {
    private static final FixMatchBatchLayout LAYOUT = FixMatchBatchLayout.of(4, 2); // [4 | 8 | 8], 20 rows

    private static DataSet batch(long seed) {
        Random rng = new Random(seed);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 4, 3);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }
        return FixMatchBatchLayout.assemble(random(4, rng), labels, random(8, rng), random(8, rng));
    }

    private static INDArray random(int rows, Random rng) {
        double[][] x = new double[rows][5];
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        return Nd4j.create(x).castTo(DataType.FLOAT);
    }

    private static MultiLayerNetwork network(boolean fixMatchLoss) {
        OutputLayer out = fixMatchLoss
                ? new OutputLayer.Builder(new SmoothPseudoLabelLossFunction(new HardThreshold(0.5), 1.0))
                        .nIn(6).nOut(3).activation(Activation.SOFTMAX).build()
                : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(6).nOut(3).activation(Activation.SOFTMAX).build();
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.FLOAT).updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(6).activation(Activation.TANH).build())
                .layer(out).build());
        net.init();
        return net;
    }

    @Test
    void wholeBatchesPassOnBothSides() {
        FixMatchLayoutGuard guard = new FixMatchLayoutGuard(LAYOUT);
        MultiLayerNetwork net = network(true);
        net.setListeners(guard);
        for (int s = 0; s < 3; s++) {
            DataSet b = batch(s);
            guard.check(b);
            net.fit(b);
        }
        assertEquals(3, guard.checkedIterations());
    }

    @Test
    void aSplitBatchThatStillLooksLikeALayoutIsCaughtOnTheWorker() {
        // Rows 0..13 of [4 | 8 | 8] are 4 labelled + 10 unlabelled rows: the loss accepts them as [4 | 5 | 5] and would
        // pair weak and strong views of different images. Only the expected layout reveals it.
        DataSet firstPiece = (DataSet) batch(1).getRange(0, 14);
        FixMatchLayoutGuard guard = new FixMatchLayoutGuard(LAYOUT);
        MultiLayerNetwork net = network(true);
        net.setListeners(guard);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.fit(firstPiece));
        assertTrue(e.getMessage().contains("found B = 4, N = 5 (14 rows)")
                && e.getMessage().contains("expected " + LAYOUT), e.getMessage());
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> guard.check(firstPiece));
        assertTrue(d.getMessage().contains("found B = 4, N = 5 (14 rows)"), d.getMessage());
        assertEquals(0, guard.checkedIterations());
    }

    @Test
    void aModelWithoutTheFixMatchLossIsRefused() {
        FixMatchLayoutGuard guard = new FixMatchLayoutGuard(LAYOUT);
        MultiLayerNetwork net = network(false);
        net.setListeners(guard);
        DataSet supervised = new DataSet(random(4, new Random(1)), Nd4j.eye(3).getRows(0, 1, 2, 0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.fit(supervised));
        assertTrue(e.getMessage().startsWith("FixMatchLayoutGuard needs a model whose output layer uses "
                + "SmoothPseudoLabelLossFunction"), e.getMessage());
    }

    @Test
    void checkNamesWhatIsMissing() {
        FixMatchLayoutGuard guard = new FixMatchLayoutGuard(LAYOUT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> guard.check(null));
        assertEquals("a FixMatch minibatch with labels is required, found null", e.getMessage());
        assertThrows(NullPointerException.class, () -> new FixMatchLayoutGuard(null));
        assertEquals(new FixMatchLayoutGuard(LAYOUT), guard);
        assertEquals(new FixMatchLayoutGuard(LAYOUT).hashCode(), guard.hashCode());
    }
}
