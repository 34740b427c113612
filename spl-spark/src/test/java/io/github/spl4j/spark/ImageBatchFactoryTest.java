package io.github.spl4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;

import io.github.spl4j.augment.Augmentation;
import io.github.spl4j.augment.ByteImage;
import io.github.spl4j.data.FixMatchDataSetIterator;
import io.github.spl4j.data.ImageDataset;
import io.github.spl4j.data.InMemoryImageDataset;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class ImageBatchFactoryTest {

    /** A deterministic synthetic image set; equal recipes are equal, as the executor cache needs. */
    private static final class SyntheticSource implements ImageDatasetSource {
        private static final long serialVersionUID = 1L;
        private final int images;

        SyntheticSource(int images) {
            this.images = images;
        }

        @Override
        public ImageDataset load() {
            Random rng = new Random(images);
            byte[] pixels = new byte[images * 6 * 6];
            rng.nextBytes(pixels);
            int[] labels = new int[images];
            for (int i = 0; i < images; i++) {
                labels[i] = i % 3;
            }
            return new InMemoryImageDataset("synthetic", 6, 6, 1, pixels, labels, List.of("a", "b", "c"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SyntheticSource && ((SyntheticSource) o).images == images;
        }

        @Override
        public int hashCode() {
            return images;
        }
    }

    /** Strong view: flips every pixel with probability 1/2, using only the given Random. */
    private static ByteImage invertSome(ByteImage image, Random random) {
        byte[] out = image.data().clone();
        for (int i = 0; i < out.length; i++) {
            if (random.nextBoolean()) {
                out[i] = (byte) (255 - (out[i] & 0xff));
            }
        }
        return new ByteImage(image.height(), image.width(), image.channels(), out);
    }

    private static ImageBatchFactory factory() {
        int[] labeled = new int[12];
        int[] unlabeled = new int[60];
        for (int i = 0; i < labeled.length; i++) {
            labeled[i] = i;
        }
        for (int i = 0; i < unlabeled.length; i++) {
            unlabeled[i] = 12 + i;
        }
        return ImageBatchFactory.builder().source(new SyntheticSource(72)).indices(labeled, unlabeled)
                .batchSize(4).unlabeledRatio(2)
                .augmentations(Augmentation.IDENTITY, ImageBatchFactoryTest::invertSome).seed(42).build();
    }

    @Test
    void executorsBuildExactlyTheBatchesOfALocalIterator() {
        ImageBatchFactory factory = factory();
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("spl4j-batches-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        List<DataSet> remote;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            remote = FixMatchBatches.fromSteps(sc, 3, 6, 2, factory).collect();
        }
        assertEquals(6, remote.size());
        try (FixMatchDataSetIterator local = factory.localIterator(3)) {
            for (DataSet r : remote) {
                DataSet l = local.next();
                assertEquals(factory.rows(), r.numExamples());
                assertEquals(l.getFeatures(), r.getFeatures());
                assertEquals(l.getLabels(), r.getLabels());
            }
        }
    }

    @Test
    void theFactoryRebuildsAStepAfterOthers() {
        ImageBatchFactory factory = factory();
        DataSet first = factory.batch(5);
        factory.batch(6);
        factory.batch(2);
        assertEquals(first.getFeatures(), factory.batch(5).getFeatures());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> factory.batch(-1));
        assertEquals("step must be >= 0, found -1", e.getMessage());
    }

    @Test
    void builderNamesWhatIsMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ImageBatchFactory.builder().source(new SyntheticSource(3)).build());
        assertEquals("a split is required: call split(LabelSplit) or indices(...)", e.getMessage());
    }
}
