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
        Path straightDir = tmp.resolve("straight");
        TrainingResult straight = FixMatchTrainer.builder(config(straightDir)).data(TRAIN, TEST).build().run();
        assertFalse(straight.interrupted());
        assertEquals(40, straight.stepsDone());

        Path resumedDir = tmp.resolve("resumed");
        List<Long> starts = new ArrayList<>();
        FixMatchTrainer[] first = new FixMatchTrainer[1];
        first[0] = FixMatchTrainer.builder(config(resumedDir)).data(TRAIN, TEST).progress(
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
        TrainingResult resumed = FixMatchTrainer.builder(config(resumedDir)).data(TRAIN, TEST).progress(
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
        assertEquals(straight.evaluations(), resumed.evaluations());
        assertEquals(straight.teacherError(), resumed.teacherError(), 0.0);

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
}
