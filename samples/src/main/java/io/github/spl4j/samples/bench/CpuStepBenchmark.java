package io.github.spl4j.samples.bench;

import static io.github.spl4j.samples.bench.BenchSetup.processCpuNanos;
import static io.github.spl4j.samples.bench.BenchSetup.setThreads;
import static io.github.spl4j.samples.bench.BenchSetup.threadCpuNanos;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.MirroringPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import io.github.spl4j.dl4j.cpu.OneDnnSupport;
import io.github.spl4j.dl4j.layers.FastBatchNormalization;
import io.github.spl4j.dl4j.layers.LayerFlavor;
import io.github.spl4j.dl4j.models.SmallCnn;

/**
 * CPU training-step benchmark of the SmallCNN-16 (28×28×1, NHWC, {@code CacheMode.DEVICE}, oneDNN helpers on), three
 * networks in one process from the same initial weights and data: DL4J's stock layers (convolution, batch norm,
 * {@code ActivationLayer(LReLU)}), spl4j's fused batch norm + leaky ReLU with DL4J's convolution ("spl4j-bn"), all
 * spl4j layers with the batch norm's fused FLOAT passes switched off ("spl4j-nofuse", ND4J ops as before they
 * existed) and all spl4j layers ({@code FastConvolution} too, "spl4j"). For each row count it measures wall ms per {@code fit()} step with 2 threads
 * and process CPU-seconds per step with 1 thread (the number that matters on a shared machine), and per-layer forward
 * and backward CPU time with 1 thread.
 *
 * <p>Run: {@code java -cp … io.github.spl4j.samples.bench.CpuStepBenchmark [rows…]} (default 224 960). Reference on
 * the development machine: PyTorch 1.13 takes 0.213–0.217 CPU-s per step at 224 rows with 1 thread.
 */
public final class CpuStepBenchmark {
    /** PyTorch 1.13 CPU-seconds per SmallCNN step at 224 rows, 1 thread (midpoint of 0.213–0.217). */
    public static final double PYTORCH_CPU_S_224 = 0.215;
    /** PyTorch 1.13 wall ms per SmallCNN step at 224 rows, 2 threads, quiet machine (midpoint of 116–129). */
    public static final double PYTORCH_WALL_MS_224 = 122.5;
    /**
     * The networks, in result order: DL4J's stock layers, spl4j's batch norm with DL4J's convolution, all spl4j
     * layers.
     */
    public static final List<String> NETWORKS = List.of("dl4j-stock", "spl4j-bn", "spl4j-nofuse", "spl4j");
    private static final LayerFlavor[] FLAVORS = {LayerFlavor.DL4J_STOCK, LayerFlavor.SPL4J_BATCH_NORM_ONLY,
            LayerFlavor.SPL4J, LayerFlavor.SPL4J};
    /** Whether each network runs with FastBatchNormalization's fused FLOAT passes (off: ND4J ops). */
    private static final boolean[] FUSED_BN = {true, true, false, true};

    private static final String LAYER_WORKSPACE = "SPL4J_BENCH_LAYER";

    private final int warmupSteps;
    private final int measuredSteps;
    private final int repeats;

    /**
     * @param warmupSteps   steps before each measurement, {@code >= 0}
     * @param measuredSteps steps per measurement, {@code >= 1}
     * @param repeats       measurements per configuration (the minimum and median are reported), {@code >= 1}
     */
    public CpuStepBenchmark(int warmupSteps, int measuredSteps, int repeats) {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be >= 0, found " + warmupSteps);
        }
        if (measuredSteps < 1) {
            throw new IllegalArgumentException("measuredSteps must be >= 1, found " + measuredSteps);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, found " + repeats);
        }
        this.warmupSteps = warmupSteps;
        this.measuredSteps = measuredSteps;
        this.repeats = repeats;
    }

    /** Timing of one network at one row count. */
    public record StepResult(String network, int rows, double[] wallMs2Threads, double[] cpuS2Threads,
                             double[] cpuS1Thread, List<LayerTiming> layers) {
        /** @return median wall ms per step with 2 threads */
        public double wallMsMedian() {
            return median(wallMs2Threads);
        }

        /** @return median process CPU-seconds per step with 2 threads (spin-waiting threads show up here) */
        public double cpuS2ThreadsMedian() {
            return median(cpuS2Threads);
        }

        /** @return median process CPU-seconds per step with 1 thread */
        public double cpuSMedian() {
            return median(cpuS1Thread);
        }
    }

    /** Forward and backward CPU milliseconds of one layer (1 thread). */
    public record LayerTiming(int index, String type, double forwardMs, double backwardMs) {
    }

    /**
     * Runs the networks of {@link #NETWORKS} at every row count.
     *
     * @param rows row counts (minibatch sizes), each {@code >= 1}
     * @return for each row count, the results of {@link #NETWORKS} in that order
     */
    public List<StepResult> run(int... rows) {
        return run(true, rows);
    }

    /**
     * @param stepTiming false to skip the step timings (their arrays are then empty) and only time layers
     * @param rows       row counts, each {@code >= 1}
     * @return for each row count, the results of {@link #NETWORKS} in that order
     */
    public List<StepResult> run(boolean stepTiming, int... rows) {
        OneDnnSupport.ensureEnabled();
        String fusedBefore = System.getProperty(FastBatchNormalization.FUSED_KERNELS_PROPERTY);
        List<StepResult> results = new ArrayList<>();
        for (int n : rows) {
            if (n < 1) {
                throw new IllegalArgumentException("rows must be >= 1, found " + n);
            }
            INDArray x = images(n, 1);
            INDArray y = labels(n, 2);
            MultiLayerNetwork[] nets = new MultiLayerNetwork[FLAVORS.length];
            for (int k = 0; k < nets.length; k++) {
                nets[k] = new SmallCnn.Builder(42).layerFlavor(FLAVORS[k]).build();
                if (k > 0) {
                    nets[k].setParams(nets[0].params().dup());
                }
            }
            int reps = stepTiming ? repeats : 0;
            double[][][] times = new double[nets.length][3][reps];
            // interleave the networks so that load from other processes hits them alike
            for (int r = 0; r < reps; r++) {
                setThreads(2);
                for (int k = 0; k < nets.length; k++) {
                    fusedBatchNorm(FUSED_BN[k]);
                    double[] t = stepTimes(nets[k], x, y);
                    times[k][0][r] = t[0];
                    times[k][2][r] = t[1];
                }
                setThreads(1);
                for (int k = 0; k < nets.length; k++) {
                    fusedBatchNorm(FUSED_BN[k]);
                    times[k][1][r] = stepTimes(nets[k], x, y)[1];
                }
            }
            setThreads(1);
            for (int k = 0; k < nets.length; k++) {
                fusedBatchNorm(FUSED_BN[k]);
                results.add(new StepResult(NETWORKS.get(k), n, times[k][0], times[k][2], times[k][1],
                        layerTimes(nets[k], x, y)));
            }
            setThreads(2);
        }
        if (fusedBefore == null) { // leave the caller's setting as it was
            System.clearProperty(FastBatchNormalization.FUSED_KERNELS_PROPERTY);
        } else {
            System.setProperty(FastBatchNormalization.FUSED_KERNELS_PROPERTY, fusedBefore);
        }
        return results;
    }

    private static void fusedBatchNorm(boolean on) {
        System.setProperty(FastBatchNormalization.FUSED_KERNELS_PROPERTY, Boolean.toString(on));
    }

    /** @return {wall ms per step, process CPU-s per step} */
    private double[] stepTimes(MultiLayerNetwork net, INDArray x, INDArray y) {
        for (int i = 0; i < warmupSteps; i++) {
            net.fit(x, y);
        }
        long cpu0 = processCpuNanos();
        long wall0 = System.nanoTime();
        for (int i = 0; i < measuredSteps; i++) {
            net.fit(x, y);
        }
        long wall = System.nanoTime() - wall0;
        long cpu = processCpuNanos() - cpu0;
        return new double[] {wall / 1e6 / measuredSteps, cpu / 1e9 / measuredSteps};
    }

    /**
     * Per-layer forward/backward CPU time of the calling thread (with 1 thread the ops run on it; nanosecond
     * resolution, unlike process CPU time), averaged over {@code 2 × measuredSteps} runs. Each forward + backward
     * runs in one reused workspace, as in training: fresh off-heap allocations would add page-fault time that
     * {@code fit()} does not pay.
     */
    @SuppressWarnings("try") // the workspace scope is what matters
    private List<LayerTiming> layerTimes(MultiLayerNetwork net, INDArray x, INDArray y) {
        WorkspaceConfiguration wsConf = WorkspaceConfiguration.builder().initialSize(0).overallocationLimit(0.2)
                .policyAllocation(AllocationPolicy.OVERALLOCATE).policyLearning(LearningPolicy.FIRST_LOOP)
                .policyMirroring(MirroringPolicy.FULL).policySpill(SpillPolicy.REALLOCATE).build();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.builder().defaultWorkspace(LAYER_WORKSPACE, wsConf).build();
        net.fit(x, y); // sets up the gradient views
        List<INDArray> acts = net.feedForward(x, true);
        Layer[] layers = net.getLayers();
        List<LayerTiming> out = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            Layer l = layers[i];
            INDArray in = acts.get(i);
            INDArray eps = l instanceof IOutputLayer ? null : images(acts.get(i + 1).shape(), 3 + i);
            if (l instanceof IOutputLayer) {
                ((IOutputLayer) l).setLabels(y);
            }
            double fwd = 0;
            double bwd = 0;
            int runs = 2 * measuredSteps;
            for (int rep = 0; rep < warmupSteps + runs; rep++) {
                long t0;
                long t1;
                long t2;
                try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(wsConf,
                        LAYER_WORKSPACE)) {
                    t0 = threadCpuNanos();
                    l.setInput(in, mgr);
                    l.activate(true, mgr);
                    t1 = threadCpuNanos();
                    l.backpropGradient(eps, mgr);
                    t2 = threadCpuNanos();
                }
                if (rep >= warmupSteps) {
                    fwd += (t1 - t0) / 1e6;
                    bwd += (t2 - t1) / 1e6;
                }
            }
            out.add(new LayerTiming(i, l.getClass().getSimpleName(), fwd / runs, bwd / runs));
        }
        return out;
    }

    private static INDArray images(int rows, long seed) {
        return images(new long[] {rows, 28, 28, 1}, seed);
    }

    private static INDArray images(long[] shape, long seed) {
        Random r = new Random(seed);
        float[] data = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextFloat();
        }
        return Nd4j.create(data, shape, 'c');
    }

    private static INDArray labels(int rows, long seed) {
        Random r = new Random(seed);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, rows, 10);
        for (int i = 0; i < rows; i++) {
            labels.putScalar(i, r.nextInt(10), 1.0);
        }
        return labels;
    }

    /** @return the median, NaN when the step timings were skipped (empty array) */
    private static double median(double[] values) {
        return values.length == 0 ? Double.NaN : BenchStats.of(values).median();
    }

    /**
     * Prints the benchmark tables.
     *
     * @param args row counts (default 224 960); system properties {@code bench.warmup} (3), {@code bench.steps}
     *             (10), {@code bench.repeats} (3) and {@code bench.layersOnly} (false)
     */
    public static void main(String[] args) {
        int[] rows = args.length == 0 ? new int[] {224, 960} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        CpuStepBenchmark bench = new CpuStepBenchmark(Integer.getInteger("bench.warmup", 3),
                Integer.getInteger("bench.steps", 10), Integer.getInteger("bench.repeats", 3));
        List<StepResult> results = bench.run(!Boolean.getBoolean("bench.layersOnly"), rows);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "load average at start: %s%n", loadAverage()));
        sb.append(String.format(Locale.ROOT, "%-11s %5s %22s %26s %20s%n", "network", "rows",
                "wall ms/step (2 thr)", "CPU-s/step (1 thr)", "CPU-s/step (2 thr)"));
        for (StepResult r : results) {
            sb.append(String.format(Locale.ROOT, "%-11s %5d %8.1f  %-12s %8.3f  %-16s %8.3f%n", r.network(),
                    r.rows(), r.wallMsMedian(), fmt(r.wallMs2Threads(), 0), r.cpuSMedian(), fmt(r.cpuS1Thread(), 3),
                    r.cpuS2ThreadsMedian()));
        }
        int per = NETWORKS.size();
        for (int i = 0; i + per - 1 < results.size(); i += per) {
            StepResult stock = results.get(i);
            for (int k = 0; k < per; k++) {
                StepResult r = results.get(i + k);
                sb.append(String.format(Locale.ROOT, "rows %d %-11s vs stock: wall %.2f, CPU %.2f", r.rows(),
                        r.network(), r.wallMsMedian() / stock.wallMsMedian(), r.cpuSMedian() / stock.cpuSMedian()));
                if (r.rows() == 224) {
                    sb.append(String.format(Locale.ROOT, "; vs PyTorch: wall %.2f, CPU %.2f",
                            r.wallMsMedian() / PYTORCH_WALL_MS_224, r.cpuSMedian() / PYTORCH_CPU_S_224));
                }
                sb.append(System.lineSeparator());
            }
        }
        for (StepResult r : results) {
            sb.append(String.format(Locale.ROOT, "%nper-layer thread CPU ms (1 thread), %s, %d rows%n", r.network(),
                    r.rows()));
            double f = 0;
            double b = 0;
            for (LayerTiming t : r.layers()) {
                sb.append(String.format(Locale.ROOT, "  %2d %-28s fwd %8.2f  bwd %8.2f%n", t.index(), t.type(),
                        t.forwardMs(), t.backwardMs()));
                f += t.forwardMs();
                b += t.backwardMs();
            }
            sb.append(String.format(Locale.ROOT, "     %-28s fwd %8.2f  bwd %8.2f%n", "total", f, b));
            java.util.Map<String, double[]> byType = new java.util.TreeMap<>();
            for (LayerTiming t : r.layers()) {
                double[] sum = byType.computeIfAbsent(t.type(), k -> new double[3]);
                sum[0] += t.forwardMs();
                sum[1] += t.backwardMs();
                sum[2]++;
            }
            for (java.util.Map.Entry<String, double[]> e : byType.entrySet()) {
                sb.append(String.format(Locale.ROOT, "     %-24s x%d fwd %8.2f  bwd %8.2f%n", e.getKey(),
                        (int) e.getValue()[2], e.getValue()[0], e.getValue()[1]));
            }
        }
        System.out.print(sb);
    }

    private static String loadAverage() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f (1 min)", l);
    }

    private static String fmt(double[] v, int decimals) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(String.format(Locale.ROOT, "%." + decimals + "f", v[i]));
            if (i + 1 < v.length) {
                sb.append(' ');
            }
        }
        return sb.append(']').toString();
    }
}
