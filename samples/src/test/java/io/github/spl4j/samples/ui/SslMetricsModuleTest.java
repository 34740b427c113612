package io.github.spl4j.samples.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;

import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.ui.api.UIModule;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import io.github.spl4j.data.FixMatchBatchLayout;
import io.github.spl4j.dl4j.metrics.SslMetricsListener;
import io.github.spl4j.dl4j.metrics.SslStaticInfo;
import io.github.spl4j.dl4j.metrics.SslStatsListener;
import io.github.spl4j.dl4j.metrics.SslStatsReport;
import io.github.spl4j.dl4j.metrics.SslStorageMetaData;
import io.github.spl4j.dl4j.metrics.StepMetrics;
import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;
import io.github.spl4j.weighting.SmoothRamp;

class SslMetricsModuleTest {
    private static final int B = 4;
    private static final int N = 8;
    /** The true labels of the 8 unlabelled rows; -1 = unknown. */
    private static final int[] TRUTH = {0, 1, 2, 0, 1, 2, -1, 0};
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A tiny network with spl4j's real loss (Smooth FixMatch, τ 0.3, λu 2). */
    private static MultiLayerNetwork net() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(new SmoothPseudoLabelLossFunction(new SmoothRamp(0.3, 1.0), 2.0))
                        .nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5)).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    private static DataSet batch(long seed) {
        Random r = new Random(seed);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, B, 3);
        for (int i = 0; i < B; i++) {
            y.putScalar(i, r.nextInt(3), 1.0);
        }
        INDArray weak = gaussian(r, N);
        return FixMatchBatchLayout.assemble(gaussian(r, B), y, weak, weak.add(0.1));
    }

    private static INDArray gaussian(Random r, int rows) {
        double[][] x = new double[rows][5];
        for (double[] row : x) {
            for (int k = 0; k < 5; k++) {
                row[k] = 3 * r.nextGaussian();
            }
        }
        return Nd4j.createFromArray(x);
    }

    /**
     * Fits {@code steps} steps with a metrics listener (true labels known) and a storage listener after it.
     *
     * @return what the metrics listener saw, step by step
     */
    private static List<StepMetrics> fit(MultiLayerNetwork net, SslStatsListener stats, int from, int steps) {
        List<StepMetrics> seen = new ArrayList<>();
        SslMetricsListener metrics = new SslMetricsListener.Builder().logEvery(0).trueLabels(() -> TRUTH)
                .consumer(seen::add).build();
        net.setListeners(metrics, stats);
        for (int i = from; i < from + steps; i++) {
            net.fit(batch(i));
        }
        return seen;
    }

    private static List<StepMetrics> stored(StatsStorage storage, String session, String worker) {
        List<StepMetrics> out = new ArrayList<>();
        for (Persistable p : storage.getAllUpdatesAfter(session, SslStatsListener.TYPE_ID, worker, 0)) {
            out.add(assertInstanceOf(SslStatsReport.class, p).getMetrics());
        }
        return out;
    }

    @Test
    void recordsRoundTripThroughInMemoryStorage() {
        InMemoryStatsStorage storage = new InMemoryStatsStorage();
        MultiLayerNetwork net = net();
        List<StepMetrics> seen = fit(net, new SslStatsListener.Builder(storage).sessionID("s1").workerID("w")
                .build(), 0, 5);
        assertEquals(5, seen.size());
        assertTrue(seen.stream().noneMatch(m -> Double.isNaN(m.pseudoLabelAccuracy())), "true labels were known");
        assertEquals(seen, stored(storage, "s1", "w"));
        assertEquals(List.of("s1"), storage.listSessionIDs());
        assertEquals(List.of(SslStatsListener.TYPE_ID), storage.listTypeIDsForSession("s1"));
        SslStaticInfo info = assertInstanceOf(SslStaticInfo.class,
                storage.getStaticInfo("s1", SslStatsListener.TYPE_ID, "w"));
        assertEquals(net.numParams(), info.getNumParams());
        assertTrue(info.getLossDescription().contains("SmoothRamp"), info.getLossDescription());
        assertInstanceOf(SslStorageMetaData.class, storage.getStorageMetaData("s1", SslStatsListener.TYPE_ID));
    }

    @Test
    void recordsRoundTripThroughFileStorageAfterReopening(@TempDir Path dir) throws IOException {
        File file = dir.resolve("stats.dl4j").toFile();
        FileStatsStorage storage = new FileStatsStorage(file);
        List<StepMetrics> seen = fit(net(), new SslStatsListener.Builder(storage).sessionID("f1").workerID("w")
                .build(), 0, 4);
        storage.close();

        FileStatsStorage reopened = new FileStatsStorage(file);
        try {
            assertEquals(seen, stored(reopened, "f1", "w"), "decoded from the file, bit for bit");
            SslStorageMetaData meta = assertInstanceOf(SslStorageMetaData.class,
                    reopened.getStorageMetaData("f1", SslStatsListener.TYPE_ID));
            assertEquals(SslStatsReport.class.getName(), meta.getUpdateTypeClass());
            assertInstanceOf(SslStaticInfo.class, reopened.getStaticInfo("f1", SslStatsListener.TYPE_ID, "w"));

            SslMetricsModule module = new SslMetricsModule();
            module.onAttach(reopened);
            JsonNode data = MAPPER.readTree(module.dataJson("f1", 100).orElseThrow());
            assertEquals(4, data.get("workers").get(0).get("points").asInt());
        } finally {
            reopened.close();
        }
    }

    @Test
    void dataRouteReturnsTheSeriesTheListenerSaw() throws IOException {
        InMemoryStatsStorage storage = new InMemoryStatsStorage();
        SslMetricsModule module = new SslMetricsModule();
        module.onAttach(storage);
        assertEquals("{\"sessionId\":null,\"workers\":[]}", module.dataJson(null, 100).orElseThrow(),
                "before any record");

        MultiLayerNetwork net = net();
        SslStatsListener stats = new SslStatsListener.Builder(storage).sessionID("run").workerID("w0").build();
        List<StepMetrics> seen = new ArrayList<>(fit(net, stats, 0, 3));
        JsonNode data = MAPPER.readTree(module.dataJson(null, 100).orElseThrow());
        assertEquals("run", data.get("sessionId").asText());
        assertEquals(MultiLayerNetwork.class.getName(), data.get("model").asText());
        assertEquals(net.numParams(), data.get("numParams").asLong());
        assertSeries(seen, data.get("workers").get(0));

        // later steps are read incrementally and appended
        seen.addAll(fit(net, stats, 3, 2));
        JsonNode more = MAPPER.readTree(module.dataJson("run", 100).orElseThrow());
        assertSeries(seen, more.get("workers").get(0));

        JsonNode sessions = MAPPER.readTree(module.sessionsJson()).get("sessions");
        assertEquals(1, sessions.size());
        assertEquals("run", sessions.get(0).get("sessionId").asText());
        assertEquals("w0", sessions.get(0).get("workers").get(0).asText());
        assertTrue(module.dataJson("no-such-session", 100).isEmpty());

        module.onDetach(storage);
        assertEquals("{\"sessions\":[]}", module.sessionsJson());
    }

    private static void assertSeries(List<StepMetrics> seen, JsonNode worker) {
        assertEquals("w0", worker.get("workerId").asText());
        assertEquals(seen.size(), worker.get("points").asInt());
        JsonNode s = worker.get("series");
        for (int i = 0; i < seen.size(); i++) {
            StepMetrics m = seen.get(i);
            assertEquals(m.step(), s.get("iteration").get(i).asLong());
            assertEquals(m.supervisedLoss(), s.get("supervisedLoss").get(i).asDouble(), 0.0);
            assertEquals(m.unsupervisedLoss(), s.get("unsupervisedLoss").get(i).asDouble(), 0.0);
            assertEquals(m.totalLoss(), s.get("totalLoss").get(i).asDouble(), 0.0);
            assertEquals(m.meanWeight(), s.get("meanWeight").get(i).asDouble(), 0.0);
            assertEquals(m.fractionWeighted(), s.get("fractionWeighted").get(i).asDouble(), 0.0);
            assertEquals(m.meanConfidence(), s.get("meanConfidence").get(i).asDouble(), 0.0);
            assertEquals(m.pseudoLabelAccuracy(), s.get("pseudoLabelAccuracy").get(i).asDouble(), 0.0);
            assertEquals(m.learningRate(), s.get("learningRate").get(i).asDouble(), 0.0);
            assertEquals(m.stepSeconds(), s.get("stepSeconds").get(i).asDouble(), 0.0);
        }
        assertEquals(seen.size(), s.get("timestamp").size());
    }

    @Test
    void unknownValuesAreJsonNullAndLongSeriesAreThinned() throws IOException {
        InMemoryStatsStorage storage = new InMemoryStatsStorage();
        for (int i = 0; i < 10; i++) {
            storage.putUpdate(new SslStatsReport("s", SslStatsListener.TYPE_ID, "w", 100 + i,
                    new StepMetrics(i, 1, 2, 3, 3, 0.5, 0.5, 0.9, Double.NaN, 0.03, 0.1)));
        }
        storage.putStaticInfo(new SslStaticInfo("s", SslStatsListener.TYPE_ID, "w", 100, "m", 1, null));
        SslMetricsModule module = new SslMetricsModule();
        module.onAttach(storage);
        JsonNode w = MAPPER.readTree(module.dataJson("s", 4).orElseThrow()).get("workers").get(0);
        assertEquals(10, w.get("points").asInt());
        assertEquals("[0,3,6,9]", w.get("series").get("iteration").toString(), "first and last kept, evenly spread");
        assertEquals("[null,null,null,null]", w.get("series").get("pseudoLabelAccuracy").toString());
        assertArrayEquals(new int[] {0, 1, 2}, SslMetricsModule.thin(3, 5));
        assertEquals("maxPoints must be >= 2, found 1", assertThrows(IllegalArgumentException.class,
                () -> module.dataJson("s", 1)).getMessage());
    }

    @Test
    void uiServerDiscoversTheModuleThroughTheServiceLoader() {
        List<Class<?>> found = new ArrayList<>();
        ServiceLoader.load(UIModule.class).forEach(m -> found.add(m.getClass()));
        assertTrue(found.contains(SslMetricsModule.class), found.toString());
        assertTrue(SslMetricsModule.pageHtml().contains("/spl4j/ssl/data"));
    }

    @Test
    void runningUiServerServesThePageAndTheData() throws IOException {
        System.setProperty("org.deeplearning4j.ui.port", "0");
        UIServer server = UIServer.getInstance();
        InMemoryStatsStorage storage = new InMemoryStatsStorage();
        server.attach(storage);
        try {
            List<StepMetrics> seen = fit(net(), new SslStatsListener.Builder(storage).sessionID("http-run")
                    .workerID("w0").build(), 0, 2);
            String base = "http://localhost:" + server.getPort();
            assertTrue(get(base + SslMetricsModule.PAGE, 200).contains("<title>spl4j"));
            JsonNode data = MAPPER.readTree(get(base + SslMetricsModule.DATA + "/http-run", 200));
            assertSeries(seen, data.get("workers").get(0));
            get(base + SslMetricsModule.DATA + "/http-run?maxPoints=x", 400);
        } finally {
            server.detach(storage);
        }
    }

    private static String get(String url, int status) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        assertEquals(status, c.getResponseCode(), url);
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
