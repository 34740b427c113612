package io.github.spl4j.samples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.spl4j.dl4j.metrics.StepMetrics;
import io.github.spl4j.dl4j.train.FixMatchConfig;
import io.github.spl4j.dl4j.train.FixMatchTrainer;
import io.github.spl4j.dl4j.train.TrainingProgressListener;

/**
 * Memory over a long run of the real trainer pipeline ({@link FixMatchTrainer}: Fashion-MNIST, 40 balanced labels,
 * SmallCNN-16, Smooth FixMatch, B = 32, unlabeled ratio 3, the {@code FixMatchDataSetIterator} with 2 augmentation
 * workers, EMA teacher, metrics CSV, evaluations on 1,000 test images and checkpoints every tenth of the run, so
 * that the first ones come before the flatness reference point at 20%). Every {@code every} steps, on the training
 * thread, it records after {@link System#gc()}: heap used, the current size of
 * the training thread's ND4J workspaces, JavaCPP's tracked off-heap bytes ({@link Pointer#totalBytes()}) and the
 * process resident set size (RSS, {@code VmRSS} of {@code /proc/self/status}, else {@link Pointer#physicalBytes()}).
 * The samples go to a CSV (written to a temporary name, then renamed) and each series gets a {@link FlatnessVerdict}.
 */
public final class MemoryBenchmark {
    private static final Logger log = LoggerFactory.getLogger(MemoryBenchmark.class);
    /** Header of the CSV, sizes in MiB. */
    public static final String CSV_HEADER = "step,elapsed_s,heap_used_mib,heap_committed_mib,workspaces_mib,"
            + "javacpp_total_mib,rss_mib";
    /** Samples per run (plus one after the first step). */
    public static final int SAMPLES = 100;
    private static final double MIB = 1024.0 * 1024.0;

    private MemoryBenchmark() {
    }

    /** One sample, sizes in MiB. */
    record Sample(long step, double elapsedS, double heapUsed, double heapCommitted, double workspaces,
                  double javacppTotal, double rss) {
        String csv() {
            return String.format(Locale.ROOT, "%d,%.1f,%.2f,%.2f,%.2f,%.2f,%.2f", step, elapsedS, heapUsed,
                    heapCommitted, workspaces, javacppTotal, rss);
        }
    }

    /**
     * Runs the trainer for {@code steps} steps and writes {@code csv}.
     *
     * @param steps training steps, {@code >= 100}
     * @param csv   the CSV to write
     * @return the report (the verdict lines)
     */
    public static String run(int steps, Path csv) {
        if (steps < 100) {
            throw new IllegalArgumentException("steps must be >= 100, found " + steps);
        }
        int every = Math.max(1, steps / SAMPLES);
        Path dir;
        try {
            dir = Files.createTempDirectory("spl4j-bench-memory");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Sample> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        TrainingProgressListener sampler = new TrainingProgressListener() {
            @Override
            public void onStep(long stepsDone, long totalSteps, StepMetrics metrics) {
                if (stepsDone == 1 || stepsDone % every == 0) {
                    samples.add(sample(stepsDone, (System.nanoTime() - t0) / 1e9));
                    if (samples.size() % 10 == 0) {
                        log.info("memory: {}", samples.get(samples.size() - 1));
                    }
                }
            }
        };
        // first evaluation and checkpoint at 10% of the run, before FlatnessVerdict's reference point at 20%
        int tenth = Math.max(1, steps / 10);
        FixMatchConfig config = FixMatchConfig.builder().batchSize(32).unlabeledRatio(3).steps(steps)
                .evalInterval(tenth).medianOfLast(1).checkpointInterval(tenth).keepCheckpoints(1)
                .outputDir(dir.toString()).build();
        try {
            FixMatchTrainer.builder(config).testLimit(1000).progress(sampler).build().run();
        } finally {
            deleteTree(dir);
        }
        writeCsv(csv, samples);
        return report(samples, steps, every, csv);
    }

    static Sample sample(long step, double elapsedS) {
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long ws = 0;
        for (MemoryWorkspace w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            ws += w.getCurrentSize();
        }
        return new Sample(step, elapsedS, heap.getUsed() / MIB, heap.getCommitted() / MIB, ws / MIB,
                Pointer.totalBytes() / MIB, rssBytes() / MIB);
    }

    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            log.debug("no /proc/self/status, using JavaCPP's physicalBytes: {}", e.toString());
        }
        return Pointer.physicalBytes();
    }

    private static String report(List<Sample> samples, int steps, int every, Path csv) {
        long[] s = samples.stream().mapToLong(Sample::step).toArray();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "Memory over %d trainer steps (SmallCNN-16, B=32, ratio 3), sampled after System.gc() every %d "
                        + "steps -> %s%nRule: FLAT if the least-squares line from %.0f%% of the run to the end rises "
                        + "by at most max(%.0f%% of its start, %.0f MiB)"
                        + "%n", steps, every, csv, 100 * FlatnessVerdict.DEFAULT_REFERENCE_FRACTION,
                100 * FlatnessVerdict.DEFAULT_RELATIVE_TOLERANCE, FlatnessVerdict.DEFAULT_ABSOLUTE_TOLERANCE_MIB));
        line(sb, "heap used", s, samples.stream().mapToDouble(Sample::heapUsed).toArray(), steps);
        line(sb, "ND4J workspaces", s, samples.stream().mapToDouble(Sample::workspaces).toArray(), steps);
        line(sb, "JavaCPP totalBytes", s, samples.stream().mapToDouble(Sample::javacppTotal).toArray(), steps);
        line(sb, "process RSS", s, samples.stream().mapToDouble(Sample::rss).toArray(), steps);
        sb.append(String.format(Locale.ROOT, "MALLOC_ARENA_MAX=%s, %.0f s for %d steps%n",
                System.getenv().getOrDefault("MALLOC_ARENA_MAX", "(unset)"),
                samples.get(samples.size() - 1).elapsedS(), steps));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String what, long[] steps, double[] values, int total) {
        sb.append(FlatnessVerdict.of(steps, values).describe(what, total)).append(System.lineSeparator());
    }

    private static void writeCsv(Path csv, List<Sample> samples) {
        try {
            Path parent = csv.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, csv.getFileName().toString(), ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(CSV_HEADER + "\n");
                for (Sample s : samples) {
                    w.write(s.csv() + "\n");
                }
            }
            Files.move(tmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + csv + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    /**
     * Runs the benchmark and prints the report.
     *
     * @param steps training steps, {@code >= 100}
     * @param csv   the CSV to write
     */
    public static void main(int steps, Path csv) {
        System.out.print(run(steps, csv));
    }
}
