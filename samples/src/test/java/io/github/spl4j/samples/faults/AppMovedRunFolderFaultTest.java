package io.github.spl4j.samples.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spl4j.samples.SplApp;
import io.github.spl4j.samples.cli.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fault injection through the app: an interrupted run folder moved elsewhere still resumes. */
class AppMovedRunFolderFaultTest {
    @TempDir
    Path tmp;

    @Test
    void aMovedRunFolderResumes() throws Exception {
        Path data = FaultData.cifar(tmp.resolve("cifar"), 20, 1);
        Path before = tmp.resolve("before");
        CliRunner.Result r = CliRunner.run("train", "--dataset", "cifar10", "--data", data.toString(), "--out",
                before.toString(), "--labels", "20", "--steps", "6", "--batch", "4", "--unlabeled-ratio", "1",
                "--eval-every", "3", "--checkpoint-every", "2", "--stop-after", "2", "--no-progress");
        assertEquals(SplApp.EXIT_INTERRUPTED, r.code(), r.err());
        Path after = Files.move(before, tmp.resolve("after"));
        CliRunner.Result resumed = CliRunner.run("resume", after.toString(), "--no-progress");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(Files.isRegularFile(after.resolve("model-student.zip")));
        assertTrue(Files.readString(after.resolve("config.json")).contains(after.toString()));
    }
}
