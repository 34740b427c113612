package io.github.spl4j.dl4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import io.github.spl4j.data.FixMatchBatchLayout;
import io.github.spl4j.dl4j.schedule.FixMatchCosineSchedule;
import io.github.spl4j.loss.PseudoLabelDiagnostics;
import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;
import io.github.spl4j.weighting.SmoothRamp;

class SslMetricsListenerTest {
    private static final int B = 4;
    private static final int N = 8;

    static MultiLayerNetwork net() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Sgd(new FixMatchCosineSchedule(0.1, 10))).list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(new SmoothPseudoLabelLossFunction(new SmoothRamp(0.3, 1.0), 2.0))
                        .nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5)).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    static DataSet batch(long seed) {
        Random r = new Random(seed);
        INDArray lx = gaussian(r, B);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, B, 3);
        for (int i = 0; i < B; i++) {
            y.putScalar(i, r.nextInt(3), 1.0);
        }
        INDArray w = gaussian(r, N);
        return FixMatchBatchLayout.assemble(lx, y, w, w.add(0.1));
    }

    private static INDArray gaussian(Random r, int rows) {
        double[][] x = new double[rows][5];
        for (double[] row : x) {
            for (int k = 0; k < 5; k++) {
                row[k] = 3 * r.nextGaussian();
            }
        }
        return Nd4j.createFromArray(x);
    }

    @Test
    void metricsComeFromTheLossDiagnosticsAndGoToCsvAndConsumers(@TempDir Path dir) throws IOException {
        MultiLayerNetwork net = net();
        int[] truth = {0, 1, 2, 0, 1, 2, -1, 0};
        List<StepMetrics> seen = new ArrayList<>();
        Path csv = dir.resolve("metrics.csv");
        try (SslMetricsListener metrics = new SslMetricsListener.Builder().logEvery(2).csv(csv)
                .trueLabels(() -> truth).consumer(seen::add).build()) {
            net.addListeners(metrics);
            for (int i = 0; i < 3; i++) {
                net.fit(batch(i));
                PseudoLabelDiagnostics d = SslMetricsListener.findLoss(net).orElseThrow().getLastDiagnostics()
                        .orElseThrow();
                StepMetrics m = metrics.last();
                assertEquals(i, m.step());
                assertEquals(d.getSupervisedLoss(), m.supervisedLoss(), 0.0);
                assertEquals(d.getUnsupervisedLoss(), m.unsupervisedLoss(), 0.0);
                assertEquals(d.getSupervisedLoss() + 2.0 * d.getUnsupervisedLoss(), m.totalLoss(), 1e-12);
                assertEquals(d.getMeanWeight(), m.meanWeight(), 0.0);
                assertEquals(d.getFractionWeighted(), m.fractionWeighted(), 0.0);
                assertEquals(d.getMeanConfidence(), m.meanConfidence(), 0.0);
                int[] pseudo = d.getPseudoLabels();
                int correct = 0;
                for (int k = 0; k < N; k++) {
                    correct += truth[k] >= 0 && pseudo[k] == truth[k] ? 1 : 0;
                }
                assertEquals(correct / 7.0, m.pseudoLabelAccuracy(), 1e-15, "the unknown label (-1) is skipped");
                assertEquals(0.1 * Math.cos(7 * Math.PI * i / 160.0), m.learningRate(), 1e-15);
                assertTrue(m.stepSeconds() > 0);
            }
        }
        assertEquals(3, seen.size());
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(StepMetrics.CSV_HEADER, lines.get(0));
        assertEquals(4, lines.size());
        assertEquals(seen.get(2).toCsvRow(), lines.get(3));
        assertEquals(StepMetrics.CSV_HEADER.split(",").length, lines.get(1).split(",").length);
    }

    @Test
    void truncateDropsLaterStepsAndCutLines(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("m.csv");
        StringBuilder sb = new StringBuilder(StepMetrics.CSV_HEADER).append('\n');
        for (int s = 0; s < 5; s++) {
            sb.append(new StepMetrics(s, 1, 2, 3, 3, 0.5, 0.5, 0.9, Double.NaN, 0.03, 0.1).toCsvRow()).append('\n');
        }
        sb.append("5,1.0,2");
        Files.writeString(csv, sb.toString());
        SslMetricsListener.truncateCsv(csv, 3);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(4, lines.size());
        assertTrue(lines.get(3).startsWith("2,"));
        SslMetricsListener.truncateCsv(dir.resolve("absent.csv"), 0);
    }

    @Test
    void wrongTrueLabelCountIsReported() {
        MultiLayerNetwork net = net();
        net.addListeners(new SslMetricsListener.Builder().logEvery(0).trueLabels(() -> new int[3]).build());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.fit(batch(1)));
        assertTrue(e.getMessage().contains("gave 3 labels but the batch has 8"), e.getMessage());
    }

    @Test
    void validation() {
        assertEquals("logEvery must be >= 0 (0 = off), found -1", assertThrows(IllegalArgumentException.class,
                () -> new SslMetricsListener.Builder().logEvery(-1)).getMessage());
    }
}
