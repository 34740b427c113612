package io.github.spl4j.samples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import io.github.spl4j.dl4j.models.WideResNet;
import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;
import io.github.spl4j.weighting.SmoothRamp;

/**
 * Issue #9 item 2, training throughput on random 32×32×3 FixMatch batches with the Smooth FixMatch loss (SmoothRamp
 * τ 0.95): SmallCNN widths 16 and 32 at (B = 32, ratio 3) and (B = 64, ratio 7), and WideResNet-28-2 at (B = 64,
 * ratio 7). For each: steps/s and images/s (B + ratio·B distinct images per step; each unlabelled image gives two
 * rows) from wall time with 2 threads, and process CPU-seconds per step with 1 thread. One warm-up step each.
 */
public final class ThroughputBenchmark {
    /** Default measured SmallCNN steps per thread count. */
    public static final int DEFAULT_STEPS = 5;
    /** Default measured WRN-28-2 steps per thread count (0 skips it). */
    public static final int DEFAULT_WRN_STEPS = 2;
    private static final int SIZE = 32;
    private static final int CHANNELS = 3;

    private ThroughputBenchmark() {
    }

    private record Config(String name, int b, int ratio, boolean wrn, Supplier<Model> net) {
    }

    /**
     * Runs the benchmark and prints the table.
     *
     * @param steps    measured SmallCNN steps per thread count, {@code >= 1}
     * @param wrnSteps measured WRN-28-2 steps per thread count, {@code >= 0} (0 skips it)
     */
    public static void main(int steps, int wrnSteps) {
        List<Config> configs = new ArrayList<>();
        for (int[] bRatio : new int[][] {{32, 3}, {64, 7}}) {
            for (int width : new int[] {16, 32}) {
                configs.add(new Config("SmallCNN-" + width, bRatio[0], bRatio[1], false,
                        () -> BenchSetup.smallCnn(width, SIZE, CHANNELS, loss())));
            }
        }
        if (wrnSteps > 0) {
            configs.add(new Config("WRN-28-2", 64, 7, true, () -> new WideResNet.Builder(42).lossFunction(loss())
                    .build()));
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Training throughput, random %dx%dx%d, "
                        + "Smooth FixMatch loss; wall with 2 threads, CPU with 1 thread; %d steps (WRN %d) after 1 "
                        + "warm-up%n%-12s %4s %5s %5s %8s | %10s %8s %9s | %11s %11s%n", SIZE, SIZE, CHANNELS, steps,
                wrnSteps, "network", "B", "ratio", "rows", "params", "wall ms", "steps/s", "images/s",
                "CPU-s/step", "img/CPU-s"));
        System.out.print(sb);
        for (Config c : configs) {
            int rows = BenchSetup.rows(c.b(), c.ratio());
            int images = c.b() + c.ratio() * c.b();
            int n = c.wrn() ? wrnSteps : steps;
            INDArray x = BenchSetup.images(rows, SIZE, CHANNELS, 1);
            INDArray y = BenchSetup.fixMatchLabels(c.b(), c.ratio(), 2);
            Model net = c.net().get();
            BenchSetup.setThreads(2);
            fit(net, x, y);
            double wall = time(net, x, y, n)[0];
            BenchSetup.setThreads(1);
            double cpu = time(net, x, y, n)[1];
            BenchSetup.setThreads(2);
            System.out.printf(Locale.ROOT, "%-12s %4d %5d %5d %8d | %10.0f %8.2f %9.0f | %11.3f %11.0f%n", c.name(),
                    c.b(), c.ratio(), rows, net.numParams(), wall * 1e3, 1 / wall, images / wall, cpu, images / cpu);
            System.out.flush();
        }
    }

    private static SmoothPseudoLabelLossFunction loss() {
        return new SmoothPseudoLabelLossFunction(SmoothRamp.linear(0.95), 1.0);
    }

    private static void fit(Model net, INDArray x, INDArray y) {
        if (net instanceof ComputationGraph g) {
            g.fit(new INDArray[] {x}, new INDArray[] {y});
        } else {
            ((MultiLayerNetwork) net).fit(x, y);
        }
    }

    /** @return {wall seconds per step, process CPU-seconds per step} */
    private static double[] time(Model net, INDArray x, INDArray y, int steps) {
        long cpu0 = BenchSetup.processCpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            fit(net, x, y);
        }
        return new double[] {(System.nanoTime() - t0) / 1e9 / steps, (BenchSetup.processCpuNanos() - cpu0) / 1e9
                / steps};
    }
}
