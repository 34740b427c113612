package io.github.spl4j.dl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.spl4j.data.ImageDataset;
import io.github.spl4j.dl4j.checkpoint.CheckpointStore;
import io.github.spl4j.dl4j.checkpoint.TrainingCheckpoint;

/**
 * Fault injection: divergence forced by an absurd learning rate (100; with this seed the parameters overflow at
 * step 6), or by poisoning the parameters after chosen steps. STOP must name the step and the last finite loss and
 * keep the last good checkpoint; SKIP must undo isolated bad steps exactly, count them and finish with finite weights,
 * and give up with a clear message when every step overflows.
 */
class DivergenceFaultTest {
    private static final ImageDataset TRAIN = SyntheticImages.dataset("synthetic/train", 200, 1);
    private static final ImageDataset TEST = SyntheticImages.dataset("synthetic/test", 50, 2);
    private static final double ABSURD_LR = 100;

    static FixMatchConfig.Builder config(Path dir) {
        return FixMatchConfig.builder().labels(20).batchSize(4).unlabeledRatio(2).steps(16).evalInterval(8)
                .medianOfLast(1).checkpointInterval(2).keepCheckpoints(2).workers(1).tau(0.5).seed(11)
                .learningRate(ABSURD_LR).outputDir(dir.toString());
    }

    private static boolean finite(MultiLayerNetwork net) {
        return Double.isFinite(net.params().sumNumber().doubleValue());
    }

    @Test
    void stopNamesTheStepAndLastFiniteLossAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> FixMatchTrainer.builder(config(dir).build()).data(TRAIN, TEST).build().run());
        long step = e.getStep();
        assertTrue(step > 2 && step < 16, "diverges after a checkpoint, before the end: step " + step);
        assertEquals(step - 1, e.getLastFiniteStep());
        assertTrue(Double.isFinite(e.getLastFiniteLoss()));
        String m = e.getMessage();
        assertTrue(m.startsWith("training diverged at step " + step + ": "), m);
        assertTrue(m.contains("the last finite loss was"), m);
        assertTrue(m.contains("at step " + (step - 1)), m);
        assertTrue(m.contains("learning rate (100.0) is too high"), m);
        assertTrue(m.contains("onNonFinite SKIP"), m);

        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"), 2);
        List<Path> files = store.list();
        long lastGood = (step - 1) / 2 * 2;
        assertEquals(store.fileFor(lastGood), files.get(0), "newest checkpoint is the last one before the NaN");
        assertTrue(m.contains(files.get(0).toString() + " (step " + lastGood + ") is kept"), m);
        for (Path f : files) {
            TrainingCheckpoint c = assertDoesNotThrowLoad(store, f);
            assertTrue(finite((MultiLayerNetwork) c.getModel()), "checkpoint " + f + " holds finite weights");
        }
        assertFalse(Files.exists(dir.resolve("model-student.zip")), "no final model from a diverged run");
        assertFalse(Files.exists(dir.resolve("model-teacher.zip")));
    }

    private static TrainingCheckpoint assertDoesNotThrowLoad(CheckpointStore store, Path f) {
        try {
            return store.load(f);
        } catch (Exception ex) {
            throw new AssertionError("checkpoint " + f + " does not load: " + ex, ex);
        }
    }

    @Test
    void skipGivesUpWithAClearMessageWhenEveryStepOverflows(@TempDir Path dir) {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> FixMatchTrainer
                .builder(config(dir).onNonFinite(FixMatchConfig.NonFiniteAction.SKIP).build()).data(TRAIN, TEST)
                .build().run());
        String m = e.getMessage();
        assertTrue(m.startsWith("training diverged: " + FixMatchTrainer.MAX_CONSECUTIVE_SKIPS + " steps in a row up "
                + "to step " + e.getStep() + " were NaN or infinite"), m);
        assertTrue(m.contains("learning rate (100.0) is too high"), m);
        for (Path f : new CheckpointStore(dir.resolve("checkpoints"), 2).list()) {
            assertTrue(finite((MultiLayerNetwork) assertDoesNotThrowLoad(new CheckpointStore(dir.resolve(
                    "checkpoints"), 2), f).getModel()), f.toString());
        }
    }

    @Test
    void skipUndoesIsolatedBadStepsExactlyAndCountsThem(@TempDir Path dir) throws Exception {
        FixMatchConfig c = config(dir).learningRate(0.03).steps(12).evalInterval(6).checkpointInterval(1)
                .keepCheckpoints(20).onNonFinite(FixMatchConfig.NonFiniteAction.SKIP).build();
        TrainingResult r = FixMatchTrainer.builder(c).data(TRAIN, TEST).poisonStepsForTests(Set.of(5L, 9L)).build()
                .run();
        assertEquals(12, r.stepsDone());
        assertEquals(2, r.skippedSteps());
        assertTrue(r.report().contains("(2 skipped: loss or parameters NaN/infinite)"), r.report());
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"), 20);
        for (long bad : new long[] {5, 9}) {
            TrainingCheckpoint before = store.load(store.fileFor(bad - 1));
            TrainingCheckpoint after = store.load(store.fileFor(bad));
            MultiLayerNetwork a = (MultiLayerNetwork) before.getModel();
            MultiLayerNetwork b = (MultiLayerNetwork) after.getModel();
            assertArrayEquals(a.params().toFloatVector(), b.params().toFloatVector(), "step " + bad + " undone");
            assertArrayEquals(a.getUpdater().getStateViewArray().toFloatVector(),
                    b.getUpdater().getStateViewArray().toFloatVector(), "updater state of step " + bad + " undone");
            assertArrayEquals(before.getEma().getShadow().toFloatVector(), after.getEma().getShadow().toFloatVector(),
                    "EMA of step " + bad + " undone");
            MultiLayerNetwork next = (MultiLayerNetwork) store.load(store.fileFor(bad + 1)).getModel();
            assertFalse(Arrays.equals(b.params().toFloatVector(), next.params().toFloatVector()), "training goes on");
        }
        assertEquals("2", store.loadLatest().orElseThrow().getProperties().get(FixMatchTrainer.SKIPPED_STEPS),
                "the count is checkpointed and survives a resume");
        assertTrue(finite(ModelSerializer.restoreMultiLayerNetwork(dir.resolve("model-student.zip").toFile())));
    }

    @Test
    void stopOnAPoisonedStepNamesItAndWritesNothingForIt(@TempDir Path dir) {
        FixMatchConfig c = config(dir).learningRate(0.03).steps(12).evalInterval(6).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> FixMatchTrainer.builder(c)
                .data(TRAIN, TEST).poisonStepsForTests(Set.of(5L)).build().run());
        assertEquals(5, e.getStep());
        assertEquals(4, e.getLastFiniteStep());
        assertTrue(e.getMessage().contains("the updated parameters hold NaN or infinite values"), e.getMessage());
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"), 2);
        assertEquals(store.fileFor(4), store.list().get(0));
    }

    @Test
    void storeRefusesToWriteNonFiniteWeights(@TempDir Path dir) throws Exception {
        FixMatchConfig c = config(dir).learningRate(0.03).steps(2).evalInterval(2).checkpointInterval(2).build();
        FixMatchTrainer.builder(c).data(TRAIN, TEST).build().run();
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"), 2);
        TrainingCheckpoint good = store.loadLatest().orElseThrow();
        MultiLayerNetwork net = (MultiLayerNetwork) good.getModel();
        net.params().putScalar(0, Double.NaN);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.save(new TrainingCheckpoint(
                3, net, null, 3, good.getConfigJson(), null, java.util.Map.of())));
        assertTrue(e.getMessage().contains("NaN or infinite"), e.getMessage());
        assertEquals(List.of(store.fileFor(2)), store.list(), "nothing written, the good checkpoint is kept");
    }
}
