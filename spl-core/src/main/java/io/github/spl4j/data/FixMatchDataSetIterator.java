package io.github.spl4j.data;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import io.github.spl4j.augment.Augmentation;
import io.github.spl4j.augment.ByteImage;

/**
 * An infinite stream of FixMatch minibatches (Sohn et al. 2020, arXiv 2001.07685): every {@link #next()} is one
 * {@link DataSet} laid out as {@code [B labelled (weak view) | N unlabelled weak | N unlabelled strong]} with
 * {@code N = unlabeledRatio · B} (see {@link FixMatchBatchLayout}); row {@code B + i} and row {@code B + N + i} are
 * two views of the same unlabelled image.
 *
 * <p>Sampling: the labelled and the unlabelled images are two independent streams. Each stream is an endless
 * sequence of epochs, each epoch a fresh permutation of its images drawn from the seed (sampling without replacement
 * within an epoch, independent reshuffling of the two streams). A batch takes the next B (resp. N) positions of its
 * streams and may straddle an epoch boundary.
 *
 * <p>Determinism: batch {@code k} is a pure function of the seed, the options and {@code k}: each image's
 * augmentation {@link Random} is derived from (seed, view, step, row). Worker threads and prefetching therefore never
 * change the result, and {@link #seek(long)} to the step saved in a checkpoint resumes the stream bit-identically.
 *
 * <p>Threads: with {@code workers > 0}, batches are built on that many daemon threads, at most {@code prefetch}
 * batches ahead of the consumer. An exception while building a batch surfaces in {@link #next()} with the step, the
 * dataset index of the image and the view. {@link #close()} stops the workers.
 *
 * <p>FixMatch trains for a number of steps, not epochs: {@link #hasNext()} is always {@code true}, and
 * {@link #reset()} is not supported (use {@link #seek(long)}). Train with {@code net.fit(iterator.next())} in a step
 * loop, not with {@code fit(iterator)}, which would never return.
 *
 * <pre>{@code
 * try (FixMatchDataSetIterator it = FixMatchDataSetIterator.builder()
 *         .dataset(train).split(split).batchSize(64).unlabeledRatio(7)
 *         .weak(weakAugmentation).strong(randAugment).seed(42).build()) {
 *     for (int step = 0; step < steps; step++) {
 *         net.fit(it.next());
 *     }
 *     long position = it.position(); // store in the checkpoint; restore with seek(position)
 * }
 * }</pre>
 */
public final class FixMatchDataSetIterator implements DataSetIterator, AutoCloseable {
    private static final long serialVersionUID = 1L;

    /** Default B, labelled images per batch (FixMatch's value). */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** Default unlabeledRatio (FixMatch's µ): unlabelled images per labelled image in a batch. */
    public static final int DEFAULT_UNLABELED_RATIO = 7;
    /** Default number of worker threads. */
    public static final int DEFAULT_WORKERS = 2;
    /** Default number of batches built ahead of the consumer. */
    public static final int DEFAULT_PREFETCH = 4;
    /** Default feature layout. */
    public static final ImageFormat DEFAULT_FORMAT = ImageFormat.NHWC;

    private static final long STREAM_LABELED_ORDER = 1;
    private static final long STREAM_UNLABELED_ORDER = 2;
    private static final long STREAM_LABELED_WEAK = 3;
    private static final long STREAM_UNLABELED_WEAK = 4;
    private static final long STREAM_UNLABELED_STRONG = 5;
    private static final int CACHED_EPOCHS = 4;
    private static final String FAILURE_PREFIX = "FixMatch batch at step ";
    private static final AtomicInteger POOL_COUNTER = new AtomicInteger();

    private final transient ImageDataset dataset;
    private final int[] labeled;
    private final int[] unlabeled;
    private final int batchSize;
    private final int unlabeledRatio;
    private final transient Augmentation weak;
    private final transient Augmentation strong;
    private final ChannelNormalization normalization;
    private final ImageFormat format;
    private final long seed;
    private final int workers;
    private final int prefetch;
    private final FixMatchBatchLayout layout;
    private final transient EpochOrder labeledOrder;
    private final transient EpochOrder unlabeledOrder;

    private final String threadPrefix;
    private transient ExecutorService executor;
    private final transient ArrayDeque<Future<Batch>> pending = new ArrayDeque<>();
    private long nextStep;
    private long submittedStep;
    private boolean closed;
    private transient volatile DataSetPreProcessor preProcessor;
    private transient BatchInfo lastInfo;

    private FixMatchDataSetIterator(Builder b, int[] labeled, int[] unlabeled, ChannelNormalization normalization) {
        this.dataset = b.dataset;
        this.labeled = labeled;
        this.unlabeled = unlabeled;
        this.batchSize = b.batchSize;
        this.unlabeledRatio = b.unlabeledRatio;
        this.weak = b.weak;
        this.strong = b.strong;
        this.normalization = normalization;
        this.format = b.format;
        this.seed = b.seed;
        this.workers = b.workers;
        this.prefetch = b.prefetch;
        this.layout = FixMatchBatchLayout.of(batchSize, unlabeledRatio);
        this.labeledOrder = new EpochOrder(labeled.length, seed, STREAM_LABELED_ORDER);
        this.unlabeledOrder = new EpochOrder(unlabeled.length, seed, STREAM_UNLABELED_ORDER);
        this.nextStep = b.startStep;
        this.submittedStep = b.startStep;
        this.threadPrefix = "spl4j-fixmatch-" + POOL_COUNTER.incrementAndGet() + "-worker-";
        if (workers > 0) {
            AtomicInteger thread = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, threadPrefix + thread.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            this.executor = Executors.newFixedThreadPool(workers, factory);
            // start prefetching while the caller sets up its network
            fill();
        }
    }

    /** @return a builder; dataset, labelled/unlabelled indices, weak and strong augmentations and seed are required */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ stream

    /** @return always {@code true}: the stream is infinite (FixMatch trains by steps) */
    @Override
    public boolean hasNext() {
        return true;
    }

    /**
     * @return the FixMatch minibatch of step {@link #position()}, then advances the position by one
     * @throws IllegalStateException if the iterator is closed, or building the batch failed (the message names the
     *                               step, the dataset index of the image and the view)
     */
    @Override
    public synchronized DataSet next() {
        if (closed) {
            throw new IllegalStateException("the FixMatch iterator is closed");
        }
        Batch batch;
        if (executor == null) {
            batch = buildBatch(nextStep);
        } else {
            fill();
            Future<Batch> head = pending.peekFirst();
            try {
                batch = head.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for FixMatch batch " + nextStep, e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                String message = cause.getMessage();
                if (message == null || !message.startsWith(FAILURE_PREFIX)) {
                    message = FAILURE_PREFIX + nextStep + " failed: " + cause;
                }
                throw new IllegalStateException(message, cause);
            } catch (CancellationException e) {
                throw new IllegalStateException("FixMatch batch " + nextStep + " was cancelled", e);
            }
            pending.pollFirst();
        }
        nextStep++;
        fill();
        lastInfo = batch.info;
        DataSet ds = batch.dataSet;
        DataSetPreProcessor p = preProcessor;
        if (p != null) {
            p.preProcess(ds);
        }
        return ds;
    }

    /**
     * @param num must equal {@link #batch()}
     * @return {@link #next()}
     * @throws UnsupportedOperationException for any other size: the batch layout is fixed at construction
     */
    @Override
    public DataSet next(int num) {
        if (num != batch()) {
            throw new UnsupportedOperationException("a FixMatch batch always has B + 2N = " + batch()
                    + " rows, found request for " + num);
        }
        return next();
    }

    /** @return the step of the batch the next {@link #next()} returns: the position to store in a checkpoint */
    public synchronized long position() {
        return nextStep;
    }

    /**
     * Moves the stream to a step: the next {@link #next()} returns exactly the batch a fresh iterator with the same
     * options would return at that step.
     *
     * @param step {@code >= 0}
     * @throws IllegalArgumentException if {@code step < 0}
     */
    public synchronized void seek(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, found " + step);
        }
        for (Future<Batch> f : pending) {
            f.cancel(true);
        }
        pending.clear();
        nextStep = step;
        submittedStep = step;
        lastInfo = null;
        fill();
    }

    /**
     * @return dataset indices and true labels of the images of the batch last returned by {@link #next()}, for
     *         pseudo-label accuracy metrics; {@code null} before the first batch or after {@link #seek(long)}
     */
    public synchronized BatchInfo lastBatchInfo() {
        return lastInfo;
    }

    /** Stops the worker threads; later calls of {@link #next()} throw. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Future<Batch> f : pending) {
            f.cancel(true);
        }
        pending.clear();
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void fill() {
        if (executor == null || closed) {
            return;
        }
        while (pending.size() < prefetch) {
            long step = submittedStep++;
            pending.addLast(executor.submit(() -> buildBatch(step)));
        }
    }

    // ------------------------------------------------------------------ batch construction

    private Batch buildBatch(long step) {
        int h = dataset.height();
        int w = dataset.width();
        int c = dataset.channels();
        int pixels = h * w * c;
        int n = layout.unlabeledCount();
        int classes = dataset.numClasses();
        float[] lx = new float[batchSize * pixels];
        float[] ly = new float[batchSize * classes];
        float[] wx = new float[n * pixels];
        float[] sx = new float[n * pixels];
        int[] labeledIdx = new int[batchSize];
        int[] unlabeledIdx = new int[n];
        int[] unlabeledTrue = new int[n];
        long labeledStart = Math.multiplyExact(step, (long) batchSize);
        for (int j = 0; j < batchSize; j++) {
            int index = labeled[labeledOrder.at(labeledStart + j)];
            labeledIdx[j] = index;
            ByteImage view = augment(weak, index, step, STREAM_LABELED_WEAK, j, "labelled weak");
            normalization.write(view, format, lx, j * pixels);
            ly[j * classes + dataset.label(index)] = 1f;
        }
        long unlabeledStart = Math.multiplyExact(step, (long) n);
        for (int j = 0; j < n; j++) {
            int index = unlabeled[unlabeledOrder.at(unlabeledStart + j)];
            unlabeledIdx[j] = index;
            unlabeledTrue[j] = dataset.label(index);
            ByteImage weakView = augment(weak, index, step, STREAM_UNLABELED_WEAK, j, "unlabelled weak");
            normalization.write(weakView, format, wx, j * pixels);
            ByteImage strongView = augment(strong, index, step, STREAM_UNLABELED_STRONG, j, "unlabelled strong");
            normalization.write(strongView, format, sx, j * pixels);
        }
        INDArray labeledFeatures = Nd4j.create(lx, format.shape(batchSize, h, w, c), 'c');
        INDArray labels = Nd4j.create(ly, new long[] {batchSize, classes}, 'c');
        INDArray weakFeatures = Nd4j.create(wx, format.shape(n, h, w, c), 'c');
        INDArray strongFeatures = Nd4j.create(sx, format.shape(n, h, w, c), 'c');
        DataSet ds = FixMatchBatchLayout.assemble(labeledFeatures, labels, weakFeatures, strongFeatures);
        return new Batch(ds, new BatchInfo(step, labeledIdx, unlabeledIdx, unlabeledTrue));
    }

    private ByteImage augment(Augmentation augmentation, int index, long step, long stream, int row, String view) {
        try {
            ByteImage image = dataset.image(index);
            ByteImage out = augmentation.apply(image, new Random(Seeds.derive(seed, stream, step, row)));
            if (out == null || out.height() != image.height() || out.width() != image.width()
                    || out.channels() != image.channels()) {
                throw new IllegalStateException("the augmentation must keep the image size " + image
                        + ", returned " + out);
            }
            return out;
        } catch (RuntimeException e) {
            throw new IllegalStateException(FAILURE_PREFIX + step + " failed on image " + index
                    + " of dataset '" + dataset.name() + "' (" + view + " view, row " + row + "): " + e, e);
        }
    }

    // ------------------------------------------------------------------ DataSetIterator boilerplate

    /** @return {@code height · width · channels} */
    @Override
    public int inputColumns() {
        return dataset.height() * dataset.width() * dataset.channels();
    }

    /** @return the number of classes */
    @Override
    public int totalOutcomes() {
        return dataset.numClasses();
    }

    /** @return {@code false}: the stream is infinite; use {@link #seek(long)} */
    @Override
    public boolean resetSupported() {
        return false;
    }

    /** @return {@code false}: this iterator prefetches itself; DL4J's async wrapper would move the position */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** @throws UnsupportedOperationException always: use {@link #seek(long)} with step 0 to restart */
    @Override
    public void reset() {
        throw new UnsupportedOperationException("the FixMatch stream is infinite and has no epochs to reset; "
                + "use seek(0) to restart it");
    }

    /** @return the rows of every batch, B + 2N */
    @Override
    public int batch() {
        return layout.rows();
    }

    /**
     * @param preProcessor applied to every batch in the consumer thread, after assembly; may be {@code null}
     */
    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** @return the class names */
    @Override
    public List<String> getLabels() {
        return dataset.classNames();
    }

    /** @return the name prefix of this iterator's worker threads (for tests and diagnostics) */
    String threadNamePrefix() {
        return threadPrefix;
    }

    /** @return the batch layout */
    public FixMatchBatchLayout layout() {
        return layout;
    }

    /** @return the normalisation applied */
    public ChannelNormalization normalization() {
        return normalization;
    }

    /** @return the feature layout */
    public ImageFormat format() {
        return format;
    }

    @Override
    public String toString() {
        return "FixMatchDataSetIterator(dataset=" + dataset.name() + ",labeled=" + labeled.length + ",unlabeled="
                + unlabeled.length + ",batchSize=" + batchSize + ",unlabeledRatio=" + unlabeledRatio + ",format="
                + format + ",seed=" + seed + ",workers=" + workers + ",prefetch=" + prefetch + ",normalization="
                + normalization + ")";
    }

    // ------------------------------------------------------------------ nested types

    private static final class Batch {
        final DataSet dataSet;
        final BatchInfo info;

        Batch(DataSet dataSet, BatchInfo info) {
            this.dataSet = dataSet;
            this.info = info;
        }
    }

    /**
     * Which dataset images a FixMatch batch holds: row {@code j} of the labelled block is image
     * {@code labeledIndices()[j]}; rows {@code B + i} and {@code B + N + i} are image {@code unlabeledIndices()[i]},
     * whose true label (or {@link ImageDataset#UNLABELED}) is {@code unlabeledTrueLabels()[i]}.
     */
    public static final class BatchInfo {
        private final long step;
        private final int[] labeledIndices;
        private final int[] unlabeledIndices;
        private final int[] unlabeledTrueLabels;

        BatchInfo(long step, int[] labeledIndices, int[] unlabeledIndices, int[] unlabeledTrueLabels) {
            this.step = step;
            this.labeledIndices = labeledIndices;
            this.unlabeledIndices = unlabeledIndices;
            this.unlabeledTrueLabels = unlabeledTrueLabels;
        }

        /** @return the step of the batch */
        public long step() {
            return step;
        }

        /** @return dataset indices of the B labelled rows (a copy) */
        public int[] labeledIndices() {
            return labeledIndices.clone();
        }

        /** @return dataset indices of the N unlabelled images (a copy) */
        public int[] unlabeledIndices() {
            return unlabeledIndices.clone();
        }

        /** @return true labels of the N unlabelled images, {@link ImageDataset#UNLABELED} if unknown (a copy) */
        public int[] unlabeledTrueLabels() {
            return unlabeledTrueLabels.clone();
        }

        @Override
        public String toString() {
            return "BatchInfo(step=" + step + ",labeled=" + Arrays.toString(labeledIndices) + ",unlabeled="
                    + Arrays.toString(unlabeledIndices) + ")";
        }
    }

    /** Endless epochs of seeded permutations of {@code size} positions; a few recent epochs are cached. */
    private static final class EpochOrder {
        private final int size;
        private final long seed;
        private final long stream;
        private final Map<Long, int[]> cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, int[]> eldest) {
                return size() > CACHED_EPOCHS;
            }
        };

        EpochOrder(int size, long seed, long stream) {
            this.size = size;
            this.seed = seed;
            this.stream = stream;
        }

        /** @return the element at position {@code p} of the endless sequence */
        int at(long p) {
            return permutation(p / size)[(int) (p % size)];
        }

        private synchronized int[] permutation(long epoch) {
            int[] perm = cache.get(epoch);
            if (perm == null) {
                perm = new int[size];
                for (int i = 0; i < size; i++) {
                    perm[i] = i;
                }
                SplittableRandom random = new SplittableRandom(Seeds.derive(seed, stream, epoch, 0));
                for (int i = size - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = perm[i];
                    perm[i] = perm[j];
                    perm[j] = t;
                }
                cache.put(epoch, perm);
            }
            return perm;
        }
    }

    /**
     * Builds a {@link FixMatchDataSetIterator}; every setter validates its argument, {@link #build()} checks the
     * combination.
     */
    public static final class Builder {
        private ImageDataset dataset;
        private int[] labeled;
        private int[] unlabeled;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int unlabeledRatio = DEFAULT_UNLABELED_RATIO;
        private Augmentation weak;
        private Augmentation strong;
        private ChannelNormalization normalization;
        private ImageFormat format = DEFAULT_FORMAT;
        private Long seed;
        private int workers = DEFAULT_WORKERS;
        private int prefetch = DEFAULT_PREFETCH;
        private long startStep;
        private LabelSplit splitToCheck;

        private Builder() {
        }

        /**
         * @param dataset the training images (required)
         * @return this builder
         */
        public Builder dataset(ImageDataset dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset must not be null");
            return this;
        }

        /**
         * Takes the labelled and unlabelled indices of a split.
         *
         * @param split a split made for {@link #dataset(ImageDataset)} (checked in {@link #build()})
         * @return this builder
         */
        public Builder split(LabelSplit split) {
            Objects.requireNonNull(split, "split must not be null");
            this.labeled = split.labeled();
            this.unlabeled = split.unlabeled();
            this.splitToCheck = split;
            return this;
        }

        /**
         * @param indices dataset indices of the labelled images, at least one
         * @return this builder
         */
        public Builder labeled(int[] indices) {
            this.labeled = Objects.requireNonNull(indices, "labeled must not be null").clone();
            this.splitToCheck = null;
            return this;
        }

        /**
         * @param indices dataset indices of the unlabelled images
         * @return this builder
         */
        public Builder unlabeled(int[] indices) {
            this.unlabeled = Objects.requireNonNull(indices, "unlabeled must not be null").clone();
            this.splitToCheck = null;
            return this;
        }

        /**
         * @param batchSize B, labelled images per batch, {@code >= 1}; default 64
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
         * @param unlabeledRatio unlabelled images per labelled image (FixMatch's µ), {@code >= 0}; default 7
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
         * @param weak the weak augmentation (labelled and unlabelled weak views), required
         * @return this builder
         */
        public Builder weak(Augmentation weak) {
            this.weak = Objects.requireNonNull(weak, "weak must not be null");
            return this;
        }

        /**
         * @param strong the strong augmentation (unlabelled strong views), required
         * @return this builder
         */
        public Builder strong(Augmentation strong) {
            this.strong = Objects.requireNonNull(strong, "strong must not be null");
            return this;
        }

        /**
         * @param normalization per-channel normalisation; default: computed from the labelled and unlabelled images
         * @return this builder
         */
        public Builder normalization(ChannelNormalization normalization) {
            this.normalization = Objects.requireNonNull(normalization, "normalization must not be null");
            return this;
        }

        /**
         * @param format feature layout; default NHWC
         * @return this builder
         */
        public Builder format(ImageFormat format) {
            this.format = Objects.requireNonNull(format, "format must not be null");
            return this;
        }

        /**
         * @param seed the root seed of sampling and augmentation, required
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param workers background threads, {@code >= 0} (0 builds batches in the caller's thread); default 2
         * @return this builder
         */
        public Builder workers(int workers) {
            if (workers < 0) {
                throw new IllegalArgumentException("workers must be >= 0, found " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * @param prefetch batches built ahead, {@code >= 1}; default 4
         * @return this builder
         */
        public Builder prefetch(int prefetch) {
            if (prefetch < 1) {
                throw new IllegalArgumentException("prefetch must be >= 1, found " + prefetch);
            }
            this.prefetch = prefetch;
            return this;
        }

        /**
         * @param step the first step returned, {@code >= 0} (a checkpoint's position); default 0
         * @return this
         */
        public Builder startStep(long step) {
            if (step < 0) {
                throw new IllegalArgumentException("startStep must be >= 0, found " + step);
            }
            this.startStep = step;
            return this;
        }

        /**
         * @return the iterator; its worker threads start prefetching at once
         * @throws IllegalStateException    if a required option is missing
         * @throws IllegalArgumentException if an index is out of range or a labelled image has no label
         * @throws DatasetException         if the split does not fit the dataset
         */
        public FixMatchDataSetIterator build() {
            if (dataset == null) {
                throw new IllegalStateException("dataset is required: call dataset(ImageDataset)");
            }
            if (labeled == null || unlabeled == null) {
                throw new IllegalStateException("labelled and unlabelled images are required: call split(LabelSplit)"
                        + " or labeled(int[]) and unlabeled(int[])");
            }
            if (weak == null || strong == null) {
                throw new IllegalStateException("weak and strong augmentations are required: call weak(...) and "
                        + "strong(...)");
            }
            if (seed == null) {
                throw new IllegalStateException("seed must be set explicitly (there is no default seed): call "
                        + "seed(long)");
            }
            if (splitToCheck != null) {
                splitToCheck.checkMatches(dataset);
            }
            if (labeled.length == 0) {
                throw new IllegalArgumentException("labeled must hold at least one image index, found none");
            }
            if (unlabeledRatio > 0 && unlabeled.length == 0) {
                throw new IllegalArgumentException("unlabeled must hold at least one image index when "
                        + "unlabeledRatio > 0 (found unlabeledRatio " + unlabeledRatio + ")");
            }
            for (int index : labeled) {
                Objects.checkIndex(index, dataset.size());
                if (dataset.label(index) < 0) {
                    throw new IllegalArgumentException("labeled images must have a class, found image " + index
                            + " with label " + dataset.label(index));
                }
            }
            for (int index : unlabeled) {
                Objects.checkIndex(index, dataset.size());
            }
            ChannelNormalization norm = normalization;
            if (norm == null) {
                norm = ChannelNormalization.compute(dataset, union(labeled, unlabeled));
            } else if (norm.channels() != dataset.channels()) {
                throw new IllegalArgumentException("normalization must have " + dataset.channels()
                        + " channels like the dataset, found " + norm.channels());
            }
            return new FixMatchDataSetIterator(this, labeled.clone(), unlabeled.clone(), norm);
        }

        private static int[] union(int[] a, int[] b) {
            return java.util.stream.IntStream.concat(Arrays.stream(a), Arrays.stream(b)).distinct().toArray();
        }
    }
}
