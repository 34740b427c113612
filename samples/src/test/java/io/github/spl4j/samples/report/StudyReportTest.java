package io.github.spl4j.samples.report;

import static io.github.spl4j.samples.report.StudyFixture.config;
import static io.github.spl4j.samples.report.StudyFixture.finished;
import static io.github.spl4j.samples.report.StudyFixture.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spl4j.samples.report.StudySetting.Method;
import io.github.spl4j.samples.report.StudyStats.SettingStats;
import io.github.spl4j.samples.report.StudyStats.Spread;
import io.github.spl4j.samples.report.StudyStats.TauCurve;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyReportTest {
    private static final double EPS = 1e-12;
    private static final int W = 480;
    private static final int H = 320;

    @TempDir
    Path tmp;

    @Test
    void finishedRunsAreCountedAndUnfinishedOnesOnlyListed() throws IOException {
        Path core = tmp.resolve("study/core");
        run(core.resolve("hard-tau0.95-seed1"), config("HARD", 0.95, 1, 1), finished(0.30), 0.6);
        run(core.resolve("hard-tau0.95-seed2"), config("HARD", 0.95, 1, 2), new double[] {0.5, 0.4}, 0.6);
        Path noEvals = run(core.resolve("hard-tau0.95-seed3"), config("HARD", 0.95, 1, 3), finished(0.3), 0.6);
        Files.delete(noEvals.resolve("evaluations.csv"));
        Files.createDirectories(core.resolve("hard-tau0.95-seed4"));
        Path torn = run(core.resolve("hard-tau0.95-seed5"), config("HARD", 0.95, 1, 5), finished(0.3), 0.6);
        Files.writeString(torn.resolve("evaluations.csv"), "step,teacher_error,student_error\n10,0.4,0.41\n20,0.3",
                StandardCharsets.UTF_8);

        Study study = Study.scan(tmp.resolve("study"), 0);
        assertEquals(1, study.finished().size());
        assertEquals("hard-tau0.95-seed1", study.finished().get(0).name());
        assertEquals(2, study.finished().get(0).medianOf(), "medianOf must come from config.json medianOfLast");
        List<String> status = study.inProgress().stream().map(p -> p.name() + ": " + p.status()).toList();
        assertEquals(4, status.size(), status.toString());
        assertTrue(status.get(0).startsWith("hard-tau0.95-seed2: last evaluation at step 20 of 40"), status.get(0));
        assertTrue(status.get(1).startsWith("hard-tau0.95-seed3: no evaluations yet"), status.get(1));
        assertTrue(status.get(2).startsWith("hard-tau0.95-seed4: no config.json yet"), status.get(2));
        assertTrue(status.get(3).startsWith("hard-tau0.95-seed5: unreadable evaluations.csv"), status.get(3));

        StudyReport.Result result = StudyReport.write(tmp.resolve("study"), tmp.resolve("out"),
                new StudyReport.Options(0, 5, W, H));
        String md = Files.readString(result.files().get(0));
        assertTrue(md.contains("from **1 finished run** in 1 sweep; 4 run folders in progress"), md);
        String counted = md.substring(md.indexOf("## Per setting"), md.indexOf("## In progress"));
        assertTrue(counted.contains("| core | hard tau=0.95 | 1 | 30.00 ± n/a | 30.00 | 30.00 |"), counted);
        assertFalse(counted.contains("| 2 |"), "an unfinished run was counted:\n" + counted);
        String listed = md.substring(md.indexOf("## In progress"));
        assertTrue(listed.contains("| core | hard-tau0.95-seed2 | last evaluation at step 20 of 40 (2 evaluations) |"),
                listed);
    }

    @Test
    void meanAndSampleStdPerSettingMatchAnIndependentComputation() throws IOException {
        double[] fin = {0.30, 0.34, 0.41};
        for (int s = 0; s < fin.length; s++) {
            run(tmp.resolve("study/core/smooth-seed" + (s + 1)), config("SMOOTH", 0.95, 1, s + 1), finished(fin[s]),
                    0.5);
        }
        run(tmp.resolve("study/core/hard-seed1"), config("HARD", 0.95, 1, 1), finished(0.25), 0.5);
        Study study = Study.scan(tmp.resolve("study"), 0);
        List<SettingStats> settings = StudyStats.bySetting(study.finished());
        assertEquals(2, settings.size());
        assertEquals(Method.HARD, settings.get(0).setting().method(), "hard sorts before smooth");
        SettingStats smooth = settings.get(1);
        double mean = (0.30 + 0.34 + 0.41) / 3;
        double var = (Math.pow(0.30 - mean, 2) + Math.pow(0.34 - mean, 2) + Math.pow(0.41 - mean, 2)) / (3 - 1);
        assertEquals(3, smooth.finalTeacher().n());
        assertEquals(mean, smooth.finalTeacher().mean(), EPS);
        assertEquals(Math.sqrt(var), smooth.finalTeacher().std(), EPS);
        assertEquals(0.30, smooth.finalTeacher().min(), EPS);
        assertEquals(0.41, smooth.finalTeacher().max(), EPS);
        // median of the last 2 evaluations is fin + 0.025 for each run
        assertEquals(mean + 0.025, smooth.medianTeacher().mean(), 1e-9);
        assertEquals(Math.sqrt(var), smooth.medianTeacher().std(), 1e-9);
        assertEquals(mean + 0.01, smooth.finalStudent().mean(), 1e-9);
        assertTrue(Double.isNaN(settings.get(0).finalTeacher().std()), "std of one seed must be NaN (n/a)");

        Map<String, String> base = StudySetting.base(study.finished().stream().map(StudyRun::setting).toList());
        String md = StudyReport.markdown(study, tmp.resolve("study"), tmp.resolve("out"), base,
                StudyReport.labels(study.finished(), base), List.of(), List.of());
        String row = String.format(java.util.Locale.ROOT, "| core | smooth tau=0.95 mu=1 | 3 | %.2f ± %.2f | 30.00 | "
                + "41.00 | %.2f ± %.2f |", 100 * mean, 100 * Math.sqrt(var), 100 * (mean + 0.025),
                100 * Math.sqrt(var));
        assertTrue(md.contains(row), row + "\nnot in\n" + md);
        assertTrue(md.contains("| core | smooth tau=0.95 mu=1 | 2 | 34.00 | 36.50 | 35.00 |"), "per-run row of seed 2\n"
                + md);
    }

    @Test
    void errorVsTauGroupsRunsOfEqualOtherSettingsAcrossSweeps() throws IOException {
        Path study = tmp.resolve("study");
        // core sweep at tau 0.95, the tau sweep at 0.8 and 0.9: one line per method
        run(study.resolve("core/h1"), config("HARD", 0.95, 1, 1), finished(0.30), 0.5);
        run(study.resolve("core/h2"), config("HARD", 0.95, 1, 2), finished(0.36), 0.5);
        run(study.resolve("core/s1"), config("SMOOTH", 0.95, 1, 1), finished(0.32), 0.5);
        run(study.resolve("tau/h1"), config("HARD", 0.8, 1, 1), finished(0.40), 0.5);
        run(study.resolve("tau/h2"), config("HARD", 0.8, 1, 2), finished(0.44), 0.5);
        run(study.resolve("tau/h3"), config("HARD", 0.9, 1, 1), finished(0.35), 0.5);
        run(study.resolve("tau/s1"), config("SMOOTH", 0.8, 1, 1), finished(0.38), 0.5);
        // other settings differ: random sampling at two tau is its own line; mu = 2 at one tau is no line
        Map<String, Object> random = config("HARD", 0.95, 1, 1);
        random.put("splitStrategy", "RANDOM");
        run(study.resolve("random/h1"), random, finished(0.50), 0.5);
        Map<String, Object> random8 = config("HARD", 0.8, 1, 1);
        random8.put("splitStrategy", "RANDOM");
        run(study.resolve("random/h2"), random8, finished(0.55), 0.5);
        run(study.resolve("shapes/s1"), config("SMOOTH", 0.95, 2, 1), finished(0.20), 0.5);
        Map<String, Object> supervised = config("SMOOTH", 0.95, 1, 1);
        supervised.put("unlabeledRatio", 0);
        run(study.resolve("supervised/x1"), supervised, finished(0.60), 0.5);

        List<StudyRun> runs = Study.scan(study, 0).finished();
        List<TauCurve> curves = StudyStats.tauCurves(runs);
        assertEquals(3, curves.size(), curves.toString());
        TauCurve hard = curves.get(0);
        assertEquals(Method.HARD, hard.method());
        assertEquals("balanced", hard.context().get(StudySetting.SAMPLING));
        assertArrayEquals(new double[] {0.8, 0.9, 0.95}, hard.points().stream().mapToDouble(p -> p.tau()).toArray());
        assertArrayEquals(new double[] {2, 1, 2},
                hard.points().stream().mapToDouble(p -> p.setting().runs().size()).toArray());
        assertEquals((0.40 + 0.44) / 2, hard.points().get(0).setting().finalTeacher().mean(), EPS);
        assertEquals(Math.sqrt(2 * Math.pow(0.02, 2)), hard.points().get(0).setting().finalTeacher().std(), EPS);
        assertEquals((0.30 + 0.36) / 2, hard.points().get(2).setting().finalTeacher().mean(), EPS);
        assertEquals("core", hard.points().get(2).setting().sweep());
        TauCurve randomLine = curves.get(1);
        assertEquals("random", randomLine.context().get(StudySetting.SAMPLING));
        Map<String, String> base = StudySetting.base(runs.stream().map(StudyRun::setting).toList());
        assertEquals("FixMatch (hard) (random)", randomLine.label(base));
        TauCurve smooth = curves.get(2);
        assertEquals(Method.SMOOTH, smooth.method());
        assertEquals(1.0, smooth.mu());
        assertEquals(2, smooth.points().size(), "mu = 2 runs at a single tau must not join the mu = 1 line");
        assertEquals("Smooth FixMatch, mu = 1", smooth.label(base));

        // spread across settings: hard with balanced sampling has three settings (tau 0.8, 0.9, 0.95)
        Spread hardSpread = StudyStats.spreads(runs).stream()
                .filter(s -> s.method() == Method.HARD && "balanced".equals(s.context().get(StudySetting.SAMPLING)))
                .findFirst().orElseThrow();
        double[] means = {0.42, 0.35, 0.33};
        double m = (means[0] + means[1] + means[2]) / 3;
        double sd = Math.sqrt((Math.pow(means[0] - m, 2) + Math.pow(means[1] - m, 2) + Math.pow(means[2] - m, 2)) / 2);
        assertEquals(3, hardSpread.settings().size());
        assertEquals(5, hardSpread.runs());
        assertEquals(0.95, hardSpread.best().setting().tau());
        assertEquals(0.8, hardSpread.worst().setting().tau());
        assertEquals(0.42 - 0.33, hardSpread.means().max() - hardSpread.means().min(), 1e-9);
        assertEquals(sd, hardSpread.means().std(), 1e-9);
        Spread smoothSpread = StudyStats.spreads(runs).stream().filter(s -> s.method() == Method.SMOOTH).findFirst()
                .orElseThrow();
        assertEquals(3, smoothSpread.settings().size(), "smooth: tau 0.8 and 0.95 at mu 1, tau 0.95 at mu 2");
    }

    @Test
    void settingsComeFromConfigJsonNotFromTheFolderName() throws IOException {
        Map<String, Object> supervised = config("SMOOTH", 0.95, 1, 4);
        supervised.put("unlabeledRatio", 0);
        run(tmp.resolve("study/sup/smooth-tau0.95-mu1.0-seed4"), supervised, finished(0.5), 0);
        Map<String, Object> ema = config("HARD", 0.9, 1, 7);
        ema.put("emaDecay", 0.99);
        run(tmp.resolve("study/ema/smooth-tau0.5-mu3.0-seed1"), ema, finished(0.3), 0.5);
        run(tmp.resolve("study/ema/base-a"), config("HARD", 0.9, 1, 8), finished(0.3), 0.5);
        run(tmp.resolve("study/ema/base-b"), config("HARD", 0.9, 1, 9), finished(0.3), 0.5);

        List<StudyRun> runs = Study.scan(tmp.resolve("study"), 0).finished();
        Map<String, String> base = StudySetting.base(runs.stream().map(StudyRun::setting).toList());
        StudyRun sup = runs.stream().filter(r -> r.sweep().equals("sup")).findFirst().orElseThrow();
        assertEquals(Method.SUPERVISED, sup.setting().method());
        assertTrue(Double.isNaN(sup.setting().tau()));
        assertEquals(4, sup.seed());
        assertEquals("supervised", sup.setting().label(base));
        StudyRun e = runs.stream().filter(r -> r.seed() == 7).findFirst().orElseThrow();
        assertEquals(Method.HARD, e.setting().method());
        assertEquals(0.9, e.setting().tau());
        assertTrue(Double.isNaN(e.setting().mu()), "the hard threshold has no mu");
        assertEquals("hard tau=0.9, EMA 0.99", e.setting().label(base));
        assertEquals("0.999", base.get("EMA"));
        assertEquals("3", base.get("ratio"));

        // a config written before imbalanceRatio, unlabeledImbalanceRatio and pseudoLabels existed has their defaults
        Map<String, Object> newer = config("HARD", 0.9, 1, 8);
        newer.put("imbalanceRatio", 1.0);
        newer.put("unlabeledImbalanceRatio", 1.0);
        newer.put("pseudoLabels", "STUDENT");
        org.nd4j.shade.jackson.databind.ObjectMapper om = new org.nd4j.shade.jackson.databind.ObjectMapper();
        StudySetting older = StudySetting.of(om.valueToTree(config("HARD", 0.9, 1, 8)), "old/config.json");
        assertEquals(StudySetting.of(om.valueToTree(newer), "new/config.json"), older);
        assertEquals("student", older.context().get("pseudo-labels"));
        newer.put("pseudoLabels", "TEACHER");
        assertNotEquals(StudySetting.of(om.valueToTree(newer), "new/config.json"), older);

        Map<String, Object> bad = config("SOFT", 0.9, 1, 1);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> StudySetting.of(
                new org.nd4j.shade.jackson.databind.ObjectMapper().valueToTree(bad), "x/config.json"));
        assertTrue(ex.getMessage().contains("x/config.json: weighting must be HARD or SMOOTH, found SOFT"),
                ex.getMessage());
    }

    @Test
    void writesTablesCsvAndReadablePngsOfTheGivenSize() throws IOException {
        Path study = tmp.resolve("study");
        for (int seed = 1; seed <= 2; seed++) {
            run(study.resolve("core/hard-seed" + seed), config("HARD", 0.95, 1, seed), finished(0.3 + 0.02 * seed),
                    0.7);
            run(study.resolve("core/smooth-seed" + seed), config("SMOOTH", 0.95, 1, seed),
                    finished(0.32 + 0.02 * seed), 0.5);
            run(study.resolve("tau robustness/hard-seed" + seed), config("HARD", 0.8, 1, seed),
                    finished(0.4 + 0.01 * seed), 0.8);
        }
        Path out = tmp.resolve("docs/study");
        StudyReport.Result r = StudyReport.write(study, out, new StudyReport.Options(0, 5, W, H));
        List<String> names = r.files().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of(StudyReport.TABLES, StudyReport.RUNS_CSV, StudyReport.SCATTER, StudyReport.ERROR_VS_TAU,
                "learning-curves-core.png", "mask-rate-core.png", "learning-curves-tau-robustness.png",
                "mask-rate-tau-robustness.png"), names);
        String md = Files.readString(out.resolve(StudyReport.TABLES));
        for (Path f : r.files()) {
            assertTrue(Files.isRegularFile(f), f + " missing");
            if (f.toString().endsWith(".png")) {
                assertPng(f, W, H);
                assertTrue(md.contains("](" + f.getFileName() + ")"), f.getFileName() + " not linked in tables.md");
            }
        }
        List<String> csv = Files.readAllLines(out.resolve(StudyReport.RUNS_CSV));
        assertEquals(7, csv.size());
        assertTrue(csv.get(0).startsWith("sweep,run,method,tau,mu,dataset,"), csv.get(0));
        assertTrue(csv.contains("core,hard-seed1,hard,0.95,,fashion_mnist,small_cnn,balanced,40,1,1,32,3,1,0.03,,,0.999,,"
                + "student,40,1,0.32,0.345,2,0.33"), String.join("\n", csv));
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".tmp")).toList(), "temporary files left");
        }
    }

    @Test
    void badInputIsReportedByName() throws IOException {
        Path missing = tmp.resolve("nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StudyReport.write(missing, tmp.resolve("out"), StudyReport.Options.defaults()));
        assertEquals("study root must be an existing folder, found " + missing + " (no such folder)", e.getMessage());
        Files.createDirectories(tmp.resolve("empty/sweep-without-runs"));
        e = assertThrows(IllegalArgumentException.class,
                () -> Study.scan(tmp.resolve("empty"), 0));
        assertTrue(e.getMessage().startsWith("study root " + tmp.resolve("empty") + " must hold run folders, found "
                + "none"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")), "nothing may be written for a bad root");
        e = assertThrows(IllegalArgumentException.class, () -> new StudyReport.Options(-1, 5, W, H));
        assertEquals("medianOf must be >= 0 (0: from each run's config.json), found -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StudyReport.Options(0, 0, W, H));
        assertEquals("smoothWindow must be >= 1 steps, found 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StudyReport.Options(0, 5, 10, H));
        assertEquals("width must be >= 300 pixels, found 10", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StudyReport.Options(0, 5, W, 20));
        assertEquals("height must be >= 200 pixels, found 20", e.getMessage());
    }

    @Test
    void movingAverageAndMeanOverRunsByHand() {
        assertArrayEquals(new double[] {1, 1.5, 2.5, 3.5, 4.5}, StudyStats.movingAverage(new double[] {1, 2, 3, 4, 5},
                2), EPS);
        assertArrayEquals(new double[] {1, 1.5, 2, 3}, StudyStats.movingAverage(new double[] {1, 2, 3, 4}, 3), EPS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StudyStats.movingAverage(new double[] {1}, 0));
        assertEquals("window must be >= 1, found 0", e.getMessage());
        double[][] m = StudyStats.meanOverRuns(List.of(
                new double[][] {{1, 2, 3}, {0.2, 0.4, Double.NaN}},
                new double[][] {{2, 3}, {0.6, 0.8}}));
        assertArrayEquals(new double[] {1, 2, 3}, m[0], EPS);
        assertArrayEquals(new double[] {0.2, 0.5, 0.8}, m[1], EPS);
        assertTrue(Double.isNaN(m[2][0]));
        assertEquals(Math.sqrt(0.02), m[2][1], EPS);
        assertArrayEquals(new double[] {1, 2, 1}, m[3], EPS);
    }

    /** Asserts a PNG decodes, has the given size and is not blank. */
    static void assertPng(Path png, int width, int height) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null, png + " does not decode as an image");
        assertEquals(width, img.getWidth(), png + " width");
        assertEquals(height, img.getHeight(), png + " height");
        int first = img.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < img.getHeight() && !varied; y += 5) {
            for (int x = 0; x < img.getWidth() && !varied; x += 5) {
                varied = img.getRGB(x, y) != first;
            }
        }
        assertTrue(varied, png + " is blank");
    }
}
