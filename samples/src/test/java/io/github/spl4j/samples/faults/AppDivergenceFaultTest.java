package io.github.spl4j.samples.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spl4j.dl4j.checkpoint.CheckpointStore;
import io.github.spl4j.dl4j.checkpoint.TrainingCheckpoint;
import io.github.spl4j.samples.SplApp;
import io.github.spl4j.samples.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fault injection through the app: an absurd --lr diverges; --on-nan stop|skip. */
class AppDivergenceFaultTest {
    @TempDir
    Path tmp;

    private static String[] train(Path data, Path out, String onNan) {
        return new String[] {"train", "--dataset", "cifar10", "--data", data.toString(), "--out", out.toString(),
            "--labels", "20", "--steps", "16", "--batch", "4", "--unlabeled-ratio", "1", "--eval-every", "8",
            "--checkpoint-every", "2", "--lr", "1000", "--on-nan", onNan, "--no-progress"};
    }

    @Test
    void stopNamesStepLastLossAndCauseAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path data = FaultData.cifar(tmp.resolve("cifar"), 20, 1);
        Path run = tmp.resolve("stop");
        CliRunner.Result r = CliRunner.run(train(data, run, "stop"));
        assertEquals(SplApp.EXIT_FAILED, r.code(), r.err());
        Matcher m = Pattern.compile("Error: training diverged at step (\\d+): .*the last finite loss was \\S+ at "
                + "step (\\d+)\\. Likely cause: the learning rate \\(1000\\.0\\) is too high").matcher(r.err());
        assertTrue(m.find(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        long step = Long.parseLong(m.group(1));
        CheckpointStore store = new CheckpointStore(run.resolve("checkpoints"), 3);
        if (step > 2) {
            TrainingCheckpoint c = store.loadLatest().orElseThrow();
            assertEquals((step - 1) / 2 * 2, c.getStep());
            assertTrue(Double.isFinite(c.getModel().params().sumNumber().doubleValue()));
        }
        assertFalse(Files.exists(run.resolve("model-student.zip")));
    }

    @Test
    void skipCannotRescueARunWhoseWeightsOverflowAndSaysSo() throws IOException {
        Path data = FaultData.cifar(tmp.resolve("cifar"), 20, 1);
        CliRunner.Result r = CliRunner.run(train(data, tmp.resolve("skip"), "skip"));
        assertEquals(SplApp.EXIT_FAILED, r.code(), r.err());
        assertTrue(r.err().contains("Error: training diverged: 10 steps in a row up to step"), r.err());
        assertTrue(r.err().contains("skipping cannot recover"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        CliRunner.Result bad = CliRunner.run(train(data, tmp.resolve("x"), "ignore"));
        assertEquals(SplApp.EXIT_USAGE, bad.code());
        assertTrue(bad.err().contains("on-nan must be one of stop, skip, found ignore"), bad.err());
    }
}
