package io.github.spl4j.samples.bench;

import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;
import io.github.spl4j.weighting.HardThreshold;
import io.github.spl4j.weighting.SmoothRamp;

/**
 * Issue #9 item 1, loss overhead in a full training step: one SmallCNN-16 {@code fit()} (28×28×1, 224 rows = B 32,
 * unlabeled ratio 3) with {@link SmoothPseudoLabelLossFunction} + {@link SmoothRamp} (τ 0.95, µ 1) vs + {@link
 * HardThreshold} (τ 0.95) vs DL4J's supervised {@link LossMCXENT} on the same 224 rows (every row with a one-hot
 * label), all three from the same initial weights and the same images, in one process. The variants are interleaved
 * within every repeat (their order rotates) so that load from other processes hits all alike. Per repeat and variant
 * it measures the calling thread's and the process's CPU-seconds per step with 1 thread and wall ms per step with
 * 2 threads; the ratios are taken per repeat and summarised as median [min-max]. Goal: Smooth/Hard ≤
 * {@value #GOAL_SMOOTH_OVER_HARD}, judged on the 1-thread thread CPU time.
 */
public final class LossStepBenchmark {
    /** Default measured steps per variant, thread count and repeat. */
    public static final int DEFAULT_STEPS = 6;
    /** Default repeats. */
    public static final int DEFAULT_REPEATS = 7;
    /** Issue #9's goal for the full-step time ratio Smooth/Hard. */
    public static final double GOAL_SMOOTH_OVER_HARD = 1.02;
    private static final int B = 32;
    private static final int RATIO = 3;
    private static final int WARMUP = 2;
    private static final String[] NAMES = {"SmoothRamp", "HardThreshold", "LossMCXENT"};

    private LossStepBenchmark() {
    }

    /**
     * Runs the benchmark and prints the table, the ratios and the verdict.
     *
     * @param steps   measured steps per variant, thread count and repeat, {@code >= 1}
     * @param repeats repeats, {@code >= 1}
     */
    public static void main(int steps, int repeats) {
        int rows = BenchSetup.rows(B, RATIO);
        INDArray x = BenchSetup.images(rows, 28, 1, 1);
        INDArray fixMatch = BenchSetup.fixMatchLabels(B, RATIO, 2);
        INDArray supervised = BenchSetup.supervisedLabels(rows, 2);
        ILossFunction[] losses = {new SmoothPseudoLabelLossFunction(SmoothRamp.linear(0.95), 1.0),
                new SmoothPseudoLabelLossFunction(new HardThreshold(0.95), 1.0), new LossMCXENT()};
        INDArray[] labels = {fixMatch, fixMatch, supervised};
        MultiLayerNetwork[] nets = new MultiLayerNetwork[losses.length];
        for (int v = 0; v < nets.length; v++) {
            nets[v] = BenchSetup.smallCnn(16, 28, 1, losses[v]);
            if (v > 0) {
                nets[v].setParams(nets[0].params().dup());
            }
        }
        double[][] cpu = new double[nets.length][repeats];
        double[][] threadCpu = new double[nets.length][repeats];
        double[][] wall = new double[nets.length][repeats];
        for (int r = 0; r < repeats; r++) {
            for (int k = 0; k < nets.length; k++) {
                int v = (k + r) % nets.length;
                BenchSetup.setThreads(2);
                wall[v][r] = time(nets[v], x, labels[v], steps)[0] * 1e3;
                BenchSetup.setThreads(1);
                double[] t = time(nets[v], x, labels[v], steps);
                cpu[v][r] = t[1];
                threadCpu[v][r] = t[2];
            }
        }
        BenchSetup.setThreads(2);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Full SmallCNN-16 training step, 28x28x1, "
                        + "%d rows (B=%d, ratio %d); LossMCXENT on the same %d rows with one-hot labels; %d repeats x "
                        + "%d steps, interleaved; median [min-max]%n%-14s %-26s %-26s %-26s%n", rows, B, RATIO, rows,
                repeats, steps, "variant", "thread CPU-s (1 thread)", "process CPU-s (1 thread)",
                "wall ms/step (2 threads)"));
        for (int v = 0; v < nets.length; v++) {
            sb.append(String.format(Locale.ROOT, "%-14s %-26s %-26s %-26s%n", NAMES[v],
                    BenchStats.of(threadCpu[v]).format(4), BenchStats.of(cpu[v]).format(3),
                    BenchStats.of(wall[v]).format(1)));
        }
        BenchStats smoothHardCpu = ratios(threadCpu[0], threadCpu[1]);
        BenchStats smoothHardWall = ratios(wall[0], wall[1]);
        String ratioLine = "%-15s thread CPU %s, process CPU %s, wall 2 threads %s%n";
        sb.append(String.format(Locale.ROOT, ratioLine, "Smooth/Hard", smoothHardCpu.format(3),
                ratios(cpu[0], cpu[1]).format(3), smoothHardWall.format(3)));
        sb.append(String.format(Locale.ROOT, ratioLine, "Smooth/MCXENT", ratios(threadCpu[0], threadCpu[2]).format(3),
                ratios(cpu[0], cpu[2]).format(3), ratios(wall[0], wall[2]).format(3)));
        sb.append(String.format(Locale.ROOT, ratioLine, "Hard/MCXENT", ratios(threadCpu[1], threadCpu[2]).format(3),
                ratios(cpu[1], cpu[2]).format(3), ratios(wall[1], wall[2]).format(3)));
        sb.append(String.format(Locale.ROOT, "Goal Smooth/Hard <= %.2f (median per-repeat ratio of "
                        + "1-thread thread CPU): %.3f -> %s%n", GOAL_SMOOTH_OVER_HARD, smoothHardCpu.median(),
                smoothHardCpu.median() <= GOAL_SMOOTH_OVER_HARD ? "HOLDS" : "FAILS"));
        System.out.print(sb);
    }

    /** @return per-repeat ratios a[r] / b[r] */
    static BenchStats ratios(double[] a, double[] b) {
        double[] q = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            q[r] = a[r] / b[r];
        }
        return BenchStats.of(q);
    }

    /**
     * @return {wall seconds, process CPU-seconds, calling thread's CPU-seconds} per step after {@value #WARMUP}
     * warm-up steps (with 1 thread the ops run on the calling thread, and thread CPU time has nanosecond resolution
     * where process CPU time counts in scheduler ticks)
     */
    private static double[] time(MultiLayerNetwork net, INDArray x, INDArray y, int steps) {
        for (int i = 0; i < WARMUP; i++) {
            net.fit(x, y);
        }
        long cpu0 = BenchSetup.processCpuNanos();
        long thread0 = BenchSetup.threadCpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(x, y);
        }
        long t1 = System.nanoTime();
        long thread1 = BenchSetup.threadCpuNanos();
        long cpu1 = BenchSetup.processCpuNanos();
        return new double[] {(t1 - t0) / 1e9 / steps, (cpu1 - cpu0) / 1e9 / steps, (thread1 - thread0) / 1e9 / steps};
    }
}
