package io.github.spl4j.samples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;
import io.github.spl4j.weighting.HardThreshold;
import io.github.spl4j.weighting.SmoothRamp;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micro-benchmark of one loss forward + backward (score and gradient, as DL4J calls them in {@code fit()}) on a
 * FixMatch batch: SmoothRamp vs HardThreshold vs DL4J's {@link LossMCXENT} on the same rows, interleaved in one
 * process so the ratios are fair on a noisy machine. Reports the median wall time and the median thread CPU time.
 */
public final class LossBenchmark {
    private static final Logger log = LoggerFactory.getLogger(LossBenchmark.class);

    /** One measured variant. */
    public static final class Result {
        final String name;
        final double medianWallMicros;
        final double medianCpuMicros;

        Result(String name, double medianWallMicros, double medianCpuMicros) {
            this.name = name;
            this.medianWallMicros = medianWallMicros;
            this.medianCpuMicros = medianCpuMicros;
        }

        /** @return the variant name */
        public String name() {
            return name;
        }

        /** @return median wall time of one forward + backward, microseconds */
        public double medianWallMicros() {
            return medianWallMicros;
        }

        /** @return median thread CPU time of one forward + backward, microseconds */
        public double medianCpuMicros() {
            return medianCpuMicros;
        }
    }

    private LossBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param rows    rows of the batch (B + 2N); the first {@code rows / 15} rows are labelled (B = 64, N = 448
     *                gives 960)
     * @param classes number of classes
     * @param rounds  measured rounds per variant, interleaved
     * @return one result per variant: SmoothRamp, HardThreshold, LossMCXENT
     */
    public static List<Result> run(int rows, int classes, int rounds) {
        int b = rows / 15;
        int n = (rows - b) / 2;
        int total = b + 2 * n;
        Random random = new Random(1);
        float[][] z = new float[total][classes];
        float[][] fixMatchLabels = new float[total][classes];
        float[][] supervisedLabels = new float[total][classes];
        for (int r = 0; r < total; r++) {
            for (int k = 0; k < classes; k++) {
                z[r][k] = (float) (3 * random.nextGaussian());
            }
            int y = random.nextInt(classes);
            supervisedLabels[r][y] = 1;
            if (r < b) {
                fixMatchLabels[r][y] = 1;
            }
        }
        INDArray preOutput = Nd4j.createFromArray(z);
        INDArray fmLabels = Nd4j.createFromArray(fixMatchLabels);
        INDArray supLabels = Nd4j.createFromArray(supervisedLabels);
        IActivation softmax = new ActivationSoftmax();
        ILossFunction[] losses = {new SmoothPseudoLabelLossFunction(SmoothRamp.linear(0.95), 1.0),
                new SmoothPseudoLabelLossFunction(new HardThreshold(0.95), 1.0), new LossMCXENT()};
        INDArray[] labels = {fmLabels, fmLabels, supLabels};
        String[] names = {"SmoothRamp", "HardThreshold", "LossMCXENT"};
        int inner = 20;
        double[][] wall = new double[losses.length][rounds];
        double[][] cpu = new double[losses.length][rounds];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = -rounds / 2; round < rounds; round++) {   // negative rounds are warm-up
            for (int v = 0; v < losses.length; v++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (int i = 0; i < inner; i++) {
                    losses[v].computeScore(labels[v], preOutput, softmax, null, false);
                    losses[v].computeGradient(labels[v], preOutput, softmax, null);
                }
                long t1 = System.nanoTime();
                long cpu1 = threads.getCurrentThreadCpuTime();
                if (round >= 0) {
                    wall[v][round] = (t1 - t0) / 1e3 / inner;
                    cpu[v][round] = (cpu1 - cpu0) / 1e3 / inner;
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (int v = 0; v < losses.length; v++) {
            results.add(new Result(names[v], median(wall[v]), median(cpu[v])));
        }
        return results;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * Prints the table and the ratios.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        List<Result> results = run(960, 10, 200);
        Result hard = results.get(1);
        Result mcxent = results.get(2);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Loss forward+backward, 960x10 float, median of 200 rounds x 20 calls%n"
                        + "%-14s %12s %12s %10s %10s%n", "variant", "wall us", "cpu us", "vs Hard", "vs MCXENT"));
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "%-14s %12.1f %12.1f %10.3f %10.3f%n", r.name,
                    r.medianWallMicros, r.medianCpuMicros, r.medianCpuMicros / hard.medianCpuMicros,
                    r.medianCpuMicros / mcxent.medianCpuMicros));
        }
        log.info("\n{}", out);
    }
}
