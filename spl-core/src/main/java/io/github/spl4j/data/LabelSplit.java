package io.github.spl4j.data;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * Which training images are labelled, which are unlabelled and which are held out for validation: the semi-supervised
 * protocol of a run. Saved with the run as JSON so that a run, its resume and a comparison use exactly the same split.
 *
 * <p>Strategies for the labelled set:
 * <ul>
 *   <li>{@link Strategy#BALANCED}: {@code labelsPerClass} images of every class (FixMatch's "40 labels" = 4 per class
 *   on CIFAR-10);</li>
 *   <li>{@link Strategy#RANDOM}: {@code labeledCount} images drawn uniformly from all labelled-class images, whatever
 *   their classes (the SPL paper's "random sampling" benchmark);</li>
 *   <li>{@link Strategy#IMBALANCED}: long-tailed counts {@code n_c = max(1, floor(labelsPerClass · γ^(-c/(C-1))))}
 *   for class {@code c = 0 … C-1}, γ = {@code imbalanceRatio} ≥ 1 (class 0 is the head class).</li>
 * </ul>
 * An optional validation hold-out takes {@code validationPerClass} images of every class first; they are in neither
 * the labelled nor the unlabelled set. The unlabelled set is, as in FixMatch, every remaining training image
 * (labelled ones included) unless {@code excludeLabeled} is set; with {@code unlabeledPerClass > 0} it is subsampled
 * to the long-tailed counts {@code floor(unlabeledPerClass · γu^(-c/(C-1)))}, γu = {@code unlabeledImbalanceRatio}
 * (1 = balanced). Images of unknown class ({@link ImageDataset#UNLABELED}) are always unlabelled.
 *
 * <p>The split depends only on the dataset's labels, the options and the seed (no global RNG). Index arrays are
 * sorted ascending. Instances are immutable.
 *
 * <pre>{@code
 * LabelSplit split = LabelSplit.builder().balanced(4).validationPerClass(50).seed(42).build(train);
 * split.save(runDir.resolve("split.json"));
 * LabelSplit same = LabelSplit.load(runDir.resolve("split.json"), train); // checks it fits the dataset
 * }</pre>
 */
@JsonPropertyOrder({"formatVersion", "strategy", "seed", "labelsPerClass", "labeledCount", "imbalanceRatio",
        "validationPerClass", "excludeLabeled", "unlabeledPerClass", "unlabeledImbalanceRatio", "datasetSize",
        "classCounts", "labeled", "unlabeled", "validation"})
public final class LabelSplit {

    /** How the labelled images are chosen. */
    public enum Strategy {
        /** The same number of labelled images per class. */
        BALANCED,
        /** A number of labelled images drawn uniformly, whatever their classes. */
        RANDOM,
        /** Long-tailed labelled class counts with a given imbalance ratio. */
        IMBALANCED
    }

    /** Version of the JSON format written by {@link #save(Path)}. */
    public static final int FORMAT_VERSION = 1;

    private static final long LABELED_STREAM = 0x4C41424C45444C4CL;
    private static final long VALIDATION_STREAM = 0x56414C4944415445L;
    private static final long UNLABELED_STREAM = 0x554E4C4142454C44L;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Strategy strategy;
    private final long seed;
    private final int labelsPerClass;
    private final int labeledCount;
    private final double imbalanceRatio;
    private final int validationPerClass;
    private final boolean excludeLabeled;
    private final int unlabeledPerClass;
    private final double unlabeledImbalanceRatio;
    private final int datasetSize;
    private final int[] classCounts;
    private final int[] labeled;
    private final int[] unlabeled;
    private final int[] validation;

    @JsonCreator
    private LabelSplit(@JsonProperty("formatVersion") int formatVersion,
                       @JsonProperty("strategy") Strategy strategy,
                       @JsonProperty("seed") long seed,
                       @JsonProperty("labelsPerClass") int labelsPerClass,
                       @JsonProperty("labeledCount") int labeledCount,
                       @JsonProperty("imbalanceRatio") double imbalanceRatio,
                       @JsonProperty("validationPerClass") int validationPerClass,
                       @JsonProperty("excludeLabeled") boolean excludeLabeled,
                       @JsonProperty("unlabeledPerClass") int unlabeledPerClass,
                       @JsonProperty("unlabeledImbalanceRatio") double unlabeledImbalanceRatio,
                       @JsonProperty("datasetSize") int datasetSize,
                       @JsonProperty("classCounts") int[] classCounts,
                       @JsonProperty("labeled") int[] labeled,
                       @JsonProperty("unlabeled") int[] unlabeled,
                       @JsonProperty("validation") int[] validation) {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion must be " + FORMAT_VERSION + ", found "
                    + formatVersion);
        }
        this.strategy = Objects.requireNonNull(strategy, "strategy must not be null");
        this.seed = seed;
        this.labelsPerClass = labelsPerClass;
        this.labeledCount = labeledCount;
        this.imbalanceRatio = imbalanceRatio;
        this.validationPerClass = validationPerClass;
        this.excludeLabeled = excludeLabeled;
        this.unlabeledPerClass = unlabeledPerClass;
        this.unlabeledImbalanceRatio = unlabeledImbalanceRatio;
        this.datasetSize = datasetSize;
        this.classCounts = Objects.requireNonNull(classCounts, "classCounts must not be null").clone();
        this.labeled = Objects.requireNonNull(labeled, "labeled must not be null").clone();
        this.unlabeled = Objects.requireNonNull(unlabeled, "unlabeled must not be null").clone();
        this.validation = Objects.requireNonNull(validation, "validation must not be null").clone();
        checkIndices("labeled", this.labeled, datasetSize);
        checkIndices("unlabeled", this.unlabeled, datasetSize);
        checkIndices("validation", this.validation, datasetSize);
        checkDisjoint("validation", this.validation, "labeled", this.labeled);
        checkDisjoint("validation", this.validation, "unlabeled", this.unlabeled);
        if (excludeLabeled) {
            checkDisjoint("labeled", this.labeled, "unlabeled", this.unlabeled);
        }
    }

    /** @return a builder; a strategy and a seed must be set */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ accessors

    /** @return how the labelled images were chosen */
    @JsonProperty("strategy")
    public Strategy strategy() {
        return strategy;
    }

    /** @return the seed the split was drawn with */
    @JsonProperty("seed")
    public long seed() {
        return seed;
    }

    /** @return labelled images per class (BALANCED) or of the head class (IMBALANCED); 0 for RANDOM */
    @JsonProperty("labelsPerClass")
    public int labelsPerClass() {
        return labelsPerClass;
    }

    /** @return the number of labelled images asked for (RANDOM); 0 otherwise */
    @JsonProperty("labeledCount")
    public int labeledCount() {
        return labeledCount;
    }

    /** @return γ, head over tail labelled count (IMBALANCED), 1 otherwise */
    @JsonProperty("imbalanceRatio")
    public double imbalanceRatio() {
        return imbalanceRatio;
    }

    /** @return validation images held out per class, {@code >= 0} */
    @JsonProperty("validationPerClass")
    public int validationPerClass() {
        return validationPerClass;
    }

    /** @return true if the labelled images are left out of the unlabelled set */
    @JsonProperty("excludeLabeled")
    public boolean excludeLabeled() {
        return excludeLabeled;
    }

    /** @return unlabelled images of the head class when the unlabelled set is subsampled, 0 = not subsampled */
    @JsonProperty("unlabeledPerClass")
    public int unlabeledPerClass() {
        return unlabeledPerClass;
    }

    /** @return γu, head over tail unlabelled count when subsampled (1 = balanced) */
    @JsonProperty("unlabeledImbalanceRatio")
    public double unlabeledImbalanceRatio() {
        return unlabeledImbalanceRatio;
    }

    /** @return the number of images of the dataset the split was made for */
    @JsonProperty("datasetSize")
    public int datasetSize() {
        return datasetSize;
    }

    /** @return per-class image counts of the dataset the split was made for (a copy) */
    @JsonProperty("classCounts")
    public int[] classCounts() {
        return classCounts.clone();
    }

    /** @return indices of the labelled images, ascending (a copy) */
    @JsonProperty("labeled")
    public int[] labeled() {
        return labeled.clone();
    }

    /** @return indices of the unlabelled images, ascending (a copy) */
    @JsonProperty("unlabeled")
    public int[] unlabeled() {
        return unlabeled.clone();
    }

    /** @return indices of the validation images, ascending (a copy; empty without a hold-out) */
    @JsonProperty("validation")
    public int[] validation() {
        return validation.clone();
    }

    @JsonProperty("formatVersion")
    private int formatVersion() {
        return FORMAT_VERSION;
    }

    // ------------------------------------------------------------------ dataset check, JSON

    /**
     * Checks that this split was made for {@code dataset}: same number of images and same per-class counts.
     *
     * @param dataset the dataset the split is about to be used with
     * @throws DatasetException if they differ; the message gives both and what to do
     */
    public void checkMatches(ImageDataset dataset) {
        Objects.requireNonNull(dataset, "dataset must not be null");
        int[] counts = dataset.labelCounts();
        if (dataset.size() != datasetSize || !Arrays.equals(counts, classCounts)) {
            throw new DatasetException("the label split was made for a dataset of " + datasetSize
                    + " images with class counts " + Arrays.toString(classCounts) + ", but dataset '"
                    + dataset.name() + "' has " + dataset.size() + " images with class counts "
                    + Arrays.toString(counts) + "; use the dataset the split was made for, or make a new split");
        }
    }

    /**
     * Writes this split as JSON, atomically: to a temporary file in the same folder, then renamed over
     * {@code file}, so a crash never leaves a half-written split.
     *
     * @param file the destination; its folder is created if needed
     * @throws DatasetException if the file cannot be written
     */
    public void save(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        Path absolute = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(absolute.getParent());
            tmp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
            MAPPER.writeValue(tmp.toFile(), this);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DatasetException(file, "cannot write the label split (" + e.getMessage()
                    + "); check that the folder is writable and the disk not full", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the rename succeeded or the original error is more useful
                }
            }
        }
    }

    /**
     * Reads a split written by {@link #save(Path)}.
     *
     * @param file the JSON file
     * @return the split
     * @throws DatasetException if the file is missing, unreadable or not a valid split
     */
    public static LabelSplit load(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file, "label split file not found; make a new split or give the path "
                    + "of the split.json saved with the run", null);
        }
        try {
            return MAPPER.readValue(file.toFile(), LabelSplit.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new DatasetException(file, "not a valid label split file (" + e.getMessage()
                    + "); make a new split or restore the split.json saved with the run", e);
        }
    }

    /**
     * Reads a split and checks that it was made for {@code dataset}.
     *
     * @param file    the JSON file
     * @param dataset the dataset it will be used with
     * @return the split
     * @throws DatasetException if the file is invalid or the split does not fit the dataset
     */
    public static LabelSplit load(Path file, ImageDataset dataset) {
        LabelSplit split = load(file);
        try {
            split.checkMatches(dataset);
        } catch (DatasetException e) {
            throw new DatasetException(file, e.getMessage(), null);
        }
        return split;
    }

    /** @return this split as a JSON string */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + this, e);
        }
    }

    /**
     * @param json a string from {@link #toJson()}
     * @return the split
     * @throws IllegalArgumentException if the string is not a valid split
     */
    public static LabelSplit fromJson(String json) {
        try {
            return MAPPER.readValue(json, LabelSplit.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid label split JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LabelSplit)) {
            return false;
        }
        LabelSplit s = (LabelSplit) o;
        return strategy == s.strategy && seed == s.seed && labelsPerClass == s.labelsPerClass
                && labeledCount == s.labeledCount && Double.compare(imbalanceRatio, s.imbalanceRatio) == 0
                && validationPerClass == s.validationPerClass && excludeLabeled == s.excludeLabeled
                && unlabeledPerClass == s.unlabeledPerClass
                && Double.compare(unlabeledImbalanceRatio, s.unlabeledImbalanceRatio) == 0
                && datasetSize == s.datasetSize && Arrays.equals(classCounts, s.classCounts)
                && Arrays.equals(labeled, s.labeled) && Arrays.equals(unlabeled, s.unlabeled)
                && Arrays.equals(validation, s.validation);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(strategy, seed, labelsPerClass, labeledCount, imbalanceRatio, validationPerClass,
                excludeLabeled, unlabeledPerClass, unlabeledImbalanceRatio, datasetSize);
        h = 31 * h + Arrays.hashCode(classCounts);
        h = 31 * h + Arrays.hashCode(labeled);
        h = 31 * h + Arrays.hashCode(unlabeled);
        return 31 * h + Arrays.hashCode(validation);
    }

    @Override
    public String toString() {
        return "LabelSplit(strategy=" + strategy + ",seed=" + seed + ",labelsPerClass=" + labelsPerClass
                + ",labeledCount=" + labeledCount + ",imbalanceRatio=" + imbalanceRatio + ",validationPerClass="
                + validationPerClass + ",excludeLabeled=" + excludeLabeled + ",unlabeledPerClass="
                + unlabeledPerClass + ",unlabeledImbalanceRatio=" + unlabeledImbalanceRatio + ",labeled="
                + labeled.length + ",unlabeled=" + unlabeled.length + ",validation=" + validation.length + ")";
    }

    // ------------------------------------------------------------------ helpers

    private static void checkIndices(String name, int[] indices, int size) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= size) {
                throw new IllegalArgumentException(name + " indices must be in [0, " + size + "), found "
                        + indices[i]);
            }
            if (i > 0 && indices[i] <= indices[i - 1]) {
                throw new IllegalArgumentException(name + " indices must be strictly ascending, found "
                        + indices[i - 1] + " before " + indices[i]);
            }
        }
    }

    private static void checkDisjoint(String nameA, int[] a, String nameB, int[] b) {
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                throw new IllegalArgumentException(nameA + " and " + nameB + " sets must be disjoint, both hold "
                        + "image " + a[i]);
            }
            if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
    }

    /**
     * The long-tailed per-class counts the {@link Strategy#IMBALANCED} strategy (and the unlabelled subsampling) use:
     * {@code n_c = max(1, floor(head · ratio^(-c/(C-1))))} for {@code c = 0 … C-1}.
     *
     * @param head    the count of class 0 (the head class), {@code >= 1}
     * @param ratio   γ = head count / tail count, finite and {@code >= 1}
     * @param classes the number of classes C, {@code >= 1}
     * @return the C counts, non-increasing
     * @throws IllegalArgumentException if a value is out of range
     */
    public static int[] longTailCounts(int head, double ratio, int classes) {
        Builder.requireAtLeast("head", head, 1);
        Builder.requireRatio("ratio", ratio);
        Builder.requireAtLeast("classes", classes, 1);
        int[] counts = new int[classes];
        for (int c = 0; c < classes; c++) {
            counts[c] = longTailCount(head, ratio, c, classes);
        }
        return counts;
    }

    /** Long-tailed count of class {@code c} of {@code classes}: {@code max(1, floor(head · ratio^(-c/(C-1))))}. */
    static int longTailCount(int head, double ratio, int c, int classes) {
        if (classes == 1) {
            return head;
        }
        double exponent = -(double) c / (classes - 1);
        return Math.max(1, (int) Math.floor(head * Math.pow(ratio, exponent) + 1e-9));
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    private static int[] sorted(List<Integer> values) {
        int[] out = values.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(out);
        return out;
    }

    /**
     * Builds a {@link LabelSplit}. Choose one strategy ({@link #balanced}, {@link #random} or {@link #imbalanced})
     * and a seed; every setter validates its argument.
     */
    public static final class Builder {
        private Strategy strategy;
        private Long seed;
        private int labelsPerClass;
        private int labeledCount;
        private double imbalanceRatio = 1.0;
        private int validationPerClass;
        private boolean excludeLabeled;
        private int unlabeledPerClass;
        private double unlabeledImbalanceRatio = 1.0;

        private Builder() {
        }

        /**
         * @param labelsPerClass labelled images per class, {@code >= 1}
         * @return this builder
         */
        public Builder balanced(int labelsPerClass) {
            requireAtLeast("labelsPerClass", labelsPerClass, 1);
            this.strategy = Strategy.BALANCED;
            this.labelsPerClass = labelsPerClass;
            this.labeledCount = 0;
            this.imbalanceRatio = 1.0;
            return this;
        }

        /**
         * @param labeledCount labelled images drawn uniformly from the whole training set, {@code >= 1}
         * @return this builder
         */
        public Builder random(int labeledCount) {
            requireAtLeast("labeledCount", labeledCount, 1);
            this.strategy = Strategy.RANDOM;
            this.labeledCount = labeledCount;
            this.labelsPerClass = 0;
            this.imbalanceRatio = 1.0;
            return this;
        }

        /**
         * @param headLabelsPerClass labelled images of class 0 (the head class), {@code >= 1}
         * @param imbalanceRatio     γ = head count / tail count, finite and {@code >= 1}
         * @return this builder
         */
        public Builder imbalanced(int headLabelsPerClass, double imbalanceRatio) {
            requireAtLeast("labelsPerClass", headLabelsPerClass, 1);
            requireRatio("imbalanceRatio", imbalanceRatio);
            this.strategy = Strategy.IMBALANCED;
            this.labelsPerClass = headLabelsPerClass;
            this.labeledCount = 0;
            this.imbalanceRatio = imbalanceRatio;
            return this;
        }

        /**
         * @param validationPerClass images per class held out for validation, {@code >= 0}; default 0
         * @return this builder
         */
        public Builder validationPerClass(int validationPerClass) {
            requireAtLeast("validationPerClass", validationPerClass, 0);
            this.validationPerClass = validationPerClass;
            return this;
        }

        /**
         * @param excludeLabeled true to leave the labelled images out of the unlabelled set; default false
         *                       (FixMatch uses the whole training set as unlabelled data)
         * @return this builder
         */
        public Builder excludeLabeled(boolean excludeLabeled) {
            this.excludeLabeled = excludeLabeled;
            return this;
        }

        /**
         * Subsamples the unlabelled set to long-tailed class counts.
         *
         * @param headUnlabeledPerClass unlabelled images of class 0, {@code >= 1}
         * @param ratio                 γu = head count / tail count, finite and {@code >= 1} (1 = balanced)
         * @return this builder
         */
        public Builder unlabeledImbalanced(int headUnlabeledPerClass, double ratio) {
            requireAtLeast("unlabeledPerClass", headUnlabeledPerClass, 1);
            requireRatio("unlabeledImbalanceRatio", ratio);
            this.unlabeledPerClass = headUnlabeledPerClass;
            this.unlabeledImbalanceRatio = ratio;
            return this;
        }

        /**
         * @param seed the split's seed; required (there is no hidden default seed)
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param dataset the training set
         * @return the split
         * @throws IllegalStateException    if no strategy or seed was set
         * @throws IllegalArgumentException if a class has too few images for the options
         */
        public LabelSplit build(ImageDataset dataset) {
            Objects.requireNonNull(dataset, "dataset must not be null");
            int[] labels = new int[dataset.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = dataset.label(i);
            }
            return build(labels, dataset.numClasses(), dataset.classNames());
        }

        /**
         * @param labels     the training labels, each in {@code [0, numClasses)} or {@link ImageDataset#UNLABELED}
         * @param numClasses the number of classes, {@code >= 1}
         * @return the split
         * @throws IllegalStateException    if no strategy or seed was set
         * @throws IllegalArgumentException if a label is out of range or a class has too few images
         */
        public LabelSplit build(int[] labels, int numClasses) {
            return build(labels, numClasses, null);
        }

        private LabelSplit build(int[] labels, int numClasses, List<String> names) {
            if (strategy == null) {
                throw new IllegalStateException("no strategy chosen: call balanced(k), random(n) or "
                        + "imbalanced(k, ratio)");
            }
            if (seed == null) {
                throw new IllegalStateException("seed must be set explicitly (there is no default seed): call "
                        + "seed(long)");
            }
            requireAtLeast("numClasses", numClasses, 1);
            List<List<Integer>> byClass = new ArrayList<>();
            for (int c = 0; c < numClasses; c++) {
                byClass.add(new ArrayList<>());
            }
            int[] classCounts = new int[numClasses];
            List<Integer> unknown = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                int label = labels[i];
                if (label == ImageDataset.UNLABELED) {
                    unknown.add(i);
                } else if (label < 0 || label >= numClasses) {
                    throw new IllegalArgumentException("labels[" + i + "] must be in [-1, " + numClasses
                            + "), found " + label);
                } else {
                    byClass.get(label).add(i);
                    classCounts[label]++;
                }
            }
            long s = seed;
            // Each class gets its own shuffled pool: validation first, then labelled, so adding a hold-out never
            // depends on other classes' sizes.
            int[][] pools = new int[numClasses][];
            for (int c = 0; c < numClasses; c++) {
                pools[c] = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
                shuffle(pools[c], new SplittableRandom(Seeds.derive(s, VALIDATION_STREAM, c, 0)));
                if (pools[c].length < validationPerClass) {
                    throw new IllegalArgumentException("validationPerClass must be <= the images of every class, "
                            + "found " + validationPerClass + " but class " + className(c, names) + " has "
                            + pools[c].length);
                }
            }
            List<Integer> validation = new ArrayList<>();
            for (int c = 0; c < numClasses; c++) {
                for (int k = 0; k < validationPerClass; k++) {
                    validation.add(pools[c][k]);
                }
            }
            List<Integer> labeled = new ArrayList<>();
            if (strategy == Strategy.RANDOM) {
                List<Integer> rest = new ArrayList<>();
                for (int c = 0; c < numClasses; c++) {
                    for (int k = validationPerClass; k < pools[c].length; k++) {
                        rest.add(pools[c][k]);
                    }
                }
                int[] candidates = sorted(rest);
                if (candidates.length < labeledCount) {
                    throw new IllegalArgumentException("labeledCount must be <= the " + candidates.length
                            + " labelled-class images left after the validation hold-out, found " + labeledCount);
                }
                shuffle(candidates, new SplittableRandom(Seeds.derive(s, LABELED_STREAM, -1, 0)));
                for (int k = 0; k < labeledCount; k++) {
                    labeled.add(candidates[k]);
                }
            } else {
                for (int c = 0; c < numClasses; c++) {
                    int want = strategy == Strategy.BALANCED ? labelsPerClass
                            : longTailCount(labelsPerClass, imbalanceRatio, c, numClasses);
                    int available = pools[c].length - validationPerClass;
                    if (available < want) {
                        throw new IllegalArgumentException("labelsPerClass too large: class " + className(c, names)
                                + " needs " + want + " labelled images but has " + available + " after holding out "
                                + validationPerClass + " for validation");
                    }
                    for (int k = 0; k < want; k++) {
                        labeled.add(pools[c][validationPerClass + k]);
                    }
                }
            }
            int[] labeledSorted = sorted(labeled);
            int[] validationSorted = sorted(validation);
            boolean[] taken = new boolean[labels.length];
            for (int v : validationSorted) {
                taken[v] = true;
            }
            if (excludeLabeled) {
                for (int l : labeledSorted) {
                    taken[l] = true;
                }
            }
            List<Integer> unlabeled = new ArrayList<>(unknown);
            for (int c = 0; c < numClasses; c++) {
                List<Integer> candidates = new ArrayList<>();
                for (int i : byClass.get(c)) {
                    if (!taken[i]) {
                        candidates.add(i);
                    }
                }
                if (unlabeledPerClass > 0) {
                    int want = longTailCount(unlabeledPerClass, unlabeledImbalanceRatio, c, numClasses);
                    if (candidates.size() < want) {
                        throw new IllegalArgumentException("unlabeledPerClass too large: class "
                                + className(c, names) + " needs " + want + " unlabelled images but has "
                                + candidates.size());
                    }
                    int[] pool = candidates.stream().mapToInt(Integer::intValue).toArray();
                    shuffle(pool, new SplittableRandom(Seeds.derive(s, UNLABELED_STREAM, c, 0)));
                    for (int k = 0; k < want; k++) {
                        unlabeled.add(pool[k]);
                    }
                } else {
                    unlabeled.addAll(candidates);
                }
            }
            return new LabelSplit(FORMAT_VERSION, strategy, s, labelsPerClass, labeledCount, imbalanceRatio,
                    validationPerClass, excludeLabeled, unlabeledPerClass, unlabeledImbalanceRatio, labels.length,
                    classCounts, labeledSorted, sorted(unlabeled), validationSorted);
        }

        private static String className(int c, List<String> names) {
            return names == null ? String.valueOf(c) : c + " ('" + names.get(c) + "')";
        }

        private static void requireAtLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", found " + value);
            }
        }

        private static void requireRatio(String name, double value) {
            if (!(value >= 1.0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(name + " must be finite and >= 1, found "
                        + String.format(Locale.ROOT, "%s", value));
            }
        }
    }
}
