package io.github.spl4j.arbiter;

import io.github.spl4j.augment.Augmentation;
import io.github.spl4j.augment.ByteImage;
import io.github.spl4j.data.FixMatchBatchLayout;
import io.github.spl4j.data.ImageDataset;
import io.github.spl4j.data.InMemoryImageDataset;
import io.github.spl4j.data.LabelSplit;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.layers.DenseLayerSpace;
import org.deeplearning4j.arbiter.layers.OutputLayerSpace;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageSplitDataSourceTest {

    static final int SIZE = 240;
    static final int CLASSES = 4;
    static final int SIDE = 4;

    /** Training images whose image i stores i in its first two bytes; label i % 4. */
    public static final class IndexedImages extends ImageSplitDataSource {
        private static final long serialVersionUID = 1L;

        /** Arbiter's constructor. */
        public IndexedImages() {
        }

        @Override
        protected ImageDataset trainingImages() {
            int bytes = SIDE * SIDE;
            byte[] pixels = new byte[SIZE * bytes];
            int[] labels = new int[SIZE];
            for (int i = 0; i < SIZE; i++) {
                labels[i] = i % CLASSES;
                for (int p = 2; p < bytes; p++) {
                    // A class-dependent pattern, so a network can learn the labels.
                    pixels[i * bytes + p] = (byte) (((p % CLASSES) == labels[i] ? 200 : 20) + (i % 7));
                }
                pixels[i * bytes] = (byte) (i & 0xFF);
                pixels[i * bytes + 1] = (byte) (i >> 8);
            }
            List<String> names = new ArrayList<>();
            for (int c = 0; c < CLASSES; c++) {
                names.add("c" + c);
            }
            return new InMemoryImageDataset("indexed", SIDE, SIDE, 1, pixels, labels, names);
        }
    }

    /** Keeps the index bytes, jitters the others a little (weak) . */
    public static final class Weak implements Augmentation {
        @Override
        public ByteImage apply(ByteImage image, Random random) {
            return jitter(image, random, 5);
        }
    }

    /** Keeps the index bytes, jitters the others a lot (strong). */
    public static final class Strong implements Augmentation {
        @Override
        public ByteImage apply(ByteImage image, Random random) {
            return jitter(image, random, 60);
        }
    }

    static ByteImage jitter(ByteImage image, Random random, int amount) {
        byte[] d = image.data().clone();
        for (int p = 2; p < d.length; p++) {
            d[p] = (byte) Math.max(0, Math.min(255, (d[p] & 0xFF) + random.nextInt(2 * amount + 1) - amount));
        }
        return new ByteImage(image.height(), image.width(), image.channels(), d);
    }

    static Properties props() {
        Properties p = new Properties();
        p.setProperty(ImageSplitDataSource.LABELS_PER_CLASS, "3");
        p.setProperty(ImageSplitDataSource.VALIDATION_PER_CLASS, "10");
        p.setProperty(ImageSplitDataSource.BATCH_SIZE, "4");
        p.setProperty(ImageSplitDataSource.UNLABELED_RATIO, "3");
        p.setProperty(ImageSplitDataSource.NORMALIZE, "false");
        p.setProperty(ImageSplitDataSource.WORKERS, "0");
        p.setProperty(ImageSplitDataSource.WEAK, Weak.class.getName());
        p.setProperty(ImageSplitDataSource.STRONG, Strong.class.getName());
        p.setProperty(ImageSplitDataSource.SEED, "9");
        return p;
    }

    static int decode(INDArray row) {
        float[] f = row.ravel().toFloatVector();
        return Math.round(f[0] * 255f) + 256 * Math.round(f[1] * 255f);
    }

    @Test
    void validationNeverOverlapsLabelledOrUnlabelledImages() throws Exception {
        IndexedImages source = new IndexedImages();
        source.configure(props());
        LabelSplit split = source.split();
        Set<Integer> labeled = Arrays.stream(split.labeled()).boxed().collect(Collectors.toSet());
        Set<Integer> unlabeled = Arrays.stream(split.unlabeled()).boxed().collect(Collectors.toSet());
        Set<Integer> validation = Arrays.stream(split.validation()).boxed().collect(Collectors.toSet());
        assertEquals(10 * CLASSES, validation.size());
        assertEquals(3 * CLASSES, labeled.size());
        assertTrue(validation.stream().noneMatch(labeled::contains));
        assertTrue(validation.stream().noneMatch(unlabeled::contains));

        // What the score function sees: exactly the validation images.
        Set<Integer> scored = new HashSet<>();
        DataSetIterator val = (DataSetIterator) source.testData();
        while (val.hasNext()) {
            DataSet b = val.next();
            for (int r = 0; r < b.numExamples(); r++) {
                scored.add(decode(b.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.point(r))));
            }
        }
        assertEquals(validation, scored);

        // What training sees: never a validation image, in any block of the FixMatch minibatch.
        DataSetIterator train = (DataSetIterator) source.trainData();
        try {
            for (int step = 0; step < 30; step++) {
                DataSet b = train.next();
                FixMatchBatchLayout layout = FixMatchBatchLayout.infer(b.getLabels());
                assertEquals(FixMatchBatchLayout.of(4, 3), layout);
                for (int r = 0; r < layout.rows(); r++) {
                    int index = decode(b.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.point(r)));
                    assertFalse(validation.contains(index), "validation image " + index + " in a training batch");
                    assertTrue(r < layout.labeledCount() ? labeled.contains(index) : unlabeled.contains(index),
                            "row " + r + " holds image " + index);
                }
            }
        } finally {
            ((AutoCloseable) train).close();
        }
    }

    @Test
    void defaultsAreFixMatchsWeakAndStrongAugmentations() throws Exception {
        IndexedImages source = new IndexedImages();
        Properties p = props();
        p.remove(ImageSplitDataSource.WEAK);
        p.remove(ImageSplitDataSource.STRONG);
        source.configure(p);
        DataSetIterator train = (DataSetIterator) source.trainData();
        try {
            DataSet b = train.next();
            FixMatchBatchLayout layout = FixMatchBatchLayout.of(4, 3);
            assertEquals(List.of((long) layout.rows(), (long) SIDE, (long) SIDE, 1L),
                    Arrays.stream(b.getFeatures().shape()).boxed().toList(), "NHWC");
            INDArray weak = b.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(layout.weakStart(),
                    layout.strongStart()));
            INDArray strong = b.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(layout.strongStart(),
                    layout.rows()));
            assertFalse(weak.equals(strong), "the strong views differ from the weak views");
        } finally {
            ((AutoCloseable) train).close();
        }
    }

    @Test
    void searchWithoutValidationHoldOutIsRefused() {
        IndexedImages source = new IndexedImages();
        Properties p = props();
        p.setProperty(ImageSplitDataSource.VALIDATION_PER_CLASS, "0");
        source.configure(p);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, source::split);
        assertEquals("property validationPerClass must be an integer >= 1, found 0", e.getMessage());
        Properties q = props();
        q.setProperty(ImageSplitDataSource.WEAK, String.class.getName());
        source.configure(q);
        e = assertThrows(IllegalArgumentException.class, source::trainData);
        assertEquals("property weak must name an Augmentation class, found java.lang.String, which is not one",
                e.getMessage());
    }

    @Test
    void fixMatchSearchRunsOnImages(@TempDir Path dir) {
        MultiLayerSpace net = new MultiLayerSpace.Builder().updater(new Adam(0.01))
                .addLayer(new DenseLayerSpace.Builder().nOut(16).activation(Activation.RELU).build())
                .addLayer(new OutputLayerSpace.Builder().nOut(CLASSES).activation(Activation.SOFTMAX)
                        .iLossFunction(PseudoLabelLossSpace.builder().weighting(WeightingKindSpace.both())
                                .tau(TauSpace.values(0.7, 0.95)).build()).build())
                .setInputType(InputType.convolutional(SIDE, SIDE, 1, CNN2DFormat.NHWC))
                .build();
        SearchSummary s = FixMatchSearch.builder(net, IndexedImages.class, dir).dataProperties(props())
                .steps(30).gridSearch(2).maxCandidates(2).build().run();
        assertEquals(2, s.ranked().size());
        assertEquals(0, s.failedCount(), s.ranked().toString());
        assertTrue(s.best().orElseThrow().getValidationError() < 0.75, "better than chance: " + s.best());
    }
}
