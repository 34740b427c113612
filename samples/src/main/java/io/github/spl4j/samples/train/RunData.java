package io.github.spl4j.samples.train;

import io.github.spl4j.augment.ByteImage;
import io.github.spl4j.data.Cifar10Reader;
import io.github.spl4j.data.FashionMnistReader;
import io.github.spl4j.data.ImageDataset;
import io.github.spl4j.data.ImageFolderReader;
import io.github.spl4j.data.Subset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training and test images of a run, read as the settings say, with the optional seeded training subset and
 * first-N test subset applied; and the seeds of the run's random components, split from its root seed.
 *
 * <p>An image folder has no official test set: a seeded {@value #FOLDER_TEST_PERCENT}% of its labelled images is held
 * out for testing and never trained on.
 */
public final class RunData {
    /** Percentage of an image folder's labelled images held out as its test set. */
    public static final int FOLDER_TEST_PERCENT = 20;
    /** Image side for image folders (resized), pixels. */
    public static final int FOLDER_SIDE = 32;

    private final ImageDataset train;
    private final ImageDataset test;

    private RunData(ImageDataset train, ImageDataset test) {
        this.train = train;
        this.test = test;
    }

    private static long subsetSeed(long root) {
        return new SplittableRandom(root).split().nextLong();
    }

    /**
     * Reads the datasets of a run.
     *
     * @param s    where the images come from
     * @param seed the run's root seed (for the training subset and a folder's held-out test images)
     * @return the data
     * @throws io.github.spl4j.data.DatasetException if files are missing or corrupt (the message says what to do)
     * @throws IllegalArgumentException if a subset is larger than the dataset
     */
    public static RunData load(RunSource s, long seed) {
        ImageDataset train;
        ImageDataset test;
        switch (s.source()) {
            case FASHION_MNIST -> {
                FashionMnistReader r = s.dataPath() == null ? new FashionMnistReader() : new FashionMnistReader(s.dataPath());
                train = r.read(Subset.TRAIN);
                test = r.read(Subset.TEST);
            }
            case CIFAR10 -> {
                Cifar10Reader r = new Cifar10Reader(s.dataPath());
                train = r.read(Subset.TRAIN);
                test = r.read(Subset.TEST);
            }
            case FOLDER -> {
                ImageDataset all = ImageFolderReader.builder().root(s.dataPath()).size(FOLDER_SIDE, FOLDER_SIDE)
                        .channels(3).build().read();
                int[] order = shuffled(all.size(), subsetSeed(seed) ^ 0x5DEECE66DL);
                int nTest = all.size() * FOLDER_TEST_PERCENT / 100;
                int[] testIdx = Arrays.stream(order).filter(i -> all.label(i) >= 0).limit(nTest).sorted().toArray();
                boolean[] isTest = new boolean[all.size()];
                for (int i : testIdx) {
                    isTest[i] = true;
                }
                int[] trainIdx = java.util.stream.IntStream.range(0, all.size()).filter(i -> !isTest[i]).toArray();
                train = new IndexedDataset(all, trainIdx, all.name() + "/train");
                test = new IndexedDataset(all, testIdx, all.name() + "/test");
            }
            default -> throw new IllegalStateException("unknown dataset " + s.source());
        }
        if (s.trainSubset() > 0) {
            if (s.trainSubset() > train.size()) {
                throw new IllegalArgumentException("trainSubset must be <= " + train.size() + " (the training images),"
                        + " found " + s.trainSubset());
            }
            int[] pick = Arrays.copyOf(shuffled(train.size(), subsetSeed(seed)), s.trainSubset());
            Arrays.sort(pick);
            train = new IndexedDataset(train, pick, train.name() + "[" + s.trainSubset() + "]");
        }
        if (s.testSubset() > 0) {
            if (s.testSubset() > test.size()) {
                throw new IllegalArgumentException("testSubset must be <= " + test.size() + " (the test images), found "
                        + s.testSubset());
            }
            int[] first = java.util.stream.IntStream.range(0, s.testSubset()).toArray();
            test = new IndexedDataset(test, first, test.name() + "[:" + s.testSubset() + "]");
        }
        return new RunData(train, test);
    }

    private static int[] shuffled(int n, long seed) {
        int[] a = java.util.stream.IntStream.range(0, n).toArray();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** @return the training images (after the subset) */
    public ImageDataset train() {
        return train;
    }

    /** @return the test images (after the subset) */
    public ImageDataset test() {
        return test;
    }

    /** A view of some images of another dataset. */
    static final class IndexedDataset implements ImageDataset {
        private final ImageDataset base;
        private final int[] indices;
        private final String name;

        IndexedDataset(ImageDataset base, int[] indices, String name) {
            this.base = base;
            this.indices = indices.clone();
            this.name = name;
        }

        @Override
        public int size() {
            return indices.length;
        }

        @Override
        public ByteImage image(int index) {
            return base.image(indices[index]);
        }

        @Override
        public int label(int index) {
            return base.label(indices[index]);
        }

        @Override
        public List<String> classNames() {
            return base.classNames();
        }

        @Override
        public int height() {
            return base.height();
        }

        @Override
        public int width() {
            return base.width();
        }

        @Override
        public int channels() {
            return base.channels();
        }

        @Override
        public String name() {
            return name;
        }
    }
}
