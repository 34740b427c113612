package io.github.spl4j.dl4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import io.github.spl4j.dl4j.ema.EmaTeacherListener;
import io.github.spl4j.dl4j.models.WideResNet;

class CheckpointStoreTest {

    static MultiLayerNetwork trainedNet() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .updater(new Nesterovs(0.1, 0.9)).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet ds = new DataSet(Nd4j.linspace(-1, 1, 24, DataType.FLOAT).reshape(6, 4),
                Nd4j.eye(3).castTo(DataType.FLOAT).repeat(0, 2));
        net.fit(ds);
        net.fit(ds);
        return net;
    }

    private static TrainingCheckpoint checkpoint(long step, MultiLayerNetwork net) {
        return new TrainingCheckpoint(step, net, new EmaTeacherListener.State(net.params().mul(0.5), step), step + 7,
                "{\"tau\":0.9}", "{\"split\":1}", Map.of("k", "v"));
    }

    @Test
    void roundTripKeepsParametersUpdaterStateAndEverythingElse(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = trainedNet();
        CheckpointStore store = new CheckpointStore(dir, 2);
        Path file = store.save(checkpoint(3, net));
        assertEquals(store.fileFor(3), file);
        TrainingCheckpoint back = store.load(file);
        MultiLayerNetwork restored = (MultiLayerNetwork) back.getModel();
        assertArrayEquals(net.params().toFloatVector(), restored.params().toFloatVector());
        assertArrayEquals(net.getUpdater().getStateViewArray().toFloatVector(),
                restored.getUpdater().getStateViewArray().toFloatVector());
        assertEquals(net.getIterationCount(), restored.getIterationCount());
        assertEquals(3, back.getStep());
        assertEquals(10, back.getDataPosition());
        assertEquals(3, back.getEma().getUpdates());
        assertArrayEquals(net.params().mul(0.5).toFloatVector(), back.getEma().getShadow().toFloatVector());
        assertEquals("{\"tau\":0.9}", back.getConfigJson());
        assertEquals("{\"split\":1}", back.getSplitJson());
        assertEquals(Map.of("k", "v"), back.getProperties());
    }

    @Test
    void computationGraphsRoundTrip(@TempDir Path dir) throws Exception {
        ComputationGraph g = new WideResNet.Builder(1).depth(10).widenFactor(1).build();
        CheckpointStore store = new CheckpointStore(dir, 1);
        TrainingCheckpoint back = store.load(store.save(new TrainingCheckpoint(1, g, null, 1, "{}", null, Map.of())));
        assertTrue(back.getModel() instanceof ComputationGraph);
        assertArrayEquals(g.params().toFloatVector(), back.getModel().params().toFloatVector());
        assertEquals(null, back.getEma());
    }

    @Test
    void keepsOnlyTheLastK(@TempDir Path dir) {
        MultiLayerNetwork net = trainedNet();
        CheckpointStore store = new CheckpointStore(dir, 3);
        for (long s = 10; s <= 50; s += 10) {
            store.save(checkpoint(s, net));
        }
        List<Path> files = store.list();
        assertEquals(List.of(store.fileFor(50), store.fileFor(40), store.fileFor(30)), files);
    }

    @Test
    void corruptNewestCheckpointFallsBackToThePreviousOne(@TempDir Path dir) throws IOException {
        MultiLayerNetwork net = trainedNet();
        CheckpointStore store = new CheckpointStore(dir, 5);
        store.save(checkpoint(1, net));
        Path newest = store.save(checkpoint(2, net));
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(newest, bytes);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> store.load(newest));
        assertTrue(e.getMessage().contains(newest.toString()), e.getMessage());
        assertEquals(1, store.loadLatest().orElseThrow().getStep());

        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        assertThrows(CorruptCheckpointException.class, () -> store.load(newest));
        assertEquals(1, store.loadLatest().orElseThrow().getStep());
    }

    @Test
    void leftoverTemporaryFilesAreIgnoredAndDeleted(@TempDir Path dir) throws IOException {
        MultiLayerNetwork net = trainedNet();
        CheckpointStore store = new CheckpointStore(dir, 2);
        store.save(checkpoint(4, net));
        Path tmp = dir.resolve("checkpoint-0000000005.zip.tmp");
        Files.write(tmp, new byte[] {1, 2, 3});
        assertEquals(1, store.list().size());
        assertEquals(4, store.loadLatest().orElseThrow().getStep());
        assertFalse(Files.exists(tmp));
    }

    @Test
    void emptyFolderHasNoCheckpoint(@TempDir Path dir) {
        assertTrue(new CheckpointStore(dir.resolve("absent"), 1).loadLatest().isEmpty());
    }

    @Test
    void validation(@TempDir Path dir) {
        assertEquals("keepLast must be >= 1, found 0", assertThrows(IllegalArgumentException.class,
                () -> new CheckpointStore(dir, 0)).getMessage());
        MultiLayerNetwork net = trainedNet();
        assertEquals("step must be >= 0, found -1", assertThrows(IllegalArgumentException.class,
                () -> new TrainingCheckpoint(-1, net, null, 0, "{}", null, Map.of())).getMessage());
    }
}
