package io.github.spl4j.dl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.spl4j.data.ImageDataset;
import io.github.spl4j.dl4j.checkpoint.CheckpointStore;
import io.github.spl4j.dl4j.metrics.StepMetrics;

/**
 * Fault injection: an unwritable run folder (tests run as root, so permissions do not stop writes: the folder's
 * parent is made a regular file) and a checkpoint write that fails in the middle of training (the temporary file's
 * name is taken by a non-empty folder, so opening it fails with an I/O error as a full disk would).
 */
class DiskFaultTest {
    private static final ImageDataset TRAIN = SyntheticImages.dataset("synthetic/train", 200, 1);
    private static final ImageDataset TEST = SyntheticImages.dataset("synthetic/test", 50, 2);

    private static FixMatchConfig config(Path dir) {
        return FixMatchConfig.builder().labels(20).batchSize(4).unlabeledRatio(2).steps(8).evalInterval(4)
                .medianOfLast(1).checkpointInterval(2).keepCheckpoints(3).workers(1).tau(0.5).seed(11)
                .outputDir(dir.toString()).build();
    }

    @Test
    void unwritableRunFolderFailsBeforeTrainingStarts(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        AtomicInteger started = new AtomicInteger();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> FixMatchTrainer
                .builder(config(file.resolve("run"))).data(TRAIN, TEST).progress(new TrainingProgressListener() {
                    @Override
                    public void onStart(FixMatchConfig c, long startStep) {
                        started.incrementAndGet();
                    }
                }).build().run());
        assertEquals(0, started.get(), "no training step");
        assertTrue(e.getMessage().startsWith("cannot write the run directory " + file.resolve("run")), e.getMessage());
        assertTrue(e.getMessage().contains(file + " is a file, not a folder; choose another outputDir"),
                e.getMessage());
    }

    @Test
    void failedCheckpointWriteStopsTheRunAndKeepsThePreviousCheckpoint(@TempDir Path dir) throws Exception {
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"), 3);
        Path obstacle = store.getFolder().resolve(store.fileFor(4).getFileName() + ".tmp");
        FixMatchTrainer[] t = new FixMatchTrainer[1];
        t[0] = FixMatchTrainer.builder(config(dir)).data(TRAIN, TEST).progress(new TrainingProgressListener() {
            @Override
            public void onStep(long done, long total, StepMetrics m) {
                if (done == 3) {
                    try {
                        Files.createDirectories(obstacle.resolve("full"));
                    } catch (java.io.IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }).build();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> t[0].run());
        String m = e.getMessage();
        assertTrue(m.startsWith("training stopped at step 4: the checkpoint could not be written ("), m);
        assertTrue(m.contains("the previous checkpoint " + store.fileFor(2) + " (step 2) is intact"), m);
        assertTrue(m.contains("Free disk space"), m);
        assertEquals(List.of(store.fileFor(2)), store.list());
        assertEquals(2, store.load(store.fileFor(2)).getStep());
        assertFalse(Files.exists(dir.resolve("model-student.zip")));

        // once the disk is "freed", running the same configuration resumes from step 2 and finishes
        Files.delete(obstacle.resolve("full"));
        Files.delete(obstacle);
        List<Long> starts = new java.util.ArrayList<>();
        TrainingResult r = FixMatchTrainer.builder(config(dir)).data(TRAIN, TEST).progress(
                new TrainingProgressListener() {
                    @Override
                    public void onStart(FixMatchConfig c, long startStep) {
                        starts.add(startStep);
                    }
                }).build().run();
        assertEquals(List.of(2L), starts);
        assertEquals(8, r.stepsDone());
    }

    @Test
    void aMovedRunFolderResumesWhereItIsNow(@TempDir Path tmp) throws Exception {
        Path before = tmp.resolve("before");
        FixMatchTrainer[] t = new FixMatchTrainer[1];
        t[0] = FixMatchTrainer.builder(config(before)).data(TRAIN, TEST).progress(new TrainingProgressListener() {
            @Override
            public void onStep(long done, long total, StepMetrics m) {
                if (done == 4) {
                    t[0].requestStop();
                }
            }
        }).build();
        assertTrue(t[0].run().interrupted());
        Path after = Files.move(before, tmp.resolve("after"));
        List<Long> starts = new java.util.ArrayList<>();
        TrainingResult r = FixMatchTrainer.builder(config(after)).data(TRAIN, TEST).progress(
                new TrainingProgressListener() {
                    @Override
                    public void onStart(FixMatchConfig c, long startStep) {
                        starts.add(startStep);
                    }
                }).build().run();
        assertEquals(List.of(4L), starts);
        assertEquals(8, r.stepsDone());
        assertEquals(after.toString(), FixMatchConfig.fromJson(Files.readString(after.resolve("config.json")))
                .getOutputDir());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FixMatchTrainer.builder(
                config(after).toBuilder().tau(0.7).build()).data(TRAIN, TEST).build().run());
        assertTrue(e.getMessage().contains("another configuration"), e.getMessage());
    }
}
