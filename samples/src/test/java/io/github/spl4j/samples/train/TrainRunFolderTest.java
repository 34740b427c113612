package io.github.spl4j.samples.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spl4j.data.FashionMnistReader;
import io.github.spl4j.data.Subset;
import io.github.spl4j.samples.SplApp;
import io.github.spl4j.samples.cli.CliRunner;
import io.github.spl4j.samples.report.MetricsTable;
import io.github.spl4j.samples.report.MetricsTable.Metric;
import io.github.spl4j.samples.report.RunPlots;
import io.github.spl4j.samples.report.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short seeded {@code spl train} on a small Fashion-MNIST subset (needs Debian's dataset-fashion-mnist, which CI
 * installs), and an interrupted run resumed to the end. About a minute on 2 cores.
 */
class TrainRunFolderTest {
    private static final String[] SMALL = {"--train-subset", "600", "--test-subset", "200", "--labels", "20",
        "--batch", "8", "--unlabeled-ratio", "2", "--eval-every", "6", "--checkpoint-every", "6", "--seed", "3",
        "--no-progress"};

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsFashionMnist() {
        FashionMnistReader r = new FashionMnistReader();
        org.junit.jupiter.api.Assumptions.assumeTrue(r.isAvailable(Subset.TRAIN) && r.isAvailable(Subset.TEST),
                "Fashion-MNIST is not installed: sudo apt-get install -y dataset-fashion-mnist");
    }

    private static String[] args(String... head) {
        String[] all = new String[head.length + SMALL.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(SMALL, 0, all, head.length, SMALL.length);
        return all;
    }

    @Test
    void shortRunWritesEveryFileWithSaneContent() throws IOException {
        Path run = tmp.resolve("run");
        CliRunner.Result r = CliRunner.run(args("train", "--steps", "18", "--out", run.toString()));
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("config.json", "split.json", "metrics.csv", "model.zip", "teacher.zip",
                "normalization.json", "confidences.csv", "report.md")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f + " missing");
        }
        List<Path> checkpoints = FixMatchRun.checkpoints(run);
        assertEquals(List.of("step-0000012", "step-0000018"),
                checkpoints.stream().map(p -> p.getFileName().toString()).toList());

        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(FixMatchRun.METRICS_HEADER, lines.get(0));
        MetricsTable m = MetricsTable.read(run.resolve("metrics.csv"));
        assertEquals(18, m.rows());
        assertArrayEquals(LongStream.rangeClosed(1, 18).asDoubleStream().toArray(), m.column(Metric.STEP));
        for (Metric metric : List.of(Metric.LOSS, Metric.LS, Metric.LU, Metric.MEAN_WEIGHT, Metric.LR)) {
            for (double v : m.column(metric)) {
                assertTrue(Double.isFinite(v) && v >= 0, metric + " = " + v);
            }
        }
        double[] loss = m.column(Metric.LOSS);
        double[] ls = m.column(Metric.LS);
        double[] lu = m.column(Metric.LU);
        for (int i = 0; i < loss.length; i++) {
            assertEquals(ls[i] + lu[i], loss[i], 1e-4 * Math.max(1, loss[i]), "L = Ls + lambdaU Lu at row " + i);
        }
        double[][] teacher = m.series(Metric.TEACHER_ERROR);
        assertArrayEquals(new double[] {6, 12, 18}, teacher[0]);
        for (double e : teacher[1]) {
            assertTrue(e >= 0 && e <= 1, "error " + e);
        }
        assertEquals(0.03, m.column(Metric.LR)[0], 1e-9);
        assertTrue(m.column(Metric.LR)[17] < 0.03);

        String md = Files.readString(run.resolve("report.md"));
        RunReport.Summary s = RunReport.Summary.of(m, RunReport.DEFAULT_MEDIAN_OF);
        Matcher row = Pattern.compile("\\| teacher \\(EMA\\) \\| ([0-9.]+) \\| ([0-9.]+) \\|").matcher(md);
        assertTrue(row.find(), md);
        assertEquals(RunReport.pct(teacher[1][2]), row.group(1));
        assertEquals(RunReport.pct(MetricsTable.median(teacher[1])), row.group(2));
        Matcher student = Pattern.compile("\\| student \\| ([0-9.]+) \\| ([0-9.]+) \\|").matcher(md);
        assertTrue(student.find(), md);
        assertEquals(RunReport.pct(s.medianStudentError()), student.group(2));
        for (String p : List.of(RunPlots.LEARNING_CURVES, RunPlots.MASK_RATE, RunPlots.WEIGHTING,
                RunPlots.CONFIDENCE_HISTOGRAM)) {
            BufferedImage img = ImageIO.read(run.resolve(p).toFile());
            assertEquals(RunPlots.WIDTH, img.getWidth(), p);
            assertEquals(RunPlots.HEIGHT, img.getHeight(), p);
        }
        assertEquals(Math.min(FixMatchRun.CONFIDENCE_IMAGES, 600) + 1,
                Files.readAllLines(run.resolve("confidences.csv")).size());
        assertTrue(r.out().contains("Done: 18 steps"), r.out());

        CliRunner.Result eval = CliRunner.run("evaluate", run.resolve("teacher.zip").toString(), "--test-subset",
                "200");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("Test error: " + RunReport.pct(teacher[1][2]) + "%"), eval.out());
        assertTrue(eval.out().contains("| Trouser |"), eval.out());
        assertTrue(eval.out().contains("Confusion matrix"), eval.out());
    }

    @Test
    void interruptedRunResumesAtTheCheckpointStep() throws IOException {
        Path run = tmp.resolve("run");
        CliRunner.Result first = CliRunner.run(args("train", "--steps", "18", "--out", run.toString(),
                "--stop-after", "8"));
        assertEquals(SplApp.EXIT_INTERRUPTED, first.code(), first.err());
        assertTrue(first.err().contains("Stopped at step 8"), first.err());
        assertEquals(List.of("step-0000006", "step-0000008"),
                FixMatchRun.checkpoints(run).stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(8, MetricsTable.read(run.resolve("metrics.csv")).rows());
        assertTrue(!Files.exists(run.resolve("report.md")));

        CliRunner.Result again = CliRunner.run(args("train", "--steps", "18", "--out", run.toString()));
        assertEquals(2, again.code());
        assertTrue(again.err().contains("resume it with spl resume"), again.err());

        CliRunner.Result resumed = CliRunner.run("resume", run.toString(), "--no-progress");
        assertEquals(0, resumed.code(), resumed.err());
        MetricsTable m = MetricsTable.read(run.resolve("metrics.csv"));
        assertArrayEquals(LongStream.rangeClosed(1, 18).asDoubleStream().toArray(), m.column(Metric.STEP));
        assertArrayEquals(new double[] {6, 12, 18}, m.series(Metric.TEACHER_ERROR)[0]);
        // the learning rate continues the schedule of the whole run, not a fresh one
        assertEquals(0.03 * Math.cos(7 * Math.PI * 8 / (16.0 * 18)), m.column(Metric.LR)[8], 1e-6);
        assertTrue(Files.isRegularFile(run.resolve("report.md")));
        CliRunner.Result done = CliRunner.run("resume", run.toString());
        assertEquals(0, done.code());
        assertTrue(done.err().contains("already complete"), done.err());
    }
}
