package io.github.spl4j.spark;

import java.util.Objects;

import io.github.spl4j.augment.Augmentation;
import io.github.spl4j.data.ChannelNormalization;
import io.github.spl4j.data.FixMatchDataSetIterator;
import io.github.spl4j.data.ImageFormat;
import io.github.spl4j.data.LabelSplit;

import org.nd4j.linalg.dataset.DataSet;

/**
 * Builds FixMatch minibatches on the executors with spl-core's {@link FixMatchDataSetIterator}, from images the
 * executor reads itself ({@link ImageDatasetSource}). Step {@code s} gives exactly the batch a local
 * {@code FixMatchDataSetIterator} with the same options returns at step {@code s} (same seed, split, augmentations),
 * so a Spark run and a single-machine run see the same data, and a retried task rebuilds the same batch.
 *
 * <p>Serializable recipe only: the labelled / unlabelled indices, augmentation objects (themselves
 * {@link java.io.Serializable}), normalisation and seed. The iterator is created lazily on the executor.
 */
public final class ImageBatchFactory implements BatchFactory {
    private static final long serialVersionUID = 1L;

    private final ImageDatasetSource source;
    private final int[] labeled;
    private final int[] unlabeled;
    private final int batchSize;
    private final int unlabeledRatio;
    private final Augmentation weak;
    private final Augmentation strong;
    private final ChannelNormalization normalization;
    private final ImageFormat format;
    private final long seed;
    private transient FixMatchDataSetIterator iterator;

    private ImageBatchFactory(Builder b) {
        this.source = b.source;
        this.labeled = b.labeled.clone();
        this.unlabeled = b.unlabeled.clone();
        this.batchSize = b.batchSize;
        this.unlabeledRatio = b.unlabeledRatio;
        this.weak = b.weak;
        this.strong = b.strong;
        this.normalization = b.normalization;
        this.format = b.format;
        this.seed = b.seed;
    }

    /** @return a builder; source, split, augmentations and seed are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param step the global step, &gt;= 0
     * @return the FixMatch minibatch of that step
     * @throws IllegalArgumentException if {@code step} &lt; 0
     */
    @Override
    public synchronized DataSet batch(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, found " + step);
        }
        if (iterator == null) {
            iterator = localIterator(step);
        } else if (iterator.position() != step) {
            iterator.seek(step);
        }
        return iterator.next();
    }

    /**
     * @param startStep the first step
     * @return a single-threaded local iterator with this factory's options (what the executors use)
     */
    public FixMatchDataSetIterator localIterator(long startStep) {
        FixMatchDataSetIterator.Builder b = FixMatchDataSetIterator.builder()
                .dataset(source.cached())
                .labeled(labeled)
                .unlabeled(unlabeled)
                .batchSize(batchSize)
                .unlabeledRatio(unlabeledRatio)
                .weak(weak)
                .strong(strong)
                .format(format)
                .seed(seed)
                .workers(0)
                .startStep(startStep);
        if (normalization != null) {
            b.normalization(normalization);
        }
        return b.build();
    }

    /** @return B + (2 * ratio * B), the rows of every batch */
    public int rows() {
        return batchSize + 2 * batchSize * unlabeledRatio;
    }

    @Override
    public String toString() {
        return "ImageBatchFactory(source=" + source + ", labeled=" + labeled.length + ", unlabeled="
                + unlabeled.length + ", batchSize=" + batchSize + ", unlabeledRatio=" + unlabeledRatio + ", seed="
                + seed + ")";
    }

    /** Builder for {@link ImageBatchFactory}. */
    public static final class Builder {
        private ImageDatasetSource source;
        private int[] labeled;
        private int[] unlabeled;
        private int batchSize = FixMatchDataSetIterator.DEFAULT_BATCH_SIZE;
        private int unlabeledRatio = FixMatchDataSetIterator.DEFAULT_UNLABELED_RATIO;
        private Augmentation weak;
        private Augmentation strong;
        private ChannelNormalization normalization;
        private ImageFormat format = FixMatchDataSetIterator.DEFAULT_FORMAT;
        private Long seed;

        private Builder() {
        }

        /**
         * @param source where executors read the images (required)
         * @return this builder
         */
        public Builder source(ImageDatasetSource source) {
            this.source = Objects.requireNonNull(source, "source must not be null");
            return this;
        }

        /**
         * @param split labelled and unlabelled image indices (required; made for the source's images)
         * @return this builder
         */
        public Builder split(LabelSplit split) {
            Objects.requireNonNull(split, "split must not be null");
            this.labeled = split.labeled();
            this.unlabeled = split.unlabeled();
            return this;
        }

        /**
         * @param labeledIndices   dataset indices of the labelled images (copied)
         * @param unlabeledIndices dataset indices of the unlabelled images (copied)
         * @return this builder
         */
        public Builder indices(int[] labeledIndices, int[] unlabeledIndices) {
            this.labeled = Objects.requireNonNull(labeledIndices, "labeledIndices must not be null").clone();
            this.unlabeled = Objects.requireNonNull(unlabeledIndices, "unlabeledIndices must not be null").clone();
            return this;
        }

        /**
         * @param batchSize B, labelled images per batch, &gt;= 1; default {@value FixMatchDataSetIterator#DEFAULT_BATCH_SIZE}
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, found " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param unlabeledRatio μ, unlabelled images per labelled one, &gt;= 0; default
         *                       {@value FixMatchDataSetIterator#DEFAULT_UNLABELED_RATIO}
         * @return this builder
         */
        public Builder unlabeledRatio(int unlabeledRatio) {
            if (unlabeledRatio < 0) {
                throw new IllegalArgumentException("unlabeledRatio must be >= 0, found " + unlabeledRatio);
            }
            this.unlabeledRatio = unlabeledRatio;
            return this;
        }

        /**
         * @param weak weak augmentation (required, serializable)
         * @param strong strong augmentation (required, serializable)
         * @return this builder
         */
        public Builder augmentations(Augmentation weak, Augmentation strong) {
            this.weak = Objects.requireNonNull(weak, "weak must not be null");
            this.strong = Objects.requireNonNull(strong, "strong must not be null");
            return this;
        }

        /**
         * @param normalization per-channel normalisation (optional; the iterator's default otherwise)
         * @return this builder
         */
        public Builder normalization(ChannelNormalization normalization) {
            this.normalization = Objects.requireNonNull(normalization, "normalization must not be null");
            return this;
        }

        /**
         * @param format NHWC or NCHW; default {@link FixMatchDataSetIterator#DEFAULT_FORMAT}
         * @return this builder
         */
        public Builder format(ImageFormat format) {
            this.format = Objects.requireNonNull(format, "format must not be null");
            return this;
        }

        /**
         * @param seed root seed of the batch stream (required: there is no default seed)
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @return the factory
         * @throws IllegalStateException if a required option is missing (the message names it)
         */
        public ImageBatchFactory build() {
            if (source == null) {
                throw new IllegalStateException("source is required: call source(ImageDatasetSource)");
            }
            if (labeled == null) {
                throw new IllegalStateException("a split is required: call split(LabelSplit) or indices(...)");
            }
            if (weak == null) {
                throw new IllegalStateException("augmentations are required: call augmentations(weak, strong)");
            }
            if (seed == null) {
                throw new IllegalStateException("seed must be set explicitly (there is no default seed): call "
                        + "seed(long)");
            }
            return new ImageBatchFactory(this);
        }
    }
}
