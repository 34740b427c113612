package io.github.spl4j.arbiter;

import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.conf.updater.SgdSpace;
import org.deeplearning4j.arbiter.layers.DenseLayerSpace;
import org.deeplearning4j.arbiter.layers.OutputLayerSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixMatchSearchTest {

    private static final int STEPS = 40;

    static MultiLayerSpace network(PseudoLabelLossSpace loss, Object updater) {
        MultiLayerSpace.Builder b = new MultiLayerSpace.Builder();
        if (updater instanceof SgdSpace s) {
            b.updater(s);
        } else {
            b.updater(new Adam(0.02));
        }
        return b.addLayer(new DenseLayerSpace.Builder().nIn(2).nOut(16).activation(Activation.TANH).build())
                .addLayer(new OutputLayerSpace.Builder().nOut(2).activation(Activation.SOFTMAX)
                        .iLossFunction(loss).build())
                .build();
    }

    static PseudoLabelLossSpace tauAndKind() {
        return PseudoLabelLossSpace.builder().weighting(WeightingKindSpace.both()).tau(TauSpace.uniform(0.5, 0.95))
                .mu(MuSpace.shapes()).build();
    }

    static Properties smallData() {
        Properties p = new Properties();
        p.setProperty(TwoMoonsDataSource.BATCHES_PER_EPOCH, "15");
        return p;
    }

    static FixMatchSearch.Builder tiny(Path folder, int candidates) {
        return FixMatchSearch.builder(network(tauAndKind(), null), TwoMoonsDataSource.class, folder)
                .dataProperties(smallData()).steps(STEPS).seed(5).maxCandidates(candidates)
                .emaDecay(EmaDecaySpace.values(0.9, 0.99));
    }

    @Test
    void tinyRandomSearchWritesRecordsTablesAndPlotAndResumes(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("search");
        SearchSummary first = tiny(folder, 3).build().run();

        assertEquals(3, first.ranked().size());
        for (CandidateRecord r : first.ranked()) {
            assertEquals(CandidateRecord.Status.COMPLETE, r.getStatus(), r.toString());
            assertEquals(STEPS, r.getSteps());
            assertEquals(5, r.getSeed());
            assertTrue(r.getTau() >= 0.5 && r.getTau() <= 0.95, r.toString());
            assertTrue(r.getEmaDecay() == 0.9 || r.getEmaDecay() == 0.99, r.toString());
            assertEquals(0.02, r.getLearningRate(), 1e-12);
            assertTrue(r.getSeconds() > 0);
            assertTrue(Files.isRegularFile(SearchResults.recordFile(folder, r.getIndex())));
            String network = Files.readString(folder.resolve("candidate-" + r.getIndex() + "-network.json"));
            var conf = org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(network);
            var out = (org.deeplearning4j.nn.conf.layers.BaseOutputLayer) conf.getConf(1).getLayer();
            assertEquals(r.getTau(), ((io.github.spl4j.loss.SmoothPseudoLabelLossFunction) out.getLossFn())
                    .getWeighting().getTau(), "the stored network matches the record");
        }
        for (int i = 1; i < first.ranked().size(); i++) {
            assertTrue(first.ranked().get(i - 1).getValidationError() <= first.ranked().get(i).getValidationError());
        }
        CandidateRecord best = first.best().orElseThrow();
        assertTrue(best.getValidationError() < 0.35, "the FixMatch candidates learn the moons: " + best);

        List<String> csv = Files.readAllLines(folder.resolve(SearchResults.CANDIDATES_CSV));
        assertEquals(4, csv.size());
        assertEquals(CandidateRecord.csvHeader(), csv.get(0));
        List<String> summary = Files.readAllLines(folder.resolve(SearchResults.SUMMARY_CSV));
        assertTrue(summary.get(1).startsWith(best.getIndex() + ","), summary.toString());
        assertTrue(Files.readString(folder.resolve(SearchResults.SUMMARY_TXT)).contains("rank"));
        BufferedImage png = ImageIO.read(folder.resolve(SearchResults.PLOT_PNG).toFile());
        assertNotNull(png, "the plot is a readable PNG");
        assertEquals(SearchResults.PLOT_WIDTH, png.getWidth());
        assertEquals(SearchResults.PLOT_HEIGHT, png.getHeight());

        // Resume with a larger budget: the three finished candidates are read back, only one new one is trained.
        SearchSummary resumed = tiny(folder, 4).build().run();
        assertEquals(4, resumed.ranked().size());
        for (CandidateRecord r : first.ranked()) {
            assertEquals(r, SearchResults.read(folder, r.getIndex()).orElseThrow(),
                    "finished candidate " + r.getIndex() + " was not repeated (its record, time included, is unchanged)");
        }
        assertTrue(SearchResults.read(folder, 3).isPresent());

        // A different search in the same folder is refused.
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> tiny(folder, 4).steps(STEPS + 1).build().run());
        assertTrue(e.getMessage().contains("holds a different search"), e.getMessage());
    }

    @Test
    void gridSearchRecordsDivergedCandidatesAsFailedAndCompletes(@TempDir Path dir) {
        SgdSpace lr = new SgdSpace(new DiscreteParameterSpace<>(0.1, 1e300));
        PseudoLabelLossSpace loss = PseudoLabelLossSpace.builder().weighting(WeightingKindSpace.both())
                .tau(TauSpace.fixed(0.8)).build();
        SearchSummary s = FixMatchSearch.builder(network(loss, lr), TwoMoonsDataSource.class, dir)
                .dataProperties(smallData()).steps(20).gridSearch(2).maxCandidates(10).build().run();

        assertEquals(4, s.ranked().size(), "2 learning rates x 2 kinds, grid exhausted before 10");
        assertEquals(2, s.failedCount());
        for (CandidateRecord r : s.ranked()) {
            if (r.getLearningRate() > 1) {
                assertEquals(CandidateRecord.Status.FAILED, r.getStatus(), r.toString());
                // The loss itself refuses non-finite outputs (an exception), or the task sees a non-finite score.
                assertTrue(r.getMessage().contains("diverged"), r.getMessage());
                assertTrue(Double.isNaN(r.getValidationError()));
            } else {
                assertEquals(CandidateRecord.Status.COMPLETE, r.getStatus(), r.toString());
            }
        }
        assertEquals(CandidateRecord.Status.FAILED, s.ranked().get(3).getStatus(), "failed candidates rank last");
        assertTrue(s.best().orElseThrow().getLearningRate() < 1);
    }

    @Test
    void candidateThatThrowsIsRecordedAsFailed(@TempDir Path dir) {
        MultiLayerSpace plain = new MultiLayerSpace.Builder().updater(new Adam(0.02))
                .addLayer(new OutputLayerSpace.Builder().nIn(2).nOut(2).activation(Activation.SOFTMAX)
                        .lossFunction(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).build())
                .build();
        SearchSummary s = FixMatchSearch.builder(plain, TwoMoonsDataSource.class, dir).steps(5).maxCandidates(2)
                .build().run();
        assertEquals(2, s.failedCount(), "both candidates fail, the search still completes");
        assertTrue(s.ranked().get(0).getMessage().startsWith("the output layer's loss must be a"
                + " SmoothPseudoLabelLossFunction"), s.ranked().get(0).getMessage());
        assertTrue(s.best().isEmpty());
        assertEquals(null, s.ranked().get(0).getWeighting(), "no weighting is invented for a network without our loss");
    }

    @Test
    void sameSeedGivesTheSameValidationError(@TempDir Path dir) {
        CandidateRecord a = tiny(dir.resolve("a"), 1).steps(20).build().run().ranked().get(0);
        CandidateRecord b = tiny(dir.resolve("b"), 1).steps(20).build().run().ranked().get(0);
        assertTrue(a.sameSettings(b), a + " vs " + b);
        assertEquals(a.getValidationError(), b.getValidationError());
    }

    @Test
    void timeLimitStopsTheSearch(@TempDir Path dir) {
        SearchSummary s = tiny(dir, 1000).maxTime(Duration.ofMillis(1)).build().run();
        assertTrue(s.ranked().size() < 1000, "stopped by time, not by count: " + s.ranked().size());
        assertEquals(0, s.ranked().size(), "Arbiter checks the time before queueing the first candidate");
    }

    @Test
    void builderRejectsBadSettings(@TempDir Path dir) {
        FixMatchSearch.Builder b = tiny(dir, 1);
        assertEquals("steps must be >= 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> b.steps(0)).getMessage());
        assertEquals("maxCandidates must be >= 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> b.maxCandidates(0)).getMessage());
        assertEquals("discretization must be >= 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> b.gridSearch(0)).getMessage());
        assertEquals("maxTime must be positive, found PT0S",
                assertThrows(IllegalArgumentException.class, () -> b.maxTime(Duration.ZERO)).getMessage());
    }

    @Test
    void recordJsonAndCsvRoundTrip() {
        CandidateRecord ok = new CandidateRecord(2, CandidateRecord.Status.COMPLETE, WeightingKind.SMOOTH, 0.9, 1,
                1, 0.999, 0.03, 7, 100, 0.125, 1.5, null);
        CandidateRecord bad = new CandidateRecord(3, CandidateRecord.Status.FAILED, WeightingKind.HARD, 0.9,
                Double.NaN, 1, 0.999, 0.03, 7, 4, Double.NaN, 0.2, "diverged: \"x\"");
        assertEquals(ok, CandidateRecord.fromJson(ok.toJson()));
        assertEquals(bad, CandidateRecord.fromJson(bad.toJson()));
        assertEquals("2,COMPLETE,SMOOTH,0.9,1.0,1.0,0.999,0.03,7,100,0.125,1.500,", ok.toCsvRow());
        assertEquals("3,FAILED,HARD,0.9,,1.0,0.999,0.03,7,4,,0.200,\"diverged: \"\"x\"\"\"", bad.toCsvRow());
        assertEquals("validationError of a complete candidate must be in [0, 1], found NaN",
                assertThrows(IllegalArgumentException.class, () -> new CandidateRecord(0,
                        CandidateRecord.Status.COMPLETE, WeightingKind.HARD, 0.9, Double.NaN, 1, 0.9, 0.1, 1, 1,
                        Double.NaN, 1, null)).getMessage());
    }
}
