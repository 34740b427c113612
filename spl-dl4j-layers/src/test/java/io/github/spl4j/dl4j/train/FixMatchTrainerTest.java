package io.github.spl4j.dl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.spl4j.data.ImageDataset;
import io.github.spl4j.dl4j.checkpoint.CheckpointStore;
import io.github.spl4j.dl4j.checkpoint.TrainingCheckpoint;
import io.github.spl4j.dl4j.metrics.StepMetrics;

class FixMatchTrainerTest {
    private static final ImageDataset TRAIN = SyntheticImages.dataset("synthetic/train", 200, 1);
    private static final ImageDataset TEST = SyntheticImages.dataset("synthetic/test", 50, 2);

    private static FixMatchConfig config(Path dir) {
        return FixMatchConfig.builder().labels(20).batchSize(4).unlabeledRatio(2).steps(40).evalInterval(20)
                .medianOfLast(2).checkpointInterval(20).keepCheckpoints(2).workers(2).tau(0.5).seed(11)
                .outputDir(dir.toString()).build();
    }

    @Test
    void twentyPlusTwentyStepsWithResumeEqualFortyStraightSteps(@TempDir Path tmp) throws Exception {
        resumeEqualsStraightRun(tmp, java.util.function.UnaryOperator.identity());
    }

    @Test
    void withTeacherPseudoLabelsAResumedRunIsStillBitIdentical(@TempDir Path tmp) throws Exception {
        resumeEqualsStraightRun(tmp, b -> b.pseudoLabels(FixMatchConfig.PseudoLabelKind.TEACHER));
        // the option changes the training: the student differs from a student-pseudo-label run
        Path studentDir = tmp.resolve("student-labels");
        FixMatchTrainer.builder(config(studentDir)).data(TRAIN, TEST).build().run();
        MultiLayerNetwork teacherRun = ModelSerializer.restoreMultiLayerNetwork(
                tmp.resolve("straight").resolve("model-student.zip").toFile());
        MultiLayerNetwork studentRun = ModelSerializer.restoreMultiLayerNetwork(
                studentDir.resolve("model-student.zip").toFile());
        assertFalse(java.util.Arrays.equals(teacherRun.params().toFloatVector(), studentRun.params().toFloatVector()),
                "teacher pseudo-labels train differently");
    }

    private static void resumeEqualsStraightRun(Path tmp,
                                                java.util.function.UnaryOperator<FixMatchConfig.Builder> option)
            throws Exception {
        java.util.function.Function<Path, FixMatchConfig> config = d -> option.apply(config(d).toBuilder()).build();
        Path straightDir = tmp.resolve("straight");
        TrainingResult straight = FixMatchTrainer.builder(config.apply(straightDir)).data(TRAIN, TEST).build().run();
        assertFalse(straight.interrupted());
        assertEquals(40, straight.stepsDone());

        Path resumedDir = tmp.resolve("resumed");
        List<Long> starts = new ArrayList<>();
        FixMatchTrainer[] first = new FixMatchTrainer[1];
        first[0] = FixMatchTrainer.builder(config.apply(resumedDir)).data(TRAIN, TEST).progress(
                new TrainingProgressListener() {
                    @Override
                    public void onStart(FixMatchConfig c, long startStep) {
                        starts.add(startStep);
                    }

                    @Override
                    public void onStep(long done, long total, StepMetrics m) {
                        if (done == 20) {
                            first[0].requestStop();
                        }
                    }
                }).build();
        TrainingResult half = first[0].run();
        assertTrue(half.interrupted());
        assertEquals(20, half.stepsDone());
        TrainingResult resumed = FixMatchTrainer.builder(config.apply(resumedDir)).data(TRAIN, TEST).progress(
                new TrainingProgressListener() {
                    @Override
                    public void onStart(FixMatchConfig c, long startStep) {
                        starts.add(startStep);
                    }
                }).build().run();
        assertEquals(List.of(0L, 20L), starts);
        assertEquals(40, resumed.stepsDone());

        MultiLayerNetwork a = ModelSerializer.restoreMultiLayerNetwork(straightDir.resolve("model-student.zip").toFile());
        MultiLayerNetwork b = ModelSerializer.restoreMultiLayerNetwork(resumedDir.resolve("model-student.zip").toFile());
        assertArrayEquals(a.params().toFloatVector(), b.params().toFloatVector(), "student bit-identical");
        MultiLayerNetwork ta = ModelSerializer.restoreMultiLayerNetwork(straightDir.resolve("model-teacher.zip").toFile());
        MultiLayerNetwork tb = ModelSerializer.restoreMultiLayerNetwork(resumedDir.resolve("model-teacher.zip").toFile());
        assertArrayEquals(ta.params().toFloatVector(), tb.params().toFloatVector(), "teacher bit-identical");
        TrainingCheckpoint ca = new CheckpointStore(straightDir.resolve("checkpoints"), 2).loadLatest().orElseThrow();
        TrainingCheckpoint cb = new CheckpointStore(resumedDir.resolve("checkpoints"), 2).loadLatest().orElseThrow();
        assertArrayEquals(((MultiLayerNetwork) ca.getModel()).getUpdater().getStateViewArray().toFloatVector(),
                ((MultiLayerNetwork) cb.getModel()).getUpdater().getStateViewArray().toFloatVector(),
                "updater state bit-identical");
        // a resumed run reads its earlier evaluations back from evaluations.csv (6 decimals): compare those
        assertEquals(straight.evaluations().stream().map(EvaluationRecord::toCsvRow).toList(),
                resumed.evaluations().stream().map(EvaluationRecord::toCsvRow).toList());
        assertEquals(straight.teacherError(), resumed.teacherError(), 1e-9);

        // the metrics files hold the same 40 steps (timing aside)
        assertEquals(lossColumns(straightDir.resolve("metrics.csv")), lossColumns(resumedDir.resolve("metrics.csv")));
        assertEquals(41, Files.readAllLines(resumedDir.resolve("metrics.csv")).size());
        for (String f : List.of("config.json", "split.json", "evaluations.csv", "report.txt")) {
            assertTrue(Files.exists(resumedDir.resolve(f)), f);
        }
        assertEquals(Files.readString(straightDir.resolve("split.json")),
                Files.readString(resumedDir.resolve("split.json")));
    }

    private static List<String> lossColumns(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] c = line.split(",");
            out.add(String.join(",", java.util.Arrays.copyOfRange(c, 0, 9)));
        }
        return out;
    }

    @Test
    void interruptingTheTrainingThreadStopsWithACheckpoint(@TempDir Path tmp) {
        FixMatchConfig c = config(tmp).toBuilder().steps(30).evalInterval(10).checkpointInterval(10).build();
        TrainingResult r;
        try {
            r = FixMatchTrainer.builder(c).data(TRAIN, TEST).progress(new TrainingProgressListener() {
                @Override
                public void onStep(long done, long total, StepMetrics m) {
                    if (done == 13) {
                        Thread.currentThread().interrupt();
                    }
                }
            }).build().run();
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is passed on to the caller");
        } finally {
            Thread.interrupted();
        }
        assertTrue(r.interrupted());
        assertEquals(13, r.stepsDone());
        TrainingCheckpoint last = new CheckpointStore(tmp.resolve("checkpoints"), 2).loadLatest().orElseThrow();
        assertEquals(13, last.getStep());
        assertEquals(13, last.getDataPosition());
        assertEquals(1, r.evaluations().size());
    }

    @Test
    void reportedErrorIsTheMedianOfTheLastEvaluationsNotTheBest() {
        List<EvaluationRecord> e = List.of(new EvaluationRecord(1, 0.10, 0.2), new EvaluationRecord(2, 0.50, 0.3),
                new EvaluationRecord(3, 0.30, 0.4), new EvaluationRecord(4, 0.40, 0.1));
        assertEquals(0.40, TrainingResult.medianOfLast(e, 3, true), 0.0);
        assertEquals(0.35, TrainingResult.medianOfLast(e, 2, true), 1e-15);
        assertEquals(0.25, TrainingResult.medianOfLast(e, 10, false), 1e-15);
        assertTrue(Double.isNaN(TrainingResult.medianOfLast(List.of(), 3, true)));
    }

    @Test
    void aRunDirectoryOfAnotherConfigurationIsRefused(@TempDir Path tmp) throws IOException {
        FixMatchConfig c = config(tmp);
        Files.writeString(tmp.resolve("config.json"), c.toBuilder().tau(0.7).build().toJson());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FixMatchTrainer.builder(c).data(TRAIN, TEST).build().run());
        assertTrue(e.getMessage().contains("use another outputDir"), e.getMessage());
    }

    @Test
    void aLongTailedRunWritesTheExpectedSplitAndPerClassErrors(@TempDir Path tmp) throws Exception {
        FixMatchConfig c = config(tmp).toBuilder().splitStrategy(io.github.spl4j.data.LabelSplit.Strategy.IMBALANCED)
                .labels(40).imbalanceRatio(10).unlabeledImbalanceRatio(4).steps(6).evalInterval(3)
                .checkpointInterval(3).medianOfLast(1).build();
        FixMatchTrainer.builder(c).data(TRAIN, TEST).build().run();
        io.github.spl4j.data.LabelSplit split = io.github.spl4j.data.LabelSplit.load(tmp.resolve("split.json"), TRAIN);
        assertEquals(io.github.spl4j.data.LabelSplit.Strategy.IMBALANCED, split.strategy());
        assertEquals(10, split.labelsPerClass());
        assertArrayEquals(new int[] {10, 7, 5, 4, 3, 2, 2, 1, 1, 1}, countByClass(split.labeled()));
        // unlabelled head = the smallest class (20 images), counts floor(20 * 4^(-c/9))
        assertArrayEquals(new int[] {20, 17, 14, 12, 10, 9, 7, 6, 5, 5}, countByClass(split.unlabeled()));

        List<String> perClass = Files.readAllLines(tmp.resolve(FixMatchTrainer.PER_CLASS_CSV));
        assertEquals(FixMatchTrainer.PER_CLASS_HEADER, perClass.get(0));
        assertEquals(1 + 2 * 10, perClass.size(), "10 classes at steps 3 and 6");
        String[] tail = perClass.get(20).split(",");
        assertEquals(List.of("6", "9", "c9", "1", "5"), List.of(tail).subList(0, 5));
        double tailError = Double.parseDouble(tail[5]);
        assertTrue(tailError >= 0 && tailError <= 1, perClass.get(20));
        assertTrue(Files.readString(tmp.resolve("report.txt")).contains("per-class test error at step 6"));
        // a balanced run writes no per-class file
        Path balanced = tmp.resolve("balanced");
        FixMatchTrainer.builder(config(balanced).toBuilder().steps(3).evalInterval(3).checkpointInterval(3)
                .medianOfLast(1).build()).data(TRAIN, TEST).build().run();
        assertFalse(Files.exists(balanced.resolve(FixMatchTrainer.PER_CLASS_CSV)));
    }

    private static int[] countByClass(int[] indices) {
        int[] counts = new int[10];
        for (int i : indices) {
            counts[TRAIN.label(i)]++;
        }
        return counts;
    }

    @Test
    void theImbalancedHeadIsTheLargestThatFitsTheLabelBudget() {
        assertEquals(10, FixMatchTrainer.imbalancedHead(40, 10, 10));
        assertEquals(4, FixMatchTrainer.imbalancedHead(17, 10, 10));
        assertEquals(5, FixMatchTrainer.imbalancedHead(18, 10, 10));
        assertEquals(4, FixMatchTrainer.imbalancedHead(40, 1, 10), "ratio 1 is balanced: 4 per class");
        assertEquals(1, FixMatchTrainer.imbalancedHead(10, 100, 10));
        assertEquals("labels must be >= 10 (at least one per class) for an IMBALANCED split, found 9",
                assertThrows(IllegalArgumentException.class, () -> FixMatchTrainer.imbalancedHead(9, 10, 10))
                        .getMessage());
    }
}
