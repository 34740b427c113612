package io.github.spl4j.dl4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.spl4j.dl4j.models.SmallCnn;

/**
 * Fault injection: a partial checkpoint under a final name (as a file system without atomic rename could leave, or a
 * copy cut short) must never be taken for a checkpoint, and must not make the pruning delete newer good ones.
 */
class CorruptCheckpointFaultTest {
    private static TrainingCheckpoint checkpoint(long step, MultiLayerNetwork net) {
        return new TrainingCheckpoint(step, net, null, step, "{}", null, Map.of());
    }

    @Test
    void aPartialFileWithAHigherStepIsMovedAsideAndDoesNotEvictNewerCheckpoints(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = new SmallCnn.Builder(3).inputShape(12, 12, 1).numClasses(10).build();
        CheckpointStore store = new CheckpointStore(dir, 1);
        Path good = store.save(checkpoint(7, net));
        byte[] bytes = Files.readAllBytes(good);
        for (int cut : new int[] {0, 1, bytes.length / 2, bytes.length - 1}) {
            Path partial = store.fileFor(50);
            Files.write(partial, java.util.Arrays.copyOf(bytes, cut));
            assertEquals(7, store.loadLatest().orElseThrow().getStep(), "cut at " + cut + " bytes");
            assertTrue(Files.exists(dir.resolve(partial.getFileName() + ".corrupt")), "moved aside");
            assertEquals(List.of(good), store.list());
        }
        // keepLast = 1: the next save (step 14 < 50) is kept, not pruned in favour of the corrupt step-50 file
        Path next = store.save(checkpoint(14, net));
        assertEquals(List.of(next), store.list());
        assertEquals(14, store.loadLatest().orElseThrow().getStep());
    }
}
