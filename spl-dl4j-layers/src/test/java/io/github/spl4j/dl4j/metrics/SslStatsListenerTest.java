package io.github.spl4j.dl4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StorageMetaData;
import org.deeplearning4j.core.storage.impl.CollectionStatsStorageRouter;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import io.github.spl4j.loss.PseudoLabelDiagnostics;

class SslStatsListenerTest {
    private final List<StorageMetaData> metas = new ArrayList<>();
    private final List<Persistable> infos = new ArrayList<>();
    private final List<Persistable> updates = new ArrayList<>();
    private final CollectionStatsStorageRouter router = new CollectionStatsStorageRouter(metas, infos, updates);

    @Test
    void routesExactlyWhatTheMetricsListenerSawWithIdsAndStaticInfo() {
        MultiLayerNetwork net = SslMetricsListenerTest.net();
        int[] truth = {0, 1, 2, 0, 1, 2, -1, 0};
        List<StepMetrics> seen = new ArrayList<>();
        SslMetricsListener metrics = new SslMetricsListener.Builder().logEvery(0).trueLabels(() -> truth)
                .consumer(seen::add).build();
        SslStatsListener stats = new SslStatsListener.Builder(router).sessionID("run-1").workerID("w0").build();
        net.setListeners(metrics, stats);
        for (int i = 0; i < 4; i++) {
            net.fit(SslMetricsListenerTest.batch(i));
        }

        assertEquals(1, metas.size());
        SslStorageMetaData meta = (SslStorageMetaData) metas.get(0);
        assertEquals("run-1", meta.getSessionID());
        assertEquals(SslStatsListener.TYPE_ID, meta.getTypeID());
        assertEquals("w0", meta.getWorkerID());
        assertEquals(SslStatsReport.class.getName(), meta.getUpdateTypeClass());

        assertEquals(1, infos.size());
        SslStaticInfo info = (SslStaticInfo) infos.get(0);
        assertEquals(MultiLayerNetwork.class.getName(), info.getModelClass());
        assertEquals(net.numParams(), info.getNumParams());
        assertEquals(SslMetricsListener.findLoss(net).orElseThrow().toString(), info.getLossDescription());

        assertEquals(4, updates.size());
        long previous = -1;
        for (int i = 0; i < 4; i++) {
            SslStatsReport r = (SslStatsReport) updates.get(i);
            assertSame(seen.get(i), r.getMetrics(), "the metrics listener's own record, accuracy included");
            assertEquals(i, r.getMetrics().step());
            assertTrue(r.getTimeStamp() > previous, "timestamps strictly increase: the storages key by them");
            previous = r.getTimeStamp();
            assertEquals("run-1", r.getSessionID());
            assertEquals("w0", r.getWorkerID());
        }
        assertTrue(!Double.isNaN(seen.get(3).pseudoLabelAccuracy()));
    }

    @Test
    void measuresItselfWithoutAMetricsListenerBeforeIt() {
        MultiLayerNetwork net = SslMetricsListenerTest.net();
        SslStatsListener stats = new SslStatsListener(router);
        SslMetricsListener after = new SslMetricsListener.Builder().logEvery(0).trueLabels(() -> new int[8]).build();
        net.setListeners(stats, after);
        net.fit(SslMetricsListenerTest.batch(5));
        PseudoLabelDiagnostics d = SslMetricsListener.findLoss(net).orElseThrow().getLastDiagnostics().orElseThrow();
        StepMetrics m = ((SslStatsReport) updates.get(0)).getMetrics();
        assertEquals(d.getSupervisedLoss(), m.supervisedLoss(), 0.0);
        assertEquals(d.getUnsupervisedLoss(), m.unsupervisedLoss(), 0.0);
        assertEquals(d.getMeanWeight(), m.meanWeight(), 0.0);
        assertEquals(net.score(), m.score(), 0.0);
        assertEquals(0.1, m.learningRate(), 1e-15);
        assertTrue(Double.isNaN(m.pseudoLabelAccuracy()), "no true labels without the metrics listener before it");
        assertTrue(m.stepSeconds() > 0);
        assertEquals(36, stats.getSessionID().length(), "a random UUID");
        assertTrue(stats.getWorkerID().endsWith("_" + Thread.currentThread().getId()), stats.getWorkerID());
    }

    @Test
    void reportsEveryNthStep() {
        MultiLayerNetwork net = SslMetricsListenerTest.net();
        net.setListeners(new SslStatsListener.Builder(router).reportEvery(2).build());
        for (int i = 0; i < 5; i++) {
            net.fit(SslMetricsListenerTest.batch(i));
        }
        assertEquals(List.of(1L, 3L), updates.stream().map(p -> ((SslStatsReport) p).getMetrics().step()).toList());
        assertEquals(1, infos.size());
    }

    @Test
    void cloneSharesRouterAndSessionAndNewWorkerIdResendsStaticInfo() {
        SslStatsListener original = new SslStatsListener.Builder(router).sessionID("s").workerID("main")
                .reportEvery(3).build();
        SslStatsListener copy = original.clone();
        assertSame(router, copy.getStorageRouter());
        assertEquals("s", copy.getSessionID());
        assertEquals(3, copy.getReportEvery());
        assertNotEquals("main", copy.getWorkerID());

        SslStatsListener stats = new SslStatsListener.Builder(router).workerID("a").build();
        MultiLayerNetwork net = SslMetricsListenerTest.net();
        net.setListeners(stats);
        net.fit(SslMetricsListenerTest.batch(1));
        stats.setWorkerID("b");
        net.fit(SslMetricsListenerTest.batch(2));
        assertEquals(List.of("a", "b"), infos.stream().map(Persistable::getWorkerID).toList());
        assertEquals(List.of("a", "b"), updates.stream().map(Persistable::getWorkerID).toList());
    }

    @Test
    void validation() {
        assertEquals("reportEvery must be >= 1, found 0", assertThrows(IllegalArgumentException.class,
                () -> new SslStatsListener.Builder(router).reportEvery(0)).getMessage());
        assertEquals("workerID must not be empty", assertThrows(IllegalArgumentException.class,
                () -> new SslStatsListener.Builder(router).workerID("")).getMessage());
        assertEquals("router", assertThrows(NullPointerException.class,
                () -> new SslStatsListener(null)).getMessage());
    }
}
