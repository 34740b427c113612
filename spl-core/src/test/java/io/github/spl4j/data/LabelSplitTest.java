package io.github.spl4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelSplitTest {

    private static final int CLASSES = 4;
    /** 20 images per class, plus 6 images of unknown class at the end. */
    private static final int[] LABELS = IntStream.range(0, 86).map(i -> i < 80 ? i % CLASSES : -1).toArray();

    @TempDir
    Path dir;

    static int[] countPerClass(int[] indices, int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int i : indices) {
            counts[labels[i]]++;
        }
        return counts;
    }

    @Test
    void balancedWithValidationHoldOut() {
        LabelSplit split = LabelSplit.builder().balanced(3).validationPerClass(2).seed(5).build(LABELS, CLASSES);
        assertArrayEquals(new int[] {3, 3, 3, 3}, countPerClass(split.labeled(), LABELS, CLASSES));
        assertArrayEquals(new int[] {2, 2, 2, 2}, countPerClass(split.validation(), LABELS, CLASSES));
        // unlabelled = everything but validation, labelled images and unknown-class images included
        assertEquals(86 - 8, split.unlabeled().length);
        for (int l : split.labeled()) {
            assertTrue(Arrays.binarySearch(split.unlabeled(), l) >= 0);
        }
        for (int u = 80; u < 86; u++) {
            assertTrue(Arrays.binarySearch(split.unlabeled(), u) >= 0);
        }
    }

    @Test
    void excludeLabeledRemovesThemFromTheUnlabelledSet() {
        LabelSplit split = LabelSplit.builder().balanced(3).excludeLabeled(true).seed(5).build(LABELS, CLASSES);
        assertEquals(86 - 12, split.unlabeled().length);
        for (int l : split.labeled()) {
            assertTrue(Arrays.binarySearch(split.unlabeled(), l) < 0);
        }
    }

    @Test
    void randomDrawsExactlyNFromAnyClasses() {
        LabelSplit split = LabelSplit.builder().random(7).validationPerClass(1).seed(9).build(LABELS, CLASSES);
        assertEquals(7, split.labeled().length);
        assertEquals(LabelSplit.Strategy.RANDOM, split.strategy());
        for (int l : split.labeled()) {
            assertTrue(LABELS[l] >= 0);
            assertTrue(Arrays.binarySearch(split.validation(), l) < 0);
        }
    }

    @Test
    void imbalancedFollowsTheLongTailFormula() {
        LabelSplit split = LabelSplit.builder().imbalanced(10, 10.0).unlabeledImbalanced(8, 4.0).excludeLabeled(true)
                .seed(1).build(LABELS, CLASSES);
        // 10 * 10^(-c/3) = 10, 4.64, 2.15, 1
        assertArrayEquals(new int[] {10, 4, 2, 1}, countPerClass(split.labeled(), LABELS, CLASSES));
        // 8 * 4^(-c/3) = 8, 5.04, 3.17, 2; the 6 unknown-class images are always unlabelled
        int[] knownUnlabeled = Arrays.stream(split.unlabeled()).filter(i -> LABELS[i] >= 0).toArray();
        assertArrayEquals(new int[] {8, 5, 3, 2}, countPerClass(knownUnlabeled, LABELS, CLASSES));
        assertEquals(6, split.unlabeled().length - knownUnlabeled.length);
        assertEquals(1, LabelSplit.longTailCount(5, 100.0, 3, 4));
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        LabelSplit a = LabelSplit.builder().balanced(2).validationPerClass(3).seed(42).build(LABELS, CLASSES);
        LabelSplit b = LabelSplit.builder().balanced(2).validationPerClass(3).seed(42).build(LABELS, CLASSES);
        LabelSplit c = LabelSplit.builder().balanced(2).validationPerClass(3).seed(43).build(LABELS, CLASSES);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertFalse(Arrays.equals(a.labeled(), c.labeled()) && Arrays.equals(a.validation(), c.validation()),
                "another seed draws another split");
    }

    @Test
    void jsonRoundTripAndAtomicSave() throws IOException {
        LabelSplit split = LabelSplit.builder().imbalanced(5, 2.5).validationPerClass(1).seed(-7)
                .build(LABELS, CLASSES);
        assertEquals(split, LabelSplit.fromJson(split.toJson()));
        Path file = dir.resolve("run/split.json");
        split.save(file);
        split.save(file);
        assertEquals(split, LabelSplit.load(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
        assertTrue(Files.readString(file).contains("\"strategy\" : \"IMBALANCED\""));
    }

    /**
     * A split saved by format version 1 must keep loading, and the same options and seed must keep drawing the same
     * split: a change of the sampling code would silently change the labelled images of every saved run.
     */
    @Test
    void savedVersion1SplitStillLoadsAndIsReproduced() throws IOException, java.net.URISyntaxException {
        Path golden = Path.of(LabelSplitTest.class.getResource("label-split-v1.json").toURI());
        LabelSplit loaded = LabelSplit.load(golden);
        assertEquals(LabelSplit.Strategy.BALANCED, loaded.strategy());
        assertEquals(LABELS.length, loaded.datasetSize());
        LabelSplit again = LabelSplit.builder().balanced(3).validationPerClass(2).seed(20261126).build(LABELS,
                CLASSES);
        assertEquals(again, loaded);
    }

    @Test
    void loadChecksTheDataset() {
        InMemoryImageDataset data = TestImages.indexed(40, 4, 2, 2, 1);
        LabelSplit split = LabelSplit.builder().balanced(2).seed(3).build(data);
        Path file = dir.resolve("split.json");
        split.save(file);
        assertEquals(split, LabelSplit.load(file, data));
        InMemoryImageDataset other = TestImages.indexed(44, 4, 2, 2, 1);
        DatasetException e = assertThrows(DatasetException.class, () -> LabelSplit.load(file, other));
        assertTrue(e.getMessage().contains("split.json"), e.getMessage());
        assertTrue(e.getMessage().contains("40 images with class counts [10, 10, 10, 10]"), e.getMessage());
        assertTrue(e.getMessage().contains("44 images with class counts [11, 11, 11, 11]"), e.getMessage());
    }

    @Test
    void corruptOrMissingFilesAreReported() throws IOException {
        DatasetException e = assertThrows(DatasetException.class, () -> LabelSplit.load(dir.resolve("none.json")));
        assertTrue(e.getMessage().contains("none.json"), e.getMessage());
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"formatVersion\":1,");
        e = assertThrows(DatasetException.class, () -> LabelSplit.load(file));
        assertTrue(e.getMessage().contains("not a valid label split"), e.getMessage());
        String overlapping = LabelSplit.builder().balanced(2).validationPerClass(1).seed(3).build(LABELS, CLASSES)
                .toJson().replaceFirst("\"validation\" : \\[ (\\d+)", "\"validation\" : [ 0, $1");
        Files.writeString(file, overlapping);
        e = assertThrows(DatasetException.class, () -> LabelSplit.load(file));
        assertTrue(e.getMessage().contains("disjoint") || e.getMessage().contains("ascending"), e.getMessage());
    }

    @Test
    void validationMessagesNameParameterValueAndRange() {
        assertEquals("labelsPerClass must be >= 1, found 0", assertThrows(IllegalArgumentException.class,
                () -> LabelSplit.builder().balanced(0)).getMessage());
        assertEquals("labeledCount must be >= 1, found -3", assertThrows(IllegalArgumentException.class,
                () -> LabelSplit.builder().random(-3)).getMessage());
        assertEquals("imbalanceRatio must be finite and >= 1, found 0.5", assertThrows(
                IllegalArgumentException.class, () -> LabelSplit.builder().imbalanced(4, 0.5)).getMessage());
        assertEquals("imbalanceRatio must be finite and >= 1, found NaN", assertThrows(
                IllegalArgumentException.class, () -> LabelSplit.builder().imbalanced(4, Double.NaN)).getMessage());
        assertEquals("validationPerClass must be >= 0, found -1", assertThrows(IllegalArgumentException.class,
                () -> LabelSplit.builder().validationPerClass(-1)).getMessage());
        assertTrue(assertThrows(IllegalStateException.class, () -> LabelSplit.builder().balanced(1)
                .build(LABELS, CLASSES)).getMessage().contains("seed"));
        assertTrue(assertThrows(IllegalStateException.class, () -> LabelSplit.builder().seed(1)
                .build(LABELS, CLASSES)).getMessage().contains("balanced(k)"));
        String tooMany = assertThrows(IllegalArgumentException.class, () -> LabelSplit.builder().balanced(15)
                .validationPerClass(6).seed(1).build(LABELS, CLASSES)).getMessage();
        assertEquals("labelsPerClass too large: class 0 needs 15 labelled images but has 14 after holding out 6 "
                + "for validation", tooMany);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelSplit.builder().random(81).seed(1)
                .build(LABELS, CLASSES)).getMessage().contains("labeledCount must be <= the 80"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelSplit.builder().balanced(1).seed(1)
                .build(new int[] {0, 5}, 2)).getMessage().contains("labels[1] must be in [-1, 2), found 5"));
    }

    @Test
    void longTailCountsArePublicAndValidated() {
        assertArrayEquals(new int[] {10, 7, 5, 4, 3, 2, 2, 1, 1, 1}, LabelSplit.longTailCounts(10, 10, 10));
        assertArrayEquals(new int[] {4, 4, 4}, LabelSplit.longTailCounts(4, 1, 3));
        assertArrayEquals(new int[] {6}, LabelSplit.longTailCounts(6, 100, 1));
        assertEquals("ratio must be finite and >= 1, found 0.5",
                assertThrows(IllegalArgumentException.class, () -> LabelSplit.longTailCounts(4, 0.5, 10))
                        .getMessage());
        assertEquals("head must be >= 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> LabelSplit.longTailCounts(0, 2, 10))
                        .getMessage());
    }
}
