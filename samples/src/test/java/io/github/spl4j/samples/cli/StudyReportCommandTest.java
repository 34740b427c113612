package io.github.spl4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spl4j.samples.report.StudyFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyReportCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheReportOfAStudyRoot() throws IOException {
        Path root = tmp.resolve("runs/study");
        StudyFixture.run(root.resolve("core/hard-tau0.95-seed1"), StudyFixture.config("HARD", 0.95, 1, 1),
                StudyFixture.finished(0.3), 0.6);
        StudyFixture.run(root.resolve("core/hard-tau0.95-seed2"), StudyFixture.config("HARD", 0.95, 1, 2),
                new double[] {0.5}, 0.6);
        Path out = tmp.resolve("docs/study");
        CliRunner.Result r = CliRunner.run("study-report", root.toString(), "--out", out.toString(), "--width", "400",
                "--height", "300", "--median-of", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("1 finished runs, 1 in progress (not counted)"), r.out());
        assertTrue(r.out().contains(out.resolve("tables.md").toString()), r.out());
        String md = Files.readString(out.resolve("tables.md"));
        assertTrue(md.contains("teacher median of last 3 %"), "--median-of must override config.json:\n" + md);
        assertTrue(md.contains("| core | hard tau=0.95 | 1 | 30.00 | 35.00 | 31.00 |"), md);
    }

    @Test
    void missingOrEmptyRootIsAUsageError() throws IOException {
        CliRunner.Result r = CliRunner.run("study-report", tmp.resolve("nope").toString(), "--out",
                tmp.resolve("out").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("ROOT must be an existing study folder, found " + tmp.resolve("nope")
                + " (no such folder)"), r.err());
        Files.createDirectories(tmp.resolve("empty"));
        r = CliRunner.run("study-report", tmp.resolve("empty").toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("must hold run folders, found none"), r.err());
        r = CliRunner.run("study-report", tmp.toString(), "--smooth", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("smoothWindow must be >= 1 steps, found 0"), r.err());
        assertTrue(CliRunner.run("--help").out().contains("study-report"), "spl --help must list study-report");
    }
}
