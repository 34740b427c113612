package io.github.spl4j.samples.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spl4j.data.FashionMnistReader;
import io.github.spl4j.data.Subset;
import io.github.spl4j.dl4j.metrics.StepMetrics;
import io.github.spl4j.samples.SplApp;
import io.github.spl4j.samples.cli.CliRunner;
import io.github.spl4j.samples.report.MetricsTable;
import io.github.spl4j.samples.report.MetricsTable.Metric;
import io.github.spl4j.samples.report.RunPlots;
import io.github.spl4j.samples.report.RunReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short seeded {@code spl train} on a small Fashion-MNIST subset (needs Debian's dataset-fashion-mnist, which CI
 * installs): every file of the run folder with sane content; and the same run interrupted and resumed, which must
 * continue at the checkpoint's step and end with the same losses. About a minute on 2 cores.
 */
class TrainRunFolderTest {
    private static final String[] SMALL = {"--steps", "18", "--train-subset", "600", "--test-subset", "200",
        "--labels", "20", "--batch", "8", "--unlabeled-ratio", "2", "--eval-every", "6", "--checkpoint-every", "6",
        "--seed", "3", "--no-progress"};

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
    void shortRunWritesEveryFileAndAnInterruptedRunResumesAtItsCheckpoint() throws IOException {
        Path run = tmp.resolve("run");
        CliRunner.Result r = CliRunner.run(args("train", "--out", run.toString()));
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("config.json", "split.json", "metrics.csv", "evaluations.csv", "model-student.zip",
                "model-teacher.zip", "normalization.json", "confidences.csv", "report.md", RunSource.FILE)) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f + " missing");
        }
        assertEquals(3, AppRun.checkpoints(run).size());

        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(StepMetrics.CSV_HEADER, lines.get(0));
        MetricsTable m = MetricsTable.readRun(run);
        assertEquals(18, m.rows());
        assertArrayEquals(LongStream.rangeClosed(1, 18).asDoubleStream().toArray(), m.column(Metric.STEP));
        for (Metric metric : List.of(Metric.LOSS, Metric.LS, Metric.LU, Metric.MEAN_WEIGHT, Metric.LR,
                Metric.STEP_SECONDS)) {
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

        String md = Files.readString(run.resolve("report.md"));
        RunReport.Summary s = RunReport.Summary.of(m, 3);
        Matcher row = Pattern.compile("\\| teacher \\(EMA\\) \\| ([0-9.]+) \\| ([0-9.]+) \\|").matcher(md);
        assertTrue(row.find(), md);
        assertEquals(RunReport.pct(teacher[1][2]), row.group(1));
        assertEquals(RunReport.pct(MetricsTable.median(teacher[1])), row.group(2));
        Matcher student = Pattern.compile("\\| student \\| ([0-9.]+) \\| ([0-9.]+) \\|").matcher(md);
        assertTrue(student.find(), md);
        assertEquals(RunReport.pct(s.medianStudentError()), student.group(2));
        assertTrue(md.contains("median of last 3 evals"), md);
        for (String p : List.of(RunPlots.LEARNING_CURVES, RunPlots.MASK_RATE, RunPlots.WEIGHTING,
                RunPlots.CONFIDENCE_HISTOGRAM)) {
            BufferedImage img = ImageIO.read(run.resolve(p).toFile());
            assertEquals(RunPlots.WIDTH, img.getWidth(), p);
            assertEquals(RunPlots.HEIGHT, img.getHeight(), p);
        }
        assertEquals(600 + 1, Files.readAllLines(run.resolve("confidences.csv")).size());
        assertTrue(r.out().contains("Done: 18 steps, test error teacher " + RunReport.pct(s.medianTeacherError())),
                r.out());

        CliRunner.Result eval = CliRunner.run("evaluate", run.resolve("model-teacher.zip").toString(),
                "--test-subset", "200");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("Test error: " + RunReport.pct(teacher[1][2]) + "%"), eval.out());
        assertTrue(eval.out().contains("| Trouser |"), eval.out());
        assertTrue(eval.out().contains("Confusion matrix"), eval.out());

        CliRunner.Result again = CliRunner.run(args("train", "--out", run.toString()));
        assertEquals(2, again.code());
        assertTrue(again.err().contains("spl resume " + run), again.err());

        // the same run, interrupted after 8 steps (checkpoint at 6 and at the stop), then resumed
        Path cut = tmp.resolve("cut");
        CliRunner.Result first = CliRunner.run(args("train", "--out", cut.toString(), "--stop-after", "8"));
        assertEquals(SplApp.EXIT_INTERRUPTED, first.code(), first.err());
        assertTrue(first.err().contains("Stopped at step 8"), first.err());
        assertEquals(8, MetricsTable.read(cut.resolve("metrics.csv")).rows());
        assertFalse(Files.exists(cut.resolve("report.md")));
        assertEquals(2, AppRun.checkpoints(cut).size());

        CliRunner.Result resumed = CliRunner.run("resume", cut.toString(), "--no-progress");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("Resuming"), resumed.err());
        MetricsTable c = MetricsTable.readRun(cut);
        assertArrayEquals(m.column(Metric.STEP), c.column(Metric.STEP));
        assertArrayEquals(m.column(Metric.LOSS), c.column(Metric.LOSS), "resumed losses differ from a straight run");
        assertArrayEquals(m.column(Metric.LR), c.column(Metric.LR));
        assertArrayEquals(m.series(Metric.TEACHER_ERROR)[1], c.series(Metric.TEACHER_ERROR)[1]);
        assertTrue(Files.isRegularFile(cut.resolve("report.md")));
        CliRunner.Result done = CliRunner.run("resume", cut.toString());
        assertEquals(0, done.code());
        assertTrue(done.err().contains("already complete"), done.err());
    }
}
