package io.github.spl4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import io.github.spl4j.augment.Augmentation;

class FixMatchDataSetIteratorTest {

    private static final int SIZE = 60;
    private static final int CLASSES = 3;
    private static final InMemoryImageDataset DATA = TestImages.indexed(SIZE, CLASSES, 4, 5, 3);
    private static final int[] LABELED = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final int[] UNLABELED = IntStream.range(10, 58).toArray();

    private static FixMatchDataSetIterator.Builder base() {
        return FixMatchDataSetIterator.builder().dataset(DATA).labeled(LABELED).unlabeled(UNLABELED).batchSize(4)
                .unlabeledRatio(2).weak(TestImages.tagging(TestImages.WEAK_TAG))
                .strong(TestImages.tagging(TestImages.STRONG_TAG)).normalization(ChannelNormalization.unit(3))
                .seed(11);
    }

    private static List<float[]> run(FixMatchDataSetIterator it, int steps) {
        List<float[]> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            DataSet ds = it.next();
            out.add(ds.getFeatures().dup().data().asFloat());
            out.add(ds.getLabels().dup().data().asFloat());
        }
        return out;
    }

    private static float[] row(INDArray features, int r) {
        return features.slice(r).dup().data().asFloat();
    }

    @Test
    void batchHasFixMatchLayoutAndShapes() {
        try (FixMatchDataSetIterator it = base().workers(0).build()) {
            DataSet ds = it.next();
            assertEquals(FixMatchBatchLayout.of(4, 2), FixMatchBatchLayout.infer(ds.getLabels()));
            assertArrayEquals(new long[] {20, 4, 5, 3}, ds.getFeatures().shape());
            assertEquals(20, it.batch());
            assertTrue(it.hasNext());
        }
        try (FixMatchDataSetIterator it = base().workers(0).format(ImageFormat.NCHW).build()) {
            assertArrayEquals(new long[] {20, 3, 4, 5}, it.next().getFeatures().shape());
        }
    }

    @Test
    void nchwIsTheTransposeOfNhwc() {
        try (FixMatchDataSetIterator a = base().workers(0).build();
             FixMatchDataSetIterator b = base().workers(0).format(ImageFormat.NCHW).build()) {
            INDArray nhwc = a.next().getFeatures();
            INDArray nchw = b.next().getFeatures();
            assertEquals(nhwc.permute(0, 3, 1, 2).dup('c'), nchw.dup('c'));
        }
    }

    @Test
    void rowsComeFromTheRightImagesWithTheRightViews() {
        try (FixMatchDataSetIterator it = base().workers(1).build()) {
            for (int step = 0; step < 7; step++) {
                DataSet ds = it.next();
                FixMatchDataSetIterator.BatchInfo info = it.lastBatchInfo();
                assertEquals(step, info.step());
                INDArray x = ds.getFeatures();
                INDArray y = ds.getLabels();
                FixMatchBatchLayout layout = it.layout();
                for (int j = 0; j < layout.labeledCount(); j++) {
                    float[] r = row(x, j);
                    int index = TestImages.decodeIndex(r);
                    assertEquals(info.labeledIndices()[j], index);
                    assertEquals(TestImages.WEAK_TAG, TestImages.pixel(r[TestImages.TAG]));
                    assertEquals(1.0, y.getDouble(j, DATA.label(index)));
                    assertTrue(Arrays.binarySearch(LABELED, index) >= 0);
                }
                for (int i = 0; i < layout.unlabeledCount(); i++) {
                    float[] weak = row(x, layout.weakStart() + i);
                    float[] strong = row(x, layout.strongStart() + i);
                    int index = TestImages.decodeIndex(weak);
                    assertEquals(index, TestImages.decodeIndex(strong), "weak and strong rows of one image");
                    assertEquals(info.unlabeledIndices()[i], index);
                    assertEquals(DATA.label(index), info.unlabeledTrueLabels()[i]);
                    assertEquals(TestImages.WEAK_TAG, TestImages.pixel(weak[TestImages.TAG]));
                    assertEquals(TestImages.STRONG_TAG, TestImages.pixel(strong[TestImages.TAG]));
                    assertTrue(Arrays.binarySearch(UNLABELED, index) >= 0);
                    assertFalse(Arrays.equals(weak, strong), "weak and strong views draw different noise");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void batchesDoNotDependOnWorkerCountOrPrefetch(int workers) {
        List<float[]> reference;
        try (FixMatchDataSetIterator it = base().workers(0).build()) {
            reference = run(it, 12);
        }
        try (FixMatchDataSetIterator it = base().workers(workers).prefetch(workers + 2).build()) {
            List<float[]> other = run(it, 12);
            for (int k = 0; k < reference.size(); k++) {
                assertArrayEquals(reference.get(k), other.get(k), "array " + k);
            }
        }
    }

    @Test
    void anotherSeedGivesOtherBatches() {
        try (FixMatchDataSetIterator a = base().workers(0).build();
             FixMatchDataSetIterator b = base().workers(0).seed(12).build()) {
            assertFalse(Arrays.equals(a.next().getFeatures().data().asFloat(),
                    b.next().getFeatures().data().asFloat()));
        }
    }

    @Test
    void resumeFromPositionEqualsStraightRun() {
        List<float[]> straight;
        try (FixMatchDataSetIterator it = base().workers(2).build()) {
            straight = run(it, 10);
        }
        long position;
        List<float[]> resumed = new ArrayList<>();
        try (FixMatchDataSetIterator first = base().workers(2).build()) {
            resumed.addAll(run(first, 4));
            position = first.position();
            assertEquals(4, position);
        }
        try (FixMatchDataSetIterator second = base().workers(2).startStep(position).build()) {
            resumed.addAll(run(second, 6));
            assertEquals(10, second.position());
        }
        for (int k = 0; k < straight.size(); k++) {
            assertArrayEquals(straight.get(k), resumed.get(k), "array " + k);
        }
        try (FixMatchDataSetIterator it = base().workers(2).build()) {
            run(it, 7);
            it.seek(3);
            List<float[]> again = run(it, 2);
            assertArrayEquals(straight.get(6), again.get(0));
            assertArrayEquals(straight.get(8), again.get(2));
        }
    }

    @Test
    void eachEpochSamplesEveryImageOnceAndStreamsReshuffleIndependently() {
        // 10 labelled / 4 per batch: 5 steps = 2 labelled epochs; 48 unlabelled / 8 per batch: 6 steps = 1 epoch
        try (FixMatchDataSetIterator it = base().workers(0).build()) {
            List<Integer> labeled = new ArrayList<>();
            List<Integer> unlabeled = new ArrayList<>();
            for (int s = 0; s < 6; s++) {
                it.next();
                for (int i : it.lastBatchInfo().labeledIndices()) {
                    labeled.add(i);
                }
                for (int i : it.lastBatchInfo().unlabeledIndices()) {
                    unlabeled.add(i);
                }
            }
            List<Integer> epoch0 = labeled.subList(0, 10);
            List<Integer> epoch1 = labeled.subList(10, 20);
            assertArrayEquals(LABELED, epoch0.stream().mapToInt(Integer::intValue).sorted().toArray());
            assertArrayEquals(LABELED, epoch1.stream().mapToInt(Integer::intValue).sorted().toArray());
            assertNotEquals(epoch0, epoch1, "each epoch is reshuffled");
            assertArrayEquals(UNLABELED, unlabeled.stream().mapToInt(Integer::intValue).sorted().toArray());
        }
    }

    @Test
    void labelledAndUnlabelledStreamsAreShuffledIndependently() {
        int[] same = IntStream.range(0, 40).toArray();
        try (FixMatchDataSetIterator it = base().workers(0).labeled(same).unlabeled(same).unlabeledRatio(1).build()) {
            List<Integer> labeled = new ArrayList<>();
            List<Integer> unlabeled = new ArrayList<>();
            for (int s = 0; s < 10; s++) {
                it.next();
                Arrays.stream(it.lastBatchInfo().labeledIndices()).forEach(labeled::add);
                Arrays.stream(it.lastBatchInfo().unlabeledIndices()).forEach(unlabeled::add);
            }
            assertArrayEquals(same, labeled.stream().mapToInt(Integer::intValue).sorted().toArray());
            assertArrayEquals(same, unlabeled.stream().mapToInt(Integer::intValue).sorted().toArray());
            assertNotEquals(labeled, unlabeled);
        }
    }

    @Test
    void labelledSetSmallerThanBatchRepeatsWholeEpochs() {
        try (FixMatchDataSetIterator it = base().workers(0).labeled(new int[] {5, 6, 7}).batchSize(6).build()) {
            it.next();
            int[] rows = it.lastBatchInfo().labeledIndices();
            int[] first = Arrays.copyOfRange(rows, 0, 3);
            int[] second = Arrays.copyOfRange(rows, 3, 6);
            Arrays.sort(first);
            Arrays.sort(second);
            assertArrayEquals(new int[] {5, 6, 7}, first);
            assertArrayEquals(new int[] {5, 6, 7}, second);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void workerFailureSurfacesInNextWithImageIndex(int workers) {
        Augmentation failing = (image, random) -> {
            if (TestImages.decodeIndex(toFloats(image.data())) == 42) {
                throw new IllegalArgumentException("boom");
            }
            return image;
        };
        try (FixMatchDataSetIterator it = base().workers(workers).unlabeled(new int[] {40, 41, 42, 43})
                .strong(failing).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
            assertTrue(e.getMessage().contains("image 42"), e.getMessage());
            assertTrue(e.getMessage().contains("step 0"), e.getMessage());
            assertTrue(e.getMessage().contains("unlabelled strong"), e.getMessage());
            assertTrue(e.getMessage().contains("boom"), e.getMessage());
            assertEquals(0, it.position());
        }
    }

    @Test
    void errorsInWorkersSurfaceWithTheStep() {
        Augmentation broken = (image, random) -> {
            throw new AssertionError();
        };
        try (FixMatchDataSetIterator it = base().workers(1).startStep(5).strong(broken).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
            assertTrue(e.getMessage().startsWith("FixMatch batch at step 5 failed: java.lang.AssertionError"),
                    e.getMessage());
            assertTrue(e.getCause() instanceof AssertionError);
        }
    }

    private static float[] toFloats(byte[] data) {
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (data[i] & 0xFF) / 255f;
        }
        return out;
    }

    @Test
    void augmentationChangingTheSizeIsReported() {
        Augmentation shrink = (image, random) -> io.github.spl4j.augment.ByteImage.blank(2, 2, 3);
        try (FixMatchDataSetIterator it = base().workers(0).weak(shrink).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
            assertTrue(e.getMessage().contains("keep the image size"), e.getMessage());
        }
    }

    @Test
    void closeStopsWorkersAndNextThrows() throws InterruptedException {
        FixMatchDataSetIterator it = base().workers(2).build();
        it.next();
        it.close();
        assertThrows(IllegalStateException.class, it::next);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (workerThreadsAlive(it) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(workerThreadsAlive(it));
    }

    private static boolean workerThreadsAlive(FixMatchDataSetIterator it) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("spl4j-fixmatch-") && t.isAlive() && isOurs(t, it));
    }

    private static boolean isOurs(Thread t, FixMatchDataSetIterator it) {
        return t.getName().startsWith(it.threadNamePrefix());
    }

    @Test
    void workerThreadsAreDaemons() {
        try (FixMatchDataSetIterator it = base().workers(2).build()) {
            it.next();
            List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith(it.threadNamePrefix())).toList();
            assertFalse(threads.isEmpty());
            assertTrue(threads.stream().allMatch(Thread::isDaemon));
        }
    }

    @Test
    void defaultNormalisationIsComputedFromTrainingImages() {
        try (FixMatchDataSetIterator it = FixMatchDataSetIterator.builder().dataset(DATA).labeled(LABELED)
                .unlabeled(UNLABELED).weak(Augmentation.IDENTITY).strong(Augmentation.IDENTITY).seed(1).workers(0)
                .build()) {
            int[] union = IntStream.range(0, 58).toArray();
            assertEquals(ChannelNormalization.compute(DATA, union), it.normalization());
            assertEquals(FixMatchDataSetIterator.DEFAULT_BATCH_SIZE, it.layout().labeledCount());
            assertEquals(FixMatchDataSetIterator.DEFAULT_BATCH_SIZE * FixMatchDataSetIterator.DEFAULT_UNLABELED_RATIO,
                    it.layout().unlabeledCount());
            assertEquals(ImageFormat.NHWC, it.format());
        }
    }

    @Test
    void builderValidatesOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FixMatchDataSetIterator.builder().batchSize(0));
        assertEquals("batchSize must be >= 1, found 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FixMatchDataSetIterator.builder().unlabeledRatio(-1));
        assertEquals("unlabeledRatio must be >= 0, found -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FixMatchDataSetIterator.builder().prefetch(0));
        assertEquals("prefetch must be >= 1, found 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FixMatchDataSetIterator.builder().workers(-2));
        assertEquals("workers must be >= 0, found -2", e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> FixMatchDataSetIterator.builder()
                .dataset(DATA).labeled(LABELED).unlabeled(UNLABELED).weak(Augmentation.IDENTITY)
                .strong(Augmentation.IDENTITY).build());
        assertTrue(s.getMessage().contains("seed"), s.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> base().normalization(ChannelNormalization.unit(1))
                .build());
        assertTrue(e.getMessage().contains("normalization must have 3 channels"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> base().labeled(new int[] {SIZE}).build());
        assertThrows(UnsupportedOperationException.class, () -> {
            try (FixMatchDataSetIterator it = base().workers(0).build()) {
                it.reset();
            }
        });
    }

    @Test
    void splitMustMatchTheDataset() {
        LabelSplit split = LabelSplit.builder().balanced(2).seed(3).build(TestImages.indexed(30, 3, 4, 5, 3));
        DatasetException e = assertThrows(DatasetException.class, () -> base().split(split).build());
        assertTrue(e.getMessage().contains("make a new split"), e.getMessage());
        LabelSplit fits = LabelSplit.builder().balanced(2).seed(3).build(DATA);
        try (FixMatchDataSetIterator it = base().split(fits).workers(0).build()) {
            it.next();
            for (int index : it.lastBatchInfo().labeledIndices()) {
                assertTrue(Arrays.binarySearch(fits.labeled(), index) >= 0);
            }
        }
    }
}
