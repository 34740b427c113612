package io.github.spl4j.samples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spl4j.data.FashionMnistReader;
import io.github.spl4j.data.Subset;
import io.github.spl4j.samples.cli.CliRunner;
import io.github.spl4j.samples.report.SweepSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny sweep (2 settings × 1 seed, a few steps each) runs, then a second call skips the finished runs. */
class SweepRunTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void needsFashionMnist() {
        FashionMnistReader r = new FashionMnistReader();
        org.junit.jupiter.api.Assumptions.assumeTrue(r.isAvailable(Subset.TRAIN) && r.isAvailable(Subset.TEST),
                "Fashion-MNIST is not installed: sudo apt-get install -y dataset-fashion-mnist");
    }

    @Test
    void sweepRunsTheGridThenSkipsFinishedRuns() throws IOException {
        String[] args = {"sweep", "--weightings", "hard,smooth", "--taus", "0.9", "--mus", "1", "--seeds", "5",
            "--out", tmp.toString(), "--steps", "4", "--eval-every", "2", "--checkpoint-every", "2",
            "--train-subset", "300", "--test-subset", "100", "--labels", "10", "--batch", "4", "--unlabeled-ratio",
            "1", "--no-progress"};
        CliRunner.Result first = CliRunner.run(args);
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.isRegularFile(tmp.resolve("hard-tau0.9-seed5/report.md")));
        assertTrue(Files.isRegularFile(tmp.resolve("smooth-tau0.9-mu1.0-seed5/report.md")));
        String md = Files.readString(tmp.resolve(SweepSummary.SUMMARY_MD));
        assertTrue(md.contains("| hard tau=0.9 | 1 |"), md);
        assertTrue(md.contains("| smooth tau=0.9 mu=1 | 1 |"), md);
        assertTrue(Files.isRegularFile(tmp.resolve(SweepSummary.PLOT)));
        long modified = Files.getLastModifiedTime(tmp.resolve("hard-tau0.9-seed5/model-student.zip")).toMillis();

        CliRunner.Result second = CliRunner.run(args);
        assertEquals(0, second.code(), second.err());
        assertTrue(second.err().contains("[1/2] hard tau=0.9 seed 5: done, skipped"), second.err());
        assertTrue(second.err().contains("[2/2] smooth tau=0.9 mu=1 seed 5: done, skipped"), second.err());
        assertEquals(modified, Files.getLastModifiedTime(tmp.resolve("hard-tau0.9-seed5/model-student.zip")).toMillis());
    }

    @Test
    void aLongTailedSweepOverEmaDecaysWithTeacherPseudoLabelsReportsPerClassErrors() throws IOException {
        CliRunner.Result r = CliRunner.run("sweep", "--weightings", "hard", "--taus", "0.9", "--seeds", "3",
                "--ema-decays", "0.9,0.99", "--sampling", "imbalanced", "--imbalance-ratio", "2", "--labels", "20",
                "--pseudo-labels", "teacher", "--out", tmp.toString(), "--steps", "4", "--eval-every", "2",
                "--checkpoint-every", "2", "--median-of-last", "2", "--train-subset", "300", "--test-subset", "100",
                "--batch", "4", "--unlabeled-ratio", "1", "--no-progress");
        assertEquals(0, r.code(), r.err());
        for (String run : new String[] {"hard-tau0.9-ema0.9-seed3", "hard-tau0.9-ema0.99-seed3"}) {
            String report = Files.readString(tmp.resolve(run).resolve("report.md"));
            assertTrue(report.contains("## Per-class test error"), report);
            assertTrue(Files.readString(tmp.resolve(run).resolve("config.json")).contains("\"TEACHER\""));
        }
        String md = Files.readString(tmp.resolve(SweepSummary.SUMMARY_MD));
        assertTrue(md.contains("| hard tau=0.9 ema=0.9 | 1 |"), md);
        assertTrue(md.contains("| hard tau=0.9 ema=0.99 | 1 |"), md);
        assertTrue(r.out().contains("median of last 2"), r.out());
    }
}
