package io.github.spl4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.github.spl4j.dl4j.train.FixMatchConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplAppCliTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"train", "resume", "evaluate", "sweep", "report", "search", "augment-preview", "bench"})
    void everySubCommandHasHelp(String command) {
        CliRunner.Result r = CliRunner.run(command, "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: spl " + command), r.out());
    }

    @Test
    void trainHelpListsEveryFlagOfTheIssueWithItsDefault() {
        String help = CliRunner.run("train", "--help").out().replaceAll("\\s+", " ");
        for (String flag : List.of("--weighting", "--tau", "--mu", "--lambda-u", "--labels", "--sampling", "--dataset",
                "--data", "--model", "--steps", "--batch", "--unlabeled-ratio", "--seed", "--out", "--config",
                "--ui")) {
            assertTrue(help.contains(flag), flag + " missing in " + help);
        }
        assertTrue(help.contains("Confidence threshold tau in [0, 1). Default: 0.95."), help);
        assertTrue(help.contains("Default: smooth."), help);
        assertTrue(help.contains("Default: fashion-mnist."), help);
        assertTrue(help.contains("Labelled images per batch. Default: 32."), help);
        assertTrue(help.contains("Default: 3."), help);
    }

    @Test
    void noSubCommandPrintsUsageAndExits2() {
        CliRunner.Result r = CliRunner.run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing sub-command"), r.err());
    }

    @Test
    void tauOutOfRangeNamesFlagValueAndRange() {
        CliRunner.Result r = CliRunner.run("train", "--tau", "1.3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Invalid value for option '--tau': tau must be in [0, 1), found 1.3"), r.err());
    }

    @Test
    void unknownDatasetListsTheAllowedOnes() {
        CliRunner.Result r = CliRunner.run("train", "--dataset", "mnist");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'--dataset'"), r.err());
        assertTrue(r.err().contains("dataset must be one of fashion-mnist, cifar10, folder, found mnist"), r.err());
    }

    @Test
    void typeAndUnknownOptionErrorsExit2() {
        CliRunner.Result steps = CliRunner.run("train", "--steps", "ten");
        assertEquals(2, steps.code());
        assertTrue(steps.err().contains("--steps") && steps.err().contains("ten"), steps.err());
        CliRunner.Result zero = CliRunner.run("train", "--steps", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("Invalid value for option '--steps': steps must be >= 1, found 0"),
                zero.err());
        CliRunner.Result unknown = CliRunner.run("train", "--tua", "0.9");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("Unknown option") && unknown.err().contains("'--tua'"), unknown.err());
        CliRunner.Result weighting = CliRunner.run("train", "--weighting", "soft");
        assertEquals(2, weighting.code());
        assertTrue(weighting.err().contains("weighting must be one of hard, smooth, found soft"), weighting.err());
    }

    @Test
    void cifarWithoutDataSaysWhatToAdd() {
        CliRunner.Result r = CliRunner.run("train", "--dataset", "cifar10");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Invalid value for option '--data'"), r.err());
        assertTrue(r.err().contains("data_batch_1.bin"), r.err());
    }

    @Test
    void configFileIsOverriddenByFlags() throws IOException {
        Path config = tmp.resolve("c.json");
        Files.writeString(config, "{\"tau\": 0.8, \"weighting\": \"HARD\", \"steps\": 770, \"evalInterval\": 77,"
                + " \"checkpointInterval\": 77}");
        CliRunner.Result r = CliRunner.run("train", "--config", config.toString(), "--tau", "0.7", "--steps", "385",
                "--print-config");
        assertEquals(0, r.code(), r.err());
        FixMatchConfig s = FixMatchConfig.fromJson(r.out());
        assertEquals(0.7, s.getTau(), 0);
        assertEquals(FixMatchConfig.WeightingKind.HARD, s.getWeighting());
        assertEquals(385, s.getSteps());
        assertEquals(77, s.getEvalInterval());
        assertEquals(FixMatchConfig.DEFAULT_BATCH_SIZE, s.getBatchSize(), "a config file starts from the trainer's "
                + "defaults, not from the app's default job");
    }

    @Test
    void badConfigFilesNameTheFileAndTheProblem() throws IOException {
        Path unknown = tmp.resolve("u.json");
        Files.writeString(unknown, "{\"taw\": 0.8}");
        CliRunner.Result r = CliRunner.run("train", "--config", unknown.toString(), "--print-config");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--config: config file " + unknown), r.err());
        assertTrue(r.err().contains("taw"), r.err());
        Path invalid = tmp.resolve("i.json");
        Files.writeString(invalid, "{\"tau\": 1.5}");
        CliRunner.Result v = CliRunner.run("train", "--config", invalid.toString(), "--print-config");
        assertEquals(2, v.code());
        assertTrue(v.err().contains("tau must be in [0, 1), found 1.5"), v.err());
        CliRunner.Result missing = CliRunner.run("train", "--config", tmp.resolve("none.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("none.json"), missing.err());
    }

    @Test
    void uiStartsDl4jsTrainingUiAndFeedsIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(
                java.nio.file.Path.of("/usr/share/datasets/fashion-mnist")), "Fashion-MNIST package not installed");
        System.setProperty("org.deeplearning4j.ui.port", "0");
        CliRunner.Result r = CliRunner.run("train", "--ui", "--steps", "3", "--batch", "4", "--unlabeled-ratio", "1",
                "--train-subset", "300", "--test-subset", "50", "--no-progress", "--out", tmp.resolve("ui").toString());
        assertEquals(0, r.code(), r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("DL4J training UI: (http://localhost:\\d+)")
                .matcher(r.err());
        assertTrue(m.find(), r.err());
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(m.group(1) + "/train/overview")
                .openConnection();
        assertEquals(200, c.getResponseCode(), "the UI must answer while the JVM lives");
        org.deeplearning4j.ui.api.UIServer server = org.deeplearning4j.ui.api.UIServer.getInstance();
        assertTrue(server.getStatsStorageInstances().stream()
                .anyMatch(s -> !s.listSessionIDs().isEmpty()), "the run's StatsListener must have reported");
    }

    @Test
    void searchRejectsBadRangesAndKinds() {
        CliRunner.Result badKind = CliRunner.run("search", "--weighting", "soft", "--out", tmp.resolve("s1").toString());
        assertEquals(2, badKind.code());
        assertTrue(badKind.err().contains("--weighting must be hard, smooth or both, found soft"), badKind.err());
        CliRunner.Result badTau = CliRunner.run("search", "--tau-max", "1.3", "--out", tmp.resolve("s2").toString());
        assertEquals(2, badTau.code());
        assertTrue(badTau.err().contains("1.3"), badTau.err());
        CliRunner.Result noCifarFolder = CliRunner.run("search", "--dataset", "cifar10");
        assertEquals(2, noCifarFolder.code());
        assertTrue(noCifarFolder.err().contains("--data DIR is required for cifar10"), noCifarFolder.err());
    }

    @Test
    void searchRunsTwoCandidatesOnFashionMnistAndWritesRecords() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(
                java.nio.file.Path.of("/usr/share/datasets/fashion-mnist")), "Fashion-MNIST package not installed");
        java.nio.file.Path out = tmp.resolve("search");
        CliRunner.Result r = CliRunner.run("search", "--candidates", "2", "--steps", "3", "--batch", "4",
                "--unlabeled-ratio", "1", "--validation-per-class", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 candidates"), r.out());
        assertTrue(java.nio.file.Files.exists(out.resolve("candidates.csv")), "candidates.csv missing");
        assertTrue(java.nio.file.Files.exists(out.resolve("error-vs-tau.png")), "plot missing");
    }

    @Test
    void resumeAndReportRejectMissingFolders() {
        CliRunner.Result r = CliRunner.run("resume", tmp.resolve("nope").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("RUN_DIR must be an existing run folder, found " + tmp.resolve("nope")), r.err());
        CliRunner.Result noCheckpoint = CliRunner.run("resume", tmp.toString());
        assertEquals(2, noCheckpoint.code());
        assertTrue(noCheckpoint.err().contains("config.json"), noCheckpoint.err());
        CliRunner.Result report = CliRunner.run("report", tmp.toString());
        assertEquals(2, report.code());
        assertTrue(report.err().contains("must contain metrics.csv"), report.err());
    }

    @Test
    void sweepValidatesSweptValuesWithTheirListFlag() {
        CliRunner.Result r = CliRunner.run("sweep", "--taus", "0.9,1.2", "--out", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'--taus': tau must be in [0, 1), found 1.2"), r.err());
    }

    @Test
    void benchRejectsUnknownBenchmarks() {
        CliRunner.Result r = CliRunner.run("bench", "gpu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("must be one of step, lossstep, throughput, trainer, memory, loss, augment, found 'gpu'"), r.err());
    }

    @Test
    void defaultJobIsTheIssuesDefault() {
        CliRunner.Result r = CliRunner.run("train", "--print-config", "--out", tmp.resolve("x").toString());
        assertEquals(0, r.code(), r.err());
        FixMatchConfig c = FixMatchConfig.fromJson(r.out());
        assertEquals(FixMatchConfig.WeightingKind.SMOOTH, c.getWeighting());
        assertEquals(0.95, c.getTau(), 0);
        assertEquals(1.0, c.getMu(), 0);
        assertEquals(40, c.getLabels());
        assertEquals(io.github.spl4j.data.LabelSplit.Strategy.BALANCED, c.getSplitStrategy());
        assertEquals(1L, c.getSplitSeed());
        assertEquals(FixMatchConfig.ModelKind.SMALL_CNN, c.getModel());
        assertEquals(32, c.getBatchSize());
        assertEquals(3, c.getUnlabeledRatio());
        assertEquals(TrainOptions.DEFAULT_STEPS, c.getSteps());
        assertEquals(FixMatchConfig.DatasetKind.FASHION_MNIST, c.getDataset());
        assertEquals(tmp.resolve("x").toString(), c.getOutputDir());
    }

    @Test
    void shortStepsShrinkTheDefaultIntervalsButNotGivenOnes() {
        FixMatchConfig c = FixMatchConfig.fromJson(CliRunner.run("train", "--steps", "30", "--print-config").out());
        assertEquals(30, c.getEvalInterval());
        assertEquals(30, c.getCheckpointInterval());
        assertEquals(1, c.getMedianOfLast());
        CliRunner.Result bad = CliRunner.run("train", "--steps", "30", "--eval-every", "50", "--print-config");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("Invalid value for option '--eval-every': evalInterval (50) must be <= steps "
                + "(30)"), bad.err());
    }

    @Test
    void imbalancedSamplingAndTeacherPseudoLabelsParseIntoTheConfig() {
        CliRunner.Result r = CliRunner.run("train", "--sampling", "imbalanced", "--imbalance-ratio", "10",
                "--unlabeled-imbalance-ratio", "10", "--unlabeled-per-class", "3000", "--pseudo-labels", "teacher",
                "--print-config");
        assertEquals(0, r.code(), r.err());
        FixMatchConfig c = FixMatchConfig.fromJson(r.out());
        assertEquals(io.github.spl4j.data.LabelSplit.Strategy.IMBALANCED, c.getSplitStrategy());
        assertEquals(10.0, c.getImbalanceRatio(), 0);
        assertEquals(10.0, c.getUnlabeledImbalanceRatio(), 0);
        assertEquals(3000, c.getUnlabeledPerClass());
        assertEquals(FixMatchConfig.PseudoLabelKind.TEACHER, c.getPseudoLabels());
        FixMatchConfig d = FixMatchConfig.fromJson(CliRunner.run("train", "--print-config").out());
        assertEquals(FixMatchConfig.PseudoLabelKind.STUDENT, d.getPseudoLabels());
        assertEquals(1.0, d.getImbalanceRatio(), 0);
    }

    @Test
    void imbalanceAndPseudoLabelFlagsAreValidatedWithClearMessages() {
        CliRunner.Result noSampling = CliRunner.run("train", "--imbalance-ratio", "10", "--print-config");
        assertEquals(2, noSampling.code());
        assertTrue(noSampling.err().contains("Invalid value for option '--imbalance-ratio': it applies to --sampling "
                + "imbalanced only, found --sampling balanced: add --sampling imbalanced or drop --imbalance-ratio"),
                noSampling.err());
        CliRunner.Result low = CliRunner.run("train", "--sampling", "imbalanced", "--imbalance-ratio", "0.5",
                "--print-config");
        assertEquals(2, low.code());
        assertTrue(low.err().contains("Invalid value for option '--imbalance-ratio': imbalanceRatio must be finite "
                + "and >= 1, found 0.5"), low.err());
        CliRunner.Result few = CliRunner.run("train", "--sampling", "imbalanced", "--imbalance-ratio", "10",
                "--labels", "8", "--print-config");
        assertEquals(2, few.code());
        assertTrue(few.err().contains("Invalid value for option '--labels': labels must be >= 10 (at least one per "
                + "class) for an IMBALANCED split, found 8"), few.err());
        CliRunner.Result unl = CliRunner.run("train", "--unlabeled-imbalance-ratio", "10", "--unlabeled-ratio", "0",
                "--print-config");
        assertEquals(2, unl.code());
        assertTrue(unl.err().contains("Invalid value for option '--unlabeled-imbalance-ratio'"), unl.err());
        CliRunner.Result kind = CliRunner.run("train", "--pseudo-labels", "ema", "--print-config");
        assertEquals(2, kind.code());
        assertTrue(kind.err().contains("pseudo-labels must be one of student, teacher, found ema"), kind.err());
        String help = CliRunner.run("train", "--help").out();
        for (String flag : List.of("--imbalance-ratio", "--unlabeled-imbalance-ratio", "--unlabeled-per-class",
                "--pseudo-labels")) {
            assertTrue(help.contains(flag), flag);
        }
    }

    @Test
    void sweepTakesEmaDecaysAsAListButNotWithEmaDecay() {
        CliRunner.Result both = CliRunner.run("sweep", "--ema-decays", "0.99,0.999", "--ema-decay", "0.9", "--out",
                tmp.toString());
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--ema-decay and --ema-decays cannot be combined"), both.err());
        CliRunner.Result bad = CliRunner.run("sweep", "--ema-decays", "0.99,1.0", "--out", tmp.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("'--ema-decays': emaDecay must be in [0, 1), found 1.0"), bad.err());
        assertEquals("hard-tau0.95-ema0.99-seed2", SweepCommand.runName(FixMatchConfig.WeightingKind.HARD, 0.95, 1,
                0.99, 2));
        assertEquals("smooth-tau0.95-mu1.0-seed2", SweepCommand.runName(FixMatchConfig.WeightingKind.SMOOTH, 0.95, 1,
                2), "folders of sweeps without --ema-decays keep their names");
        assertTrue(CliRunner.run("sweep", "--help").out().contains("--ema-decays"));
    }
}
