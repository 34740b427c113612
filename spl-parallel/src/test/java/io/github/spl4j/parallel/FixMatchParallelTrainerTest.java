package io.github.spl4j.parallel;

import io.github.spl4j.dl4j.distributed.SyntheticFixMatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import io.github.spl4j.data.FixMatchBatchLayout;
import io.github.spl4j.dl4j.distributed.AveragedModelListener;
import io.github.spl4j.dl4j.ema.EmaTeacherListener;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class FixMatchParallelTrainerTest {

    /** A stand-in EMA teacher: teacher = decay * teacher + (1 - decay) * averaged student, its own buffer. */
    private static final class EmaStandIn implements AveragedModelListener {
        final double decay;
        INDArray teacher;
        long updates;
        final List<Double> workerSpread = new ArrayList<>();
        FixMatchParallelTrainer trainer;

        EmaStandIn(double decay) {
            this.decay = decay;
        }

        @Override
        public void onAveraged(Model averagedModel, long round) {
            updates++;
            assertEquals(updates, round, "rounds are numbered 1, 2, ...");
            INDArray p = averagedModel.params();
            teacher = teacher == null ? p.dup() : teacher.muli(decay).addi(p.mul(1 - decay));
            // While fit runs, every worker replica must hold the averaged parameters at this point.
            double spread = 0;
            for (Model worker : trainer.workerModels()) {
                spread = Math.max(spread, worker.params().sub(p).amaxNumber().doubleValue());
            }
            if (trainer.workerModels().length > 0) {
                workerSpread.add(spread);
            }
        }
    }

    @Test
    void twoWorkersTrainOnWholeBatchesAndTheTeacherFollowsTheAveragedModel() {
        MultiLayerNetwork net = SyntheticFixMatch.network(7);
        DataSet test = SyntheticFixMatch.testSplit(300, 99);
        DataSet probe = SyntheticFixMatch.batches(1, 1234).get(0);
        double accuracyBefore = SyntheticFixMatch.accuracy(net, test);
        double scoreBefore = net.score(probe, false);

        EmaStandIn ema = new EmaStandIn(0.9);
        EmaTeacherListener teacherListener = new EmaTeacherListener.Builder().decay(0.9).build();
        int batches = 60;
        try (FixMatchParallelTrainer trainer = FixMatchParallelTrainer.builder(net, SyntheticFixMatch.LAYOUT)
                .workers(2).prefetch(0).averagedModelListener(ema)
                .averagedModelListener(AveragedModelListener.of(teacherListener)).build()) {
            ema.trainer = trainer;
            long trained = trainer.fit(new ListDataSetIterator<>(SyntheticFixMatch.batches(batches, 5), 1), batches);

            assertEquals(batches, trained);
            // The guard on the workers ran once per batch and each time the loss saw [12 | 24 | 24].
            assertEquals(batches, trainer.guard().checkedIterations());
            assertEquals(batches / 2, trainer.rounds());
            assertEquals(batches / 2, ema.updates);
            assertEquals(batches / 2, teacherListener.getUpdateCount(), "the EMA teacher updates once per round");
        }
        assertEquals(batches / 2 - 1, ema.workerSpread.size(), "all rounds but the last are seen while fit runs");
        for (double spread : ema.workerSpread) {
            assertEquals(0.0, spread, 1e-6, "replicas differ from the averaged model at the hook");
        }

        double scoreAfter = net.score(probe, false);
        double accuracyAfter = SyntheticFixMatch.accuracy(net, test);
        assertTrue(scoreAfter < 0.7 * scoreBefore, "score " + scoreBefore + " -> " + scoreAfter);
        assertTrue(accuracyAfter > 0.9 && accuracyAfter > accuracyBefore,
                "accuracy " + accuracyBefore + " -> " + accuracyAfter);

        MultiLayerNetwork teacher = net.clone();
        teacher.setParams(ema.teacher);
        double teacherAccuracy = SyntheticFixMatch.accuracy(teacher, test);
        assertTrue(teacherAccuracy > 0.85, "EMA teacher accuracy " + teacherAccuracy);
        double realTeacherAccuracy = SyntheticFixMatch.accuracy((MultiLayerNetwork) teacherListener.teacher(), test);
        assertTrue(realTeacherAccuracy > 0.85, "EmaTeacherListener teacher accuracy " + realTeacherAccuracy);
    }

    @Test
    void batchesWithAnotherLayoutAreRejectedBeforeReachingAWorker() {
        MultiLayerNetwork net = SyntheticFixMatch.network(7);
        List<DataSet> halves = new ArrayList<>();
        for (DataSet whole : SyntheticFixMatch.batches(4, 5)) {
            halves.add((DataSet) whole.getRange(0, 36)); // [12 labelled | 12 | 12]: a valid layout, the wrong one
        }
        try (FixMatchParallelTrainer trainer = FixMatchParallelTrainer.builder(net, SyntheticFixMatch.LAYOUT)
                .workers(2).prefetch(0).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> trainer.fit(new ListDataSetIterator<>(halves, 1), 4));
            assertTrue(e.getMessage().contains("expected FixMatchBatchLayout") && e.getMessage().contains("N = 12"),
                    e.getMessage());
        }
    }

    @Test
    void builderValidatesItsArguments() {
        MultiLayerNetwork net = SyntheticFixMatch.network(7);
        FixMatchBatchLayout layout = SyntheticFixMatch.LAYOUT;
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> FixMatchParallelTrainer.builder(net, layout).workers(0));
        assertEquals("workers must be >= 1, found 0", w.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> FixMatchParallelTrainer.builder(net, layout).averagingFrequency(-2));
        assertEquals("averagingFrequency must be >= 1, found -2", f.getMessage());
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> FixMatchParallelTrainer.builder(net, layout).prefetch(-1));
        assertEquals("prefetch must be >= 0, found -1", p.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                () -> FixMatchParallelTrainer.builder(null, layout));
        assertTrue(m.getMessage().startsWith("model must be a MultiLayerNetwork or ComputationGraph, found null"));
    }
}
