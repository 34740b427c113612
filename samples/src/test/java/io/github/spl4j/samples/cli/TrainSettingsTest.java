package io.github.spl4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainSettingsTest {
    @TempDir
    Path tmp;

    @Test
    void jsonRoundTripKeepsEveryField() throws IOException {
        TrainSettings s = TrainSettings.builder().weighting(TrainSettings.Weighting.HARD).tau(0.7).mu(2)
                .lambdaU(0.5).labels(250).sampling(TrainSettings.Sampling.IMBALANCED).imbalanceRatio(20)
                .dataset(TrainSettings.Dataset.CIFAR10).data(Path.of("/data/cifar")).model(TrainSettings.Model.WRN_28_2)
                .steps(10).batch(64).unlabeledRatio(7).seed(42).learningRate(0.01).emaDecay(0.99).evalEvery(5)
                .checkpointEvery(3).trainSubset(100).testSubset(50).build();
        Path f = tmp.resolve("s.json");
        Files.writeString(f, s.toJson());
        TrainSettings back = TrainSettings.readJson(f).build();
        assertEquals(s, back);
        assertEquals(s.toString(), back.toString());
        assertEquals(Path.of("/data/cifar"), back.data());
        assertEquals(TrainSettings.Model.WRN_28_2, back.model());
    }

    @Test
    void defaultsAreTheIssuesDefaultJob() {
        TrainSettings s = TrainSettings.builder().build();
        assertEquals(TrainSettings.Weighting.SMOOTH, s.weighting());
        assertEquals(0.95, s.tau(), 0);
        assertEquals(1.0, s.mu(), 0);
        assertEquals(40, s.labels());
        assertEquals(TrainSettings.Sampling.BALANCED, s.sampling());
        assertEquals(32, s.batch());
        assertEquals(3, s.unlabeledRatio());
        assertEquals(1L, s.seed());
        assertEquals(TrainSettings.Dataset.FASHION_MNIST, s.dataset());
        assertEquals(TrainSettings.Model.SMALLCNN, s.model());
    }

    @Test
    void validationMessagesNameTheSettingAndValue() {
        assertMessage("mu must be > 0, found -1.0", TrainSettings.builder().mu(-1));
        assertMessage("emaDecay must be in [0, 1), found 1.0", TrainSettings.builder().emaDecay(1));
        assertMessage("lambdaU must be >= 0, found NaN", TrainSettings.builder().lambdaU(Double.NaN));
        assertMessage("batch must be >= 1, found 0", TrainSettings.builder().batch(0));
        assertMessage("trainSubset must be >= 0 (0 = all), found -5", TrainSettings.builder().trainSubset(-5));
    }

    private static void assertMessage(String expected, TrainSettings.Builder b) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, b::build).getMessage());
    }
}
