package io.github.spl4j.arbiter;

import io.github.spl4j.augment.Augmentation;
import io.github.spl4j.augment.AugmentationSequence;
import io.github.spl4j.augment.WeakAugment;
import io.github.spl4j.data.ChannelNormalization;
import io.github.spl4j.data.EvaluationDataSetIterator;
import io.github.spl4j.data.FixMatchDataSetIterator;
import io.github.spl4j.data.ImageDataset;
import io.github.spl4j.data.ImageFormat;
import io.github.spl4j.data.LabelSplit;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.Arrays;
import java.util.Properties;
import java.util.stream.IntStream;

/**
 * Arbiter {@link DataSource} over the <b>training</b> images of a dataset, split by a seeded {@link LabelSplit} into
 * labelled, unlabelled and a validation hold-out: {@link #trainData()} is a {@link FixMatchDataSetIterator} over the
 * labelled and unlabelled images, {@link #testData()} an {@link EvaluationDataSetIterator} over the validation images.
 * The dataset's official test images are never read: subclasses provide only {@link #trainingImages()}.
 *
 * <p>Properties (Arbiter configures data sources by {@link Properties}): {@value #SEED} (default 42, set by
 * {@link FixMatchSearch} to its seed), {@value #LABELS_PER_CLASS} (4), {@value #VALIDATION_PER_CLASS} (50, must be
 * &gt;= 1), {@value #BATCH_SIZE} (64), {@value #UNLABELED_RATIO} (7), {@value #WORKERS} (1), {@value #FORMAT}
 * (NHWC), {@value #NORMALIZE} (true: per-channel mean/std of the labelled and unlabelled images; false: pixels/255),
 * {@value #VALIDATION_BATCH_SIZE} (256), and {@value #WEAK} / {@value #STRONG}: class names of {@link Augmentation}s
 * with public no-argument constructors (default: FixMatch's {@link WeakAugment} and
 * {@link AugmentationSequence#fixMatchStrong()}; subclasses may override {@link #weakAugmentation()} /
 * {@link #strongAugmentation()}).
 */
public abstract class ImageSplitDataSource implements DataSource {
    private static final long serialVersionUID = 1L;

    /** Property: root seed of the split, sampling and augmentation. */
    public static final String SEED = "seed";
    /** Property: labelled images per class. */
    public static final String LABELS_PER_CLASS = "labelsPerClass";
    /** Property: validation images held out per class. */
    public static final String VALIDATION_PER_CLASS = "validationPerClass";
    /** Property: labelled images per minibatch (B). */
    public static final String BATCH_SIZE = "batchSize";
    /** Property: unlabelled images per labelled one in a minibatch. */
    public static final String UNLABELED_RATIO = "unlabeledRatio";
    /** Property: background threads building minibatches. */
    public static final String WORKERS = "workers";
    /** Property: NHWC or NCHW. */
    public static final String FORMAT = "format";
    /** Property: true for per-channel standardisation, false for pixels/255. */
    public static final String NORMALIZE = "normalize";
    /** Property: rows per validation minibatch. */
    public static final String VALIDATION_BATCH_SIZE = "validationBatchSize";
    /** Property: class name of the weak augmentation. */
    public static final String WEAK = "weak";
    /** Property: class name of the strong augmentation. */
    public static final String STRONG = "strong";

    private Properties properties = new Properties();
    private transient ImageDataset images;
    private transient LabelSplit split;
    private transient ChannelNormalization normalization;

    /** For subclasses; Arbiter instantiates them through a public no-argument constructor. */
    protected ImageSplitDataSource() {
    }

    /**
     * @return the training images of the dataset (labelled images must have labels); never the test images
     */
    protected abstract ImageDataset trainingImages();

    @Override
    public void configure(Properties properties) {
        this.properties = new Properties();
        if (properties != null) {
            this.properties.putAll(properties);
        }
        images = null;
        split = null;
        normalization = null;
    }

    /** @return the properties this source was configured with (a copy) */
    protected Properties properties() {
        Properties p = new Properties();
        p.putAll(properties);
        return p;
    }

    /**
     * @return the split of {@link #trainingImages()} this source uses (labelled, unlabelled, validation disjoint)
     * @throws IllegalArgumentException if a property is invalid or {@value #VALIDATION_PER_CLASS} is 0
     */
    public synchronized LabelSplit split() {
        if (split == null) {
            int validationPerClass = intProperty(VALIDATION_PER_CLASS, 50, 1);
            split = LabelSplit.builder().balanced(intProperty(LABELS_PER_CLASS, 4, 1))
                    .validationPerClass(validationPerClass).seed(seed()).build(images());
        }
        return split;
    }

    private synchronized ImageDataset images() {
        if (images == null) {
            images = trainingImages();
        }
        return images;
    }

    private synchronized ChannelNormalization normalization() {
        if (normalization == null) {
            boolean normalize = Boolean.parseBoolean(properties.getProperty(NORMALIZE, "true"));
            LabelSplit s = split();
            int[] training = IntStream.concat(Arrays.stream(s.labeled()), Arrays.stream(s.unlabeled())).toArray();
            normalization = normalize ? ChannelNormalization.compute(images(), training)
                    : ChannelNormalization.unit(images().channels());
        }
        return normalization;
    }

    /** @return an infinite {@link FixMatchDataSetIterator} over the labelled and unlabelled images (close it) */
    @Override
    public Object trainData() {
        return FixMatchDataSetIterator.builder().dataset(images()).split(split())
                .batchSize(intProperty(BATCH_SIZE, FixMatchDataSetIterator.DEFAULT_BATCH_SIZE, 1))
                .unlabeledRatio(intProperty(UNLABELED_RATIO, FixMatchDataSetIterator.DEFAULT_UNLABELED_RATIO, 0))
                .weak(weakAugmentation()).strong(strongAugmentation()).normalization(normalization())
                .format(format()).seed(seed()).workers(intProperty(WORKERS, 1, 0)).build();
    }

    /** @return an {@link EvaluationDataSetIterator} over the validation images only */
    @Override
    public Object testData() {
        return new EvaluationDataSetIterator(images(), split().validation(),
                intProperty(VALIDATION_BATCH_SIZE, 256, 1), normalization(), format());
    }

    @Override
    public Class<?> getDataType() {
        return DataSetIterator.class;
    }

    /**
     * @return the weak augmentation: an instance of the class named by property {@value #WEAK}, or FixMatch's
     *         {@link WeakAugment} (flip and translate) without the property
     * @throws IllegalArgumentException if the property does not name an Augmentation class
     */
    protected Augmentation weakAugmentation() {
        return properties.getProperty(WEAK) == null ? new WeakAugment() : augmentation(WEAK);
    }

    /**
     * @return the strong augmentation: an instance of the class named by property {@value #STRONG}, or FixMatch's
     *         {@link AugmentationSequence#fixMatchStrong()} (weak, then RandAugment and Cutout) without the property
     * @throws IllegalArgumentException if the property does not name an Augmentation class
     */
    protected Augmentation strongAugmentation() {
        return properties.getProperty(STRONG) == null ? AugmentationSequence.fixMatchStrong() : augmentation(STRONG);
    }

    private Augmentation augmentation(String key) {
        String name = properties.getProperty(key);
        if (name.isBlank()) {
            throw new IllegalArgumentException("property " + key + " must name an " + Augmentation.class.getName()
                    + " class with a public no-argument constructor, found an empty value");
        }
        try {
            Object a = Class.forName(name).getDeclaredConstructor().newInstance();
            if (!(a instanceof Augmentation aug)) {
                throw new IllegalArgumentException("property " + key + " must name an Augmentation class, found "
                        + name + ", which is not one");
            }
            return aug;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("property " + key + " must name an Augmentation class with a public"
                    + " no-argument constructor, found " + name + " (" + e + ")", e);
        }
    }

    /** @return the root seed (property {@value #SEED}, default 42) */
    protected long seed() {
        String v = properties.getProperty(SEED, "42");
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + SEED + " must be an integer, found " + v, e);
        }
    }

    private ImageFormat format() {
        String v = properties.getProperty(FORMAT, ImageFormat.NHWC.name());
        try {
            return ImageFormat.valueOf(v.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("property " + FORMAT + " must be one of "
                    + Arrays.toString(ImageFormat.values()) + ", found " + v, e);
        }
    }

    /**
     * @param key the property
     * @param def its default
     * @param min its smallest allowed value
     * @return the property's value
     * @throws IllegalArgumentException if it is not an integer &gt;= min
     */
    protected int intProperty(String key, int def, int min) {
        String v = properties.getProperty(key, Integer.toString(def));
        int x;
        try {
            x = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + key + " must be an integer >= " + min + ", found " + v, e);
        }
        if (x < min) {
            throw new IllegalArgumentException("property " + key + " must be an integer >= " + min + ", found " + x);
        }
        return x;
    }
}
