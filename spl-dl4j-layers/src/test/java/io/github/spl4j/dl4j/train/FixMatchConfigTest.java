package io.github.spl4j.dl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.github.spl4j.data.LabelSplit;

class FixMatchConfigTest {

    @Test
    void defaultsFollowFixMatch() {
        FixMatchConfig c = FixMatchConfig.builder().build();
        assertEquals(0.95, c.getTau(), 0.0);
        assertEquals(64, c.getBatchSize());
        assertEquals(7, c.getUnlabeledRatio());
        assertEquals(448, c.unlabeledPerStep());
        assertEquals(0.03, c.getLearningRate(), 0.0);
        assertEquals(5e-4, c.getWeightDecay(), 0.0);
        assertEquals(0.999, c.getEmaDecay(), 0.0);
        assertTrue(c.isEmaWarmUp());
        assertEquals(FixMatchConfig.WeightingKind.SMOOTH, c.getWeighting());
    }

    @Test
    void jsonRoundTripAndPartialJson() {
        FixMatchConfig c = FixMatchConfig.builder().weighting(FixMatchConfig.WeightingKind.HARD).tau(0.8).mu(2)
                .labels(250).splitStrategy(LabelSplit.Strategy.RANDOM).steps(1000).evalInterval(100)
                .dataDir("/tmp/x").outputDir("runs/a").seed(7).splitSeed(-3).emaWarmUp(false).build();
        FixMatchConfig back = FixMatchConfig.fromJson(c.toJson());
        assertEquals(c, back);
        assertEquals(c.hashCode(), back.hashCode());
        assertEquals(c.toString(), back.toString());
        FixMatchConfig partial = FixMatchConfig.fromJson("{\"tau\": 0.7}");
        assertEquals(0.7, partial.getTau(), 0.0);
        assertEquals(FixMatchConfig.DEFAULT_STEPS, partial.getSteps());
        assertNotEquals(c, partial);
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void jsonRejectsUnknownKeysAndInvalidValues() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> FixMatchConfig.fromJson("{\"taux\": 0.7}"));
        assertTrue(unknown.getMessage().contains("taux"), unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> FixMatchConfig.fromJson("{\"tau\": 1.5}"));
        assertEquals("tau must be in [0, 1), found 1.5", bad.getMessage());
    }

    @Test
    void toStringNamesEveryKey() {
        String s = FixMatchConfig.builder().build().toString();
        assertTrue(s.startsWith("FixMatchConfig(dataset=FASHION_MNIST, dataDir=null, splitStrategy=BALANCED,"), s);
        assertTrue(s.endsWith(", outputDir=runs/spl4j)"), s);
    }

    @Test
    void valueValidation() {
        assertEquals("tau must be in [0, 1), found 1.0", assertThrows(IllegalArgumentException.class,
                () -> FixMatchConfig.builder().tau(1.0)).getMessage());
        assertEquals("mu must be finite and > 0, found 0.0", assertThrows(IllegalArgumentException.class,
                () -> FixMatchConfig.builder().mu(0)).getMessage());
        assertEquals("batchSize must be >= 1, found 0", assertThrows(IllegalArgumentException.class,
                () -> FixMatchConfig.builder().batchSize(0)).getMessage());
        assertEquals("emaDecay must be in [0, 1), found 1.0", assertThrows(IllegalArgumentException.class,
                () -> FixMatchConfig.builder().emaDecay(1.0)).getMessage());
        assertEquals("dataset must not be null", assertThrows(IllegalArgumentException.class,
                () -> FixMatchConfig.builder().dataset(null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> FixMatchConfig.builder().lambdaU(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> FixMatchConfig.builder().keepCheckpoints(0));
    }

    @Test
    void crossFieldRulesSayWhatToDo() {
        assertEquals("evalInterval (500) must be <= steps (100): lower evalInterval or raise steps",
                assertThrows(IllegalArgumentException.class, () -> FixMatchConfig.builder().steps(100)
                        .evalInterval(500).checkpointInterval(10).build()).getMessage());
        assertEquals("labels must be a multiple of the 10 classes for a BALANCED split, found 45: use a multiple "
                + "of 10 or splitStrategy RANDOM", assertThrows(IllegalArgumentException.class,
                        () -> FixMatchConfig.builder().labels(45).build()).getMessage());
        assertEquals(45, FixMatchConfig.builder().labels(45).splitStrategy(LabelSplit.Strategy.RANDOM).build()
                .getLabels());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FixMatchConfig.builder()
                .dataset(FixMatchConfig.DatasetKind.CIFAR10).build()).getMessage().startsWith("dataDir is required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FixMatchConfig.builder().steps(1000)
                .evalInterval(500).medianOfLast(3).checkpointInterval(100).build()).getMessage()
                .contains("lower medianOfLast or evalInterval"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FixMatchConfig.builder().steps(1000)
                .evalInterval(100).checkpointInterval(2000).build()).getMessage()
                .startsWith("checkpointInterval (2000) must be <= steps (1000)"));
    }

    @Test
    void longTailedSplitsAndTeacherPseudoLabelsRoundTrip() {
        FixMatchConfig c = FixMatchConfig.builder().splitStrategy(LabelSplit.Strategy.IMBALANCED).labels(40)
                .imbalanceRatio(10).unlabeledImbalanceRatio(5).unlabeledPerClass(300)
                .pseudoLabels(FixMatchConfig.PseudoLabelKind.TEACHER).build();
        FixMatchConfig back = FixMatchConfig.fromJson(c.toJson());
        assertEquals(c, back);
        assertEquals(c.hashCode(), back.hashCode());
        assertEquals(10.0, back.getImbalanceRatio(), 0.0);
        assertEquals(5.0, back.getUnlabeledImbalanceRatio(), 0.0);
        assertEquals(300, back.getUnlabeledPerClass());
        assertEquals(FixMatchConfig.PseudoLabelKind.TEACHER, back.getPseudoLabels());
        assertTrue(back.isImbalanced());
        assertTrue(c.toJson().contains("\"pseudoLabels\" : \"TEACHER\""), c.toJson());
        assertNotEquals(c, c.toBuilder().pseudoLabels(FixMatchConfig.PseudoLabelKind.STUDENT).build());
        assertNotEquals(c, c.toBuilder().imbalanceRatio(9).build());
        assertTrue(c.toString().contains("imbalanceRatio=10.0, unlabeledImbalanceRatio=5.0, unlabeledPerClass=300"),
                c.toString());
        assertTrue(FixMatchConfig.builder().unlabeledImbalanceRatio(10).build().isImbalanced());
        assertFalse(FixMatchConfig.builder().build().isImbalanced());
    }

    @Test
    void aConfigWrittenBeforeTheImbalanceAndTeacherOptionsStillLoads() throws IOException {
        String old;
        try (InputStream in = getClass().getResourceAsStream("config-before-imbalance.json")) {
            old = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        FixMatchConfig c = FixMatchConfig.fromJson(old);
        assertEquals(FixMatchConfig.DEFAULT_IMBALANCE_RATIO, c.getImbalanceRatio(), 0.0);
        assertEquals(FixMatchConfig.DEFAULT_UNLABELED_IMBALANCE_RATIO, c.getUnlabeledImbalanceRatio(), 0.0);
        assertEquals(0, c.getUnlabeledPerClass());
        assertEquals(FixMatchConfig.PseudoLabelKind.STUDENT, c.getPseudoLabels());
        assertEquals(FixMatchConfig.WeightingKind.HARD, c.getWeighting());
        assertEquals(2, c.getMedianOfLast());
        // a resumed old run compares its config.json with the new one: equal when the new options keep defaults
        assertEquals(c, FixMatchConfig.fromJson(c.toJson()));
    }

    @Test
    void imbalanceAndPseudoLabelValidationSaysWhatToDo() {
        assertEquals("imbalanceRatio must be finite and >= 1, found 0.5", assertThrows(
                IllegalArgumentException.class, () -> FixMatchConfig.builder().imbalanceRatio(0.5)).getMessage());
        assertEquals("imbalanceRatio must be finite and >= 1, found NaN", assertThrows(
                IllegalArgumentException.class, () -> FixMatchConfig.builder().imbalanceRatio(Double.NaN))
                .getMessage());
        assertEquals("unlabeledImbalanceRatio must be finite and >= 1, found Infinity", assertThrows(
                IllegalArgumentException.class, () -> FixMatchConfig.builder()
                        .unlabeledImbalanceRatio(Double.POSITIVE_INFINITY)).getMessage());
        assertEquals("unlabeledPerClass must be >= 0, found -1", assertThrows(IllegalArgumentException.class,
                () -> FixMatchConfig.builder().unlabeledPerClass(-1)).getMessage());
        assertEquals("pseudoLabels must be STUDENT or TEACHER, found null", assertThrows(
                IllegalArgumentException.class, () -> FixMatchConfig.builder().pseudoLabels(null)).getMessage());
        assertEquals("imbalanceRatio (10.0) applies to splitStrategy IMBALANCED only, found splitStrategy BALANCED: "
                + "set splitStrategy IMBALANCED or leave imbalanceRatio at 1", assertThrows(
                        IllegalArgumentException.class, () -> FixMatchConfig.builder().imbalanceRatio(10).build())
                .getMessage());
        assertEquals("labels must be >= 10 (at least one per class) for an IMBALANCED split, found 5: raise labels",
                assertThrows(IllegalArgumentException.class, () -> FixMatchConfig.builder().labels(5)
                        .splitStrategy(LabelSplit.Strategy.IMBALANCED).build()).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FixMatchConfig.builder().unlabeledRatio(0)
                .unlabeledImbalanceRatio(10).build()).getMessage().endsWith("raise unlabeledRatio or leave them at 1 "
                + "and 0"));
        String badKind = assertThrows(IllegalArgumentException.class,
                () -> FixMatchConfig.fromJson("{\"pseudoLabels\": \"TEECHER\"}")).getMessage();
        assertTrue(badKind.contains("TEECHER") && badKind.contains("STUDENT") && badKind.contains("TEACHER"),
                badKind);
        // an IMBALANCED split does not need a multiple of the classes
        assertEquals(45, FixMatchConfig.builder().labels(45).splitStrategy(LabelSplit.Strategy.IMBALANCED)
                .imbalanceRatio(10).build().getLabels());
    }
}
