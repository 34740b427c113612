package io.github.spl4j.dl4j.train;

import java.util.Objects;

import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.databind.annotation.JsonDeserialize;
import org.nd4j.shade.jackson.databind.annotation.JsonPOJOBuilder;

import io.github.spl4j.data.LabelSplit;

/**
 * The one configuration of a FixMatch / Smooth FixMatch run (FixMatch arXiv 2001.07685, Smooth Pseudo-Labeling
 * arXiv 2405.14313): the single source of truth for {@link FixMatchTrainer}, the command-line app, config files and
 * searches. Immutable, validated in {@link Builder#build()} (each value, then the rules between values), JSON via
 * {@link #toJson()} / {@link #fromJson(String)} (unknown keys are rejected, missing keys take their default).
 *
 * <p>Defaults follow FixMatch (tau 0.95, lambdaU 1, B 64, unlabeledRatio 7, SGD Nesterov 0.9 at lr 0.03 with
 * the cosine schedule, weight decay 5e-4, EMA 0.999) except the run length and the model, sized for a CPU:
 * SmallCNN on 40-label Fashion-MNIST for {@value #DEFAULT_STEPS} steps.
 *
 * <pre>{@code
 * FixMatchConfig c = FixMatchConfig.builder().labels(40).weighting(WeightingKind.SMOOTH).steps(2000)
 *         .outputDir("runs/smooth-40").build();
 * }</pre>
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonDeserialize(builder = FixMatchConfig.Builder.class)
@JsonPropertyOrder({"dataset", "dataDir", "splitStrategy", "labels", "imbalanceRatio", "unlabeledImbalanceRatio", "unlabeledPerClass", "splitSeed", "model", "weighting", "tau", "mu", "lambdaU", "batchSize", "unlabeledRatio", "steps", "learningRate", "momentum", "weightDecay", "emaDecay", "emaWarmUp", "pseudoLabels", "seed", "evalInterval", "medianOfLast", "checkpointInterval", "keepCheckpoints", "workers", "onNonFinite", "outputDir"})
public final class FixMatchConfig {

    /** The datasets the trainer reads by itself. */
    public enum DatasetKind {
        /** Fashion-MNIST, 28x28x1, 10 classes, from its idx files (gzipped or not). */
        FASHION_MNIST,
        /** CIFAR-10, 32x32x3, 10 classes, from the official binary batches in {@code dataDir}. */
        CIFAR10
    }

    /** The networks the trainer builds. */
    public enum ModelKind {
        /** {@link io.github.spl4j.dl4j.models.SmallCnn} (36k parameters). */
        SMALL_CNN,
        /** {@link io.github.spl4j.dl4j.models.WideResNet} WRN-28-2 (1.47M parameters). */
        WIDE_RESNET_28_2
    }

    /** The pseudo-label weightings. */
    public enum WeightingKind {
        /** FixMatch: {@link io.github.spl4j.weighting.HardThreshold}(tau). */
        HARD,
        /** Smooth FixMatch: {@link io.github.spl4j.weighting.SmoothRamp}(tau, mu). */
        SMOOTH
    }

    /**
     * Where the pseudo-labels (and their confidences, hence weights) come from: the student's own prediction on the
     * weak view (FixMatch) or the EMA teacher's.
     */
    public enum PseudoLabelKind {
        /** The student's softmax of the weak rows, in the same forward pass as its training step (FixMatch). */
        STUDENT,
        /**
         * The EMA teacher's softmax of the same weak rows, computed before each step by a training-mode forward pass
         * of the teacher over the whole minibatch (batch-norm batch statistics, like the student's); costs one extra
         * forward pass per step.
         */
        TEACHER
    }

    /** What the trainer does when a step's loss, outputs or updated parameters are NaN or infinite. */
    public enum NonFiniteAction {
        /**
         * Stop the run with a {@link TrainingDivergedException} naming the step and the last finite loss; no
         * checkpoint or model holding non-finite values is written, the last good checkpoint stays.
         */
        STOP,
        /**
         * Undo the step (parameters, updater state and EMA teacher as before it), go on with the next batch, and
         * count the skipped steps in the result and the log.
         */
        SKIP
    }

    /** Classes of both datasets the trainer reads. */
    private static final int NUM_CLASSES = 10;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Default of {@link Builder#dataset}. */
    public static final DatasetKind DEFAULT_DATASET = DatasetKind.FASHION_MNIST;
    /** Default of {@link Builder#dataDir}. */
    public static final String DEFAULT_DATA_DIR = null;
    /** Default of {@link Builder#splitStrategy}. */
    public static final LabelSplit.Strategy DEFAULT_SPLIT_STRATEGY = LabelSplit.Strategy.BALANCED;
    /** Default of {@link Builder#labels}. */
    public static final int DEFAULT_LABELS = 40;
    /** Default of {@link Builder#imbalanceRatio}. */
    public static final double DEFAULT_IMBALANCE_RATIO = 1.0;
    /** Default of {@link Builder#unlabeledImbalanceRatio}. */
    public static final double DEFAULT_UNLABELED_IMBALANCE_RATIO = 1.0;
    /** Default of {@link Builder#unlabeledPerClass}. */
    public static final int DEFAULT_UNLABELED_PER_CLASS = 0;
    /** Default of {@link Builder#splitSeed}. */
    public static final long DEFAULT_SPLIT_SEED = 1L;
    /** Default of {@link Builder#model}. */
    public static final ModelKind DEFAULT_MODEL = ModelKind.SMALL_CNN;
    /** Default of {@link Builder#weighting}. */
    public static final WeightingKind DEFAULT_WEIGHTING = WeightingKind.SMOOTH;
    /** Default of {@link Builder#tau}. */
    public static final double DEFAULT_TAU = 0.95;
    /** Default of {@link Builder#mu}. */
    public static final double DEFAULT_MU = 1.0;
    /** Default of {@link Builder#lambdaU}. */
    public static final double DEFAULT_LAMBDA_U = 1.0;
    /** Default of {@link Builder#batchSize}. */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** Default of {@link Builder#unlabeledRatio}. */
    public static final int DEFAULT_UNLABELED_RATIO = 7;
    /** Default of {@link Builder#steps}. */
    public static final int DEFAULT_STEPS = 4096;
    /** Default of {@link Builder#learningRate}. */
    public static final double DEFAULT_LEARNING_RATE = 0.03;
    /** Default of {@link Builder#momentum}. */
    public static final double DEFAULT_MOMENTUM = 0.9;
    /** Default of {@link Builder#weightDecay}. */
    public static final double DEFAULT_WEIGHT_DECAY = 5e-4;
    /** Default of {@link Builder#emaDecay}. */
    public static final double DEFAULT_EMA_DECAY = 0.999;
    /** Default of {@link Builder#emaWarmUp}. */
    public static final boolean DEFAULT_EMA_WARM_UP = true;
    /** Default of {@link Builder#pseudoLabels}. */
    public static final PseudoLabelKind DEFAULT_PSEUDO_LABELS = PseudoLabelKind.STUDENT;
    /** Default of {@link Builder#seed}. */
    public static final long DEFAULT_SEED = 1L;
    /** Default of {@link Builder#evalInterval}. */
    public static final int DEFAULT_EVAL_INTERVAL = 256;
    /** Default of {@link Builder#medianOfLast}. */
    public static final int DEFAULT_MEDIAN_OF_LAST = 5;
    /** Default of {@link Builder#checkpointInterval}. */
    public static final int DEFAULT_CHECKPOINT_INTERVAL = 256;
    /** Default of {@link Builder#keepCheckpoints}. */
    public static final int DEFAULT_KEEP_CHECKPOINTS = 3;
    /** Default of {@link Builder#workers}. */
    public static final int DEFAULT_WORKERS = 2;
    /** Default of {@link Builder#onNonFinite}. */
    public static final NonFiniteAction DEFAULT_ON_NON_FINITE = NonFiniteAction.STOP;
    /** Default of {@link Builder#outputDir}. */
    public static final String DEFAULT_OUTPUT_DIR = "runs/spl4j";

    @JsonProperty("dataset")
    private final DatasetKind dataset;
    @JsonProperty("dataDir")
    private final String dataDir;
    @JsonProperty("splitStrategy")
    private final LabelSplit.Strategy splitStrategy;
    @JsonProperty("labels")
    private final int labels;
    @JsonProperty("imbalanceRatio")
    private final double imbalanceRatio;
    @JsonProperty("unlabeledImbalanceRatio")
    private final double unlabeledImbalanceRatio;
    @JsonProperty("unlabeledPerClass")
    private final int unlabeledPerClass;
    @JsonProperty("splitSeed")
    private final long splitSeed;
    @JsonProperty("model")
    private final ModelKind model;
    @JsonProperty("weighting")
    private final WeightingKind weighting;
    @JsonProperty("tau")
    private final double tau;
    @JsonProperty("mu")
    private final double mu;
    @JsonProperty("lambdaU")
    private final double lambdaU;
    @JsonProperty("batchSize")
    private final int batchSize;
    @JsonProperty("unlabeledRatio")
    private final int unlabeledRatio;
    @JsonProperty("steps")
    private final int steps;
    @JsonProperty("learningRate")
    private final double learningRate;
    @JsonProperty("momentum")
    private final double momentum;
    @JsonProperty("weightDecay")
    private final double weightDecay;
    @JsonProperty("emaDecay")
    private final double emaDecay;
    @JsonProperty("emaWarmUp")
    private final boolean emaWarmUp;
    @JsonProperty("pseudoLabels")
    private final PseudoLabelKind pseudoLabels;
    @JsonProperty("seed")
    private final long seed;
    @JsonProperty("evalInterval")
    private final int evalInterval;
    @JsonProperty("medianOfLast")
    private final int medianOfLast;
    @JsonProperty("checkpointInterval")
    private final int checkpointInterval;
    @JsonProperty("keepCheckpoints")
    private final int keepCheckpoints;
    @JsonProperty("workers")
    private final int workers;
    @JsonProperty("onNonFinite")
    private final NonFiniteAction onNonFinite;
    @JsonProperty("outputDir")
    private final String outputDir;

    private FixMatchConfig(Builder b) {
        this.dataset = b.dataset;
        this.dataDir = b.dataDir;
        this.splitStrategy = b.splitStrategy;
        this.labels = b.labels;
        this.imbalanceRatio = b.imbalanceRatio;
        this.unlabeledImbalanceRatio = b.unlabeledImbalanceRatio;
        this.unlabeledPerClass = b.unlabeledPerClass;
        this.splitSeed = b.splitSeed;
        this.model = b.model;
        this.weighting = b.weighting;
        this.tau = b.tau;
        this.mu = b.mu;
        this.lambdaU = b.lambdaU;
        this.batchSize = b.batchSize;
        this.unlabeledRatio = b.unlabeledRatio;
        this.steps = b.steps;
        this.learningRate = b.learningRate;
        this.momentum = b.momentum;
        this.weightDecay = b.weightDecay;
        this.emaDecay = b.emaDecay;
        this.emaWarmUp = b.emaWarmUp;
        this.pseudoLabels = b.pseudoLabels;
        this.seed = b.seed;
        this.evalInterval = b.evalInterval;
        this.medianOfLast = b.medianOfLast;
        this.checkpointInterval = b.checkpointInterval;
        this.keepCheckpoints = b.keepCheckpoints;
        this.workers = b.workers;
        this.onNonFinite = b.onNonFinite;
        this.outputDir = b.outputDir;
    }

    /** @return a builder with every value at its default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this configuration's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.dataset = dataset;
        b.dataDir = dataDir;
        b.splitStrategy = splitStrategy;
        b.labels = labels;
        b.imbalanceRatio = imbalanceRatio;
        b.unlabeledImbalanceRatio = unlabeledImbalanceRatio;
        b.unlabeledPerClass = unlabeledPerClass;
        b.splitSeed = splitSeed;
        b.model = model;
        b.weighting = weighting;
        b.tau = tau;
        b.mu = mu;
        b.lambdaU = lambdaU;
        b.batchSize = batchSize;
        b.unlabeledRatio = unlabeledRatio;
        b.steps = steps;
        b.learningRate = learningRate;
        b.momentum = momentum;
        b.weightDecay = weightDecay;
        b.emaDecay = emaDecay;
        b.emaWarmUp = emaWarmUp;
        b.pseudoLabels = pseudoLabels;
        b.seed = seed;
        b.evalInterval = evalInterval;
        b.medianOfLast = medianOfLast;
        b.checkpointInterval = checkpointInterval;
        b.keepCheckpoints = keepCheckpoints;
        b.workers = workers;
        b.onNonFinite = onNonFinite;
        b.outputDir = outputDir;
        return b;
    }

    /** @return the dataset */
    public DatasetKind getDataset() {
        return dataset;
    }

    /** @return folder of the dataset files; null means the dataset's default location (Fashion-MNIST: /usr/share/datasets/fashion-mnist, from the Debian package dataset-fashion-mnist); CIFAR-10 needs one */
    public String getDataDir() {
        return dataDir;
    }

    /**
     * @return how the labelled images are chosen: BALANCED (labels / classes per class), RANDOM (labels images
     *         uniformly) or IMBALANCED (long-tailed class counts with {@link #getImbalanceRatio()})
     */
    public LabelSplit.Strategy getSplitStrategy() {
        return splitStrategy;
    }

    /**
     * @return number of labelled images asked for, >= 1; for IMBALANCED the budget of the long-tailed counts: the
     *         head class gets the largest h whose counts max(1, floor(h ratio^(-c/(C-1)))) sum to at most labels
     *         (so the split may hold a few fewer; split.json has the exact counts)
     */
    public int getLabels() {
        return labels;
    }

    /** @return head over tail labelled count γ of an IMBALANCED split, finite and >= 1 (1 for other strategies) */
    public double getImbalanceRatio() {
        return imbalanceRatio;
    }

    /**
     * @return head over tail count γu of the unlabelled set, finite and >= 1; 1 keeps the whole training set unless
     *         {@link #getUnlabeledPerClass()} subsamples it
     */
    public double getUnlabeledImbalanceRatio() {
        return unlabeledImbalanceRatio;
    }

    /**
     * @return unlabelled images of the head class when the unlabelled set is subsampled to long-tailed counts, >= 0;
     *         0 = the whole training set when γu = 1, or the smallest class's image count when γu > 1
     */
    public int getUnlabeledPerClass() {
        return unlabeledPerClass;
    }

    /** @return true if the labelled or the unlabelled set has long-tailed class counts */
    public boolean isImbalanced() {
        return splitStrategy == LabelSplit.Strategy.IMBALANCED || unlabeledImbalanceRatio > 1.0;
    }

    /** @return seed of the label split (FixMatch varies it across runs) */
    public long getSplitSeed() {
        return splitSeed;
    }

    /** @return the network */
    public ModelKind getModel() {
        return model;
    }

    /** @return the pseudo-label weighting: SMOOTH (Smooth FixMatch) or HARD (FixMatch) */
    public WeightingKind getWeighting() {
        return weighting;
    }

    /** @return confidence threshold tau, in [0, 1) */
    public double getTau() {
        return tau;
    }

    /** @return exponent mu of the smooth ramp, finite and > 0 (used by SMOOTH only) */
    public double getMu() {
        return mu;
    }

    /** @return weight lambdaU of the unlabelled loss, finite and >= 0 */
    public double getLambdaU() {
        return lambdaU;
    }

    /** @return B, labelled images per step, >= 1 */
    public int getBatchSize() {
        return batchSize;
    }

    /** @return unlabelled images per labelled image in a step (FixMatch's mu), >= 0; 0 trains supervised only */
    public int getUnlabeledRatio() {
        return unlabeledRatio;
    }

    /** @return total training steps K, >= 1 (also the K of the cosine schedule) */
    public int getSteps() {
        return steps;
    }

    /** @return initial learning rate, finite and > 0 */
    public double getLearningRate() {
        return learningRate;
    }

    /** @return Nesterov momentum, in [0, 1) */
    public double getMomentum() {
        return momentum;
    }

    /** @return L2 weight decay on convolution and dense weights (not batch norm, not biases), finite and >= 0 */
    public double getWeightDecay() {
        return weightDecay;
    }

    /** @return decay of the EMA teacher, in [0, 1) */
    public double getEmaDecay() {
        return emaDecay;
    }

    /** @return whether the EMA decay warms up as min(d, (1 + k)/(10 + k)) */
    public boolean isEmaWarmUp() {
        return emaWarmUp;
    }

    /** @return where pseudo-labels come from: the student's weak-view prediction (FixMatch) or the EMA teacher's */
    public PseudoLabelKind getPseudoLabels() {
        return pseudoLabels;
    }

    /** @return root seed of initialisation, shuffling and augmentation (one seed per component is derived from it) */
    public long getSeed() {
        return seed;
    }

    /** @return steps between evaluations on the test set, >= 1 */
    public int getEvalInterval() {
        return evalInterval;
    }

    /** @return the reported error is the median of this many last evaluations, >= 1 */
    public int getMedianOfLast() {
        return medianOfLast;
    }

    /** @return steps between checkpoints, >= 1 */
    public int getCheckpointInterval() {
        return checkpointInterval;
    }

    /** @return how many of the latest checkpoints are kept, >= 1 */
    public int getKeepCheckpoints() {
        return keepCheckpoints;
    }

    /** @return augmentation worker threads, >= 0 (0 builds batches on the training thread); does not change results */
    public int getWorkers() {
        return workers;
    }

    /** @return what the trainer does when a step turns NaN or infinite */
    public NonFiniteAction getOnNonFinite() {
        return onNonFinite;
    }

    /** @return the run directory, not null or empty */
    public String getOutputDir() {
        return outputDir;
    }

    /** @return the number of unlabelled images per step, batchSize x unlabeledRatio */
    public int unlabeledPerStep() {
        return batchSize * unlabeledRatio;
    }

    /** @return the number of classes of the dataset (10 for both Fashion-MNIST and CIFAR-10) */
    public int numClasses() {
        return NUM_CLASSES;
    }

    /** @return this configuration as indented JSON */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the configuration as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * @param json a configuration written by {@link #toJson()} (or by hand; missing keys take their default)
     * @return the configuration, validated
     * @throws IllegalArgumentException if the JSON is malformed, has an unknown key or a value is invalid
     */
    public static FixMatchConfig fromJson(String json) {
        try {
            return MAPPER.readValue(json, FixMatchConfig.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) cause;
            }
            throw new IllegalArgumentException("invalid FixMatch configuration JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FixMatchConfig)) {
            return false;
        }
        FixMatchConfig other = (FixMatchConfig) o;
        return dataset == other.dataset
                && Objects.equals(dataDir, other.dataDir)
                && splitStrategy == other.splitStrategy
                && labels == other.labels
                && Double.compare(imbalanceRatio, other.imbalanceRatio) == 0
                && Double.compare(unlabeledImbalanceRatio, other.unlabeledImbalanceRatio) == 0
                && unlabeledPerClass == other.unlabeledPerClass
                && splitSeed == other.splitSeed
                && model == other.model
                && weighting == other.weighting
                && Double.compare(tau, other.tau) == 0
                && Double.compare(mu, other.mu) == 0
                && Double.compare(lambdaU, other.lambdaU) == 0
                && batchSize == other.batchSize
                && unlabeledRatio == other.unlabeledRatio
                && steps == other.steps
                && Double.compare(learningRate, other.learningRate) == 0
                && Double.compare(momentum, other.momentum) == 0
                && Double.compare(weightDecay, other.weightDecay) == 0
                && Double.compare(emaDecay, other.emaDecay) == 0
                && emaWarmUp == other.emaWarmUp
                && pseudoLabels == other.pseudoLabels
                && seed == other.seed
                && evalInterval == other.evalInterval
                && medianOfLast == other.medianOfLast
                && checkpointInterval == other.checkpointInterval
                && keepCheckpoints == other.keepCheckpoints
                && workers == other.workers
                && onNonFinite == other.onNonFinite
                && Objects.equals(outputDir, other.outputDir);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataset, dataDir, splitStrategy, labels, imbalanceRatio,
                unlabeledImbalanceRatio, unlabeledPerClass, splitSeed, model, weighting, tau, mu, lambdaU, batchSize, unlabeledRatio, steps, learningRate, momentum, weightDecay, emaDecay, emaWarmUp, pseudoLabels, seed, evalInterval, medianOfLast, checkpointInterval, keepCheckpoints, workers, onNonFinite, outputDir);
    }

    @Override
    public String toString() {
        return "FixMatchConfig(" + "dataset=" + dataset
                + ", dataDir=" + dataDir
                + ", splitStrategy=" + splitStrategy
                + ", labels=" + labels
                + ", imbalanceRatio=" + imbalanceRatio
                + ", unlabeledImbalanceRatio=" + unlabeledImbalanceRatio
                + ", unlabeledPerClass=" + unlabeledPerClass
                + ", splitSeed=" + splitSeed
                + ", model=" + model
                + ", weighting=" + weighting
                + ", tau=" + tau
                + ", mu=" + mu
                + ", lambdaU=" + lambdaU
                + ", batchSize=" + batchSize
                + ", unlabeledRatio=" + unlabeledRatio
                + ", steps=" + steps
                + ", learningRate=" + learningRate
                + ", momentum=" + momentum
                + ", weightDecay=" + weightDecay
                + ", emaDecay=" + emaDecay
                + ", emaWarmUp=" + emaWarmUp
                + ", pseudoLabels=" + pseudoLabels
                + ", seed=" + seed
                + ", evalInterval=" + evalInterval
                + ", medianOfLast=" + medianOfLast
                + ", checkpointInterval=" + checkpointInterval
                + ", keepCheckpoints=" + keepCheckpoints
                + ", workers=" + workers
                + ", onNonFinite=" + onNonFinite
                + ", outputDir=" + outputDir + ")";
    }

    /** Builder of {@link FixMatchConfig}; setters validate their value, {@link #build()} the rules between values. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private DatasetKind dataset = DEFAULT_DATASET;
        private String dataDir = DEFAULT_DATA_DIR;
        private LabelSplit.Strategy splitStrategy = DEFAULT_SPLIT_STRATEGY;
        private int labels = DEFAULT_LABELS;
        private double imbalanceRatio = DEFAULT_IMBALANCE_RATIO;
        private double unlabeledImbalanceRatio = DEFAULT_UNLABELED_IMBALANCE_RATIO;
        private int unlabeledPerClass = DEFAULT_UNLABELED_PER_CLASS;
        private long splitSeed = DEFAULT_SPLIT_SEED;
        private ModelKind model = DEFAULT_MODEL;
        private WeightingKind weighting = DEFAULT_WEIGHTING;
        private double tau = DEFAULT_TAU;
        private double mu = DEFAULT_MU;
        private double lambdaU = DEFAULT_LAMBDA_U;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int unlabeledRatio = DEFAULT_UNLABELED_RATIO;
        private int steps = DEFAULT_STEPS;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double momentum = DEFAULT_MOMENTUM;
        private double weightDecay = DEFAULT_WEIGHT_DECAY;
        private double emaDecay = DEFAULT_EMA_DECAY;
        private boolean emaWarmUp = DEFAULT_EMA_WARM_UP;
        private PseudoLabelKind pseudoLabels = DEFAULT_PSEUDO_LABELS;
        private long seed = DEFAULT_SEED;
        private int evalInterval = DEFAULT_EVAL_INTERVAL;
        private int medianOfLast = DEFAULT_MEDIAN_OF_LAST;
        private int checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private int keepCheckpoints = DEFAULT_KEEP_CHECKPOINTS;
        private int workers = DEFAULT_WORKERS;
        private NonFiniteAction onNonFinite = DEFAULT_ON_NON_FINITE;
        private String outputDir = DEFAULT_OUTPUT_DIR;

        private Builder() {
        }

        /**
         * @param dataset the dataset (default {@link #DEFAULT_DATASET})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("dataset")
        public Builder dataset(DatasetKind dataset) {
            if (dataset == null) {
                throw new IllegalArgumentException("dataset must not be null");
            }
            this.dataset = dataset;
            return this;
        }

        /**
         * @param dataDir folder of the dataset files; null means the dataset's default location (Fashion-MNIST: /usr/share/datasets/fashion-mnist, from the Debian package dataset-fashion-mnist); CIFAR-10 needs one (default {@link #DEFAULT_DATA_DIR})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("dataDir")
        public Builder dataDir(String dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * @param splitStrategy how the labelled images are chosen: BALANCED (labels / classes per class), RANDOM
         *                      (labels images uniformly) or IMBALANCED (long-tailed counts within the labels budget,
         *                      see {@link #imbalanceRatio}) (default {@link #DEFAULT_SPLIT_STRATEGY})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("splitStrategy")
        public Builder splitStrategy(LabelSplit.Strategy splitStrategy) {
            if (splitStrategy == null) {
                throw new IllegalArgumentException("splitStrategy must not be null");
            }
            this.splitStrategy = splitStrategy;
            return this;
        }

        /**
         * @param labels number of labelled images, >= 1 (default {@link #DEFAULT_LABELS})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("labels")
        public Builder labels(int labels) {
            int v = labels;
            if (!(v >= 1)) {
                throw new IllegalArgumentException("labels must be >= 1, found " + v);
            }
            this.labels = labels;
            return this;
        }

        /**
         * @param imbalanceRatio head over tail labelled count γ of an IMBALANCED split, finite and >= 1 (default
         *                       {@link #DEFAULT_IMBALANCE_RATIO}); must stay 1 for BALANCED and RANDOM
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("imbalanceRatio")
        public Builder imbalanceRatio(double imbalanceRatio) {
            if (!(imbalanceRatio >= 1.0 && imbalanceRatio < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("imbalanceRatio must be finite and >= 1, found " + imbalanceRatio);
            }
            this.imbalanceRatio = imbalanceRatio;
            return this;
        }

        /**
         * @param unlabeledImbalanceRatio head over tail count γu of the unlabelled set, finite and >= 1 (default
         *                                {@link #DEFAULT_UNLABELED_IMBALANCE_RATIO}: the whole training set)
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("unlabeledImbalanceRatio")
        public Builder unlabeledImbalanceRatio(double unlabeledImbalanceRatio) {
            if (!(unlabeledImbalanceRatio >= 1.0 && unlabeledImbalanceRatio < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("unlabeledImbalanceRatio must be finite and >= 1, found "
                        + unlabeledImbalanceRatio);
            }
            this.unlabeledImbalanceRatio = unlabeledImbalanceRatio;
            return this;
        }

        /**
         * @param unlabeledPerClass unlabelled images of the head class when the unlabelled set is subsampled, >= 0
         *                          (default {@link #DEFAULT_UNLABELED_PER_CLASS}: the whole set when γu = 1, the
         *                          smallest class's image count when γu > 1)
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("unlabeledPerClass")
        public Builder unlabeledPerClass(int unlabeledPerClass) {
            if (unlabeledPerClass < 0) {
                throw new IllegalArgumentException("unlabeledPerClass must be >= 0, found " + unlabeledPerClass);
            }
            this.unlabeledPerClass = unlabeledPerClass;
            return this;
        }

        /**
         * @param splitSeed seed of the label split (FixMatch varies it across runs) (default {@link #DEFAULT_SPLIT_SEED})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("splitSeed")
        public Builder splitSeed(long splitSeed) {
            this.splitSeed = splitSeed;
            return this;
        }

        /**
         * @param model the network (default {@link #DEFAULT_MODEL})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("model")
        public Builder model(ModelKind model) {
            if (model == null) {
                throw new IllegalArgumentException("model must not be null");
            }
            this.model = model;
            return this;
        }

        /**
         * @param weighting the pseudo-label weighting: SMOOTH (Smooth FixMatch) or HARD (FixMatch) (default {@link #DEFAULT_WEIGHTING})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("weighting")
        public Builder weighting(WeightingKind weighting) {
            if (weighting == null) {
                throw new IllegalArgumentException("weighting must not be null");
            }
            this.weighting = weighting;
            return this;
        }

        /**
         * @param tau confidence threshold tau, in [0, 1) (default {@link #DEFAULT_TAU})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("tau")
        public Builder tau(double tau) {
            double v = tau;
            if (!(v >= 0.0 && v < 1.0)) {
                throw new IllegalArgumentException("tau must be in [0, 1), found " + v);
            }
            this.tau = tau;
            return this;
        }

        /**
         * @param mu exponent mu of the smooth ramp, finite and > 0 (used by SMOOTH only) (default {@link #DEFAULT_MU})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("mu")
        public Builder mu(double mu) {
            double v = mu;
            if (!(v > 0.0 && v < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("mu must be finite and > 0, found " + v);
            }
            this.mu = mu;
            return this;
        }

        /**
         * @param lambdaU weight lambdaU of the unlabelled loss, finite and >= 0 (default {@link #DEFAULT_LAMBDA_U})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("lambdaU")
        public Builder lambdaU(double lambdaU) {
            double v = lambdaU;
            if (!(v >= 0.0 && v < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("lambdaU must be finite and >= 0, found " + v);
            }
            this.lambdaU = lambdaU;
            return this;
        }

        /**
         * @param batchSize B, labelled images per step, >= 1 (default {@link #DEFAULT_BATCH_SIZE})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("batchSize")
        public Builder batchSize(int batchSize) {
            int v = batchSize;
            if (!(v >= 1)) {
                throw new IllegalArgumentException("batchSize must be >= 1, found " + v);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param unlabeledRatio unlabelled images per labelled image in a step (FixMatch's mu), >= 0; 0 trains supervised only (default {@link #DEFAULT_UNLABELED_RATIO})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("unlabeledRatio")
        public Builder unlabeledRatio(int unlabeledRatio) {
            int v = unlabeledRatio;
            if (!(v >= 0)) {
                throw new IllegalArgumentException("unlabeledRatio must be >= 0, found " + v);
            }
            this.unlabeledRatio = unlabeledRatio;
            return this;
        }

        /**
         * @param steps total training steps K, >= 1 (also the K of the cosine schedule) (default {@link #DEFAULT_STEPS})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("steps")
        public Builder steps(int steps) {
            int v = steps;
            if (!(v >= 1)) {
                throw new IllegalArgumentException("steps must be >= 1, found " + v);
            }
            this.steps = steps;
            return this;
        }

        /**
         * @param learningRate initial learning rate, finite and > 0 (default {@link #DEFAULT_LEARNING_RATE})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("learningRate")
        public Builder learningRate(double learningRate) {
            double v = learningRate;
            if (!(v > 0.0 && v < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("learningRate must be finite and > 0, found " + v);
            }
            this.learningRate = learningRate;
            return this;
        }

        /**
         * @param momentum Nesterov momentum, in [0, 1) (default {@link #DEFAULT_MOMENTUM})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("momentum")
        public Builder momentum(double momentum) {
            double v = momentum;
            if (!(v >= 0.0 && v < 1.0)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), found " + v);
            }
            this.momentum = momentum;
            return this;
        }

        /**
         * @param weightDecay L2 weight decay on convolution and dense weights (not batch norm, not biases), finite and >= 0 (default {@link #DEFAULT_WEIGHT_DECAY})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("weightDecay")
        public Builder weightDecay(double weightDecay) {
            double v = weightDecay;
            if (!(v >= 0.0 && v < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("weightDecay must be finite and >= 0, found " + v);
            }
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * @param emaDecay decay of the EMA teacher, in [0, 1) (default {@link #DEFAULT_EMA_DECAY})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("emaDecay")
        public Builder emaDecay(double emaDecay) {
            double v = emaDecay;
            if (!(v >= 0.0 && v < 1.0)) {
                throw new IllegalArgumentException("emaDecay must be in [0, 1), found " + v);
            }
            this.emaDecay = emaDecay;
            return this;
        }

        /**
         * @param emaWarmUp whether the EMA decay warms up as min(d, (1 + k)/(10 + k)) (default {@link #DEFAULT_EMA_WARM_UP})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("emaWarmUp")
        public Builder emaWarmUp(boolean emaWarmUp) {
            this.emaWarmUp = emaWarmUp;
            return this;
        }

        /**
         * @param pseudoLabels where pseudo-labels come from: STUDENT (FixMatch) or TEACHER (the EMA teacher's
         *                     prediction on the weak view) (default {@link #DEFAULT_PSEUDO_LABELS})
         * @return this builder
         * @throws IllegalArgumentException if the value is null
         */
        @JsonProperty("pseudoLabels")
        public Builder pseudoLabels(PseudoLabelKind pseudoLabels) {
            if (pseudoLabels == null) {
                throw new IllegalArgumentException("pseudoLabels must be STUDENT or TEACHER, found null");
            }
            this.pseudoLabels = pseudoLabels;
            return this;
        }

        /**
         * @param seed root seed of initialisation, shuffling and augmentation (one seed per component is derived from it) (default {@link #DEFAULT_SEED})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("seed")
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param evalInterval steps between evaluations on the test set, >= 1 (default {@link #DEFAULT_EVAL_INTERVAL})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("evalInterval")
        public Builder evalInterval(int evalInterval) {
            int v = evalInterval;
            if (!(v >= 1)) {
                throw new IllegalArgumentException("evalInterval must be >= 1, found " + v);
            }
            this.evalInterval = evalInterval;
            return this;
        }

        /**
         * @param medianOfLast the reported error is the median of this many last evaluations, >= 1 (default {@link #DEFAULT_MEDIAN_OF_LAST})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("medianOfLast")
        public Builder medianOfLast(int medianOfLast) {
            int v = medianOfLast;
            if (!(v >= 1)) {
                throw new IllegalArgumentException("medianOfLast must be >= 1, found " + v);
            }
            this.medianOfLast = medianOfLast;
            return this;
        }

        /**
         * @param checkpointInterval steps between checkpoints, >= 1 (default {@link #DEFAULT_CHECKPOINT_INTERVAL})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("checkpointInterval")
        public Builder checkpointInterval(int checkpointInterval) {
            int v = checkpointInterval;
            if (!(v >= 1)) {
                throw new IllegalArgumentException("checkpointInterval must be >= 1, found " + v);
            }
            this.checkpointInterval = checkpointInterval;
            return this;
        }

        /**
         * @param keepCheckpoints how many of the latest checkpoints are kept, >= 1 (default {@link #DEFAULT_KEEP_CHECKPOINTS})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("keepCheckpoints")
        public Builder keepCheckpoints(int keepCheckpoints) {
            int v = keepCheckpoints;
            if (!(v >= 1)) {
                throw new IllegalArgumentException("keepCheckpoints must be >= 1, found " + v);
            }
            this.keepCheckpoints = keepCheckpoints;
            return this;
        }

        /**
         * @param workers augmentation worker threads, >= 0 (0 builds batches on the training thread); does not change results (default {@link #DEFAULT_WORKERS})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("workers")
        public Builder workers(int workers) {
            int v = workers;
            if (!(v >= 0)) {
                throw new IllegalArgumentException("workers must be >= 0, found " + v);
            }
            this.workers = workers;
            return this;
        }

        /**
         * @param onNonFinite what to do when a step's loss, outputs or parameters turn NaN or infinite: STOP the
         *                    run (default {@link #DEFAULT_ON_NON_FINITE}) or SKIP the step
         * @return this builder
         * @throws IllegalArgumentException if the value is null
         */
        @JsonProperty("onNonFinite")
        public Builder onNonFinite(NonFiniteAction onNonFinite) {
            if (onNonFinite == null) {
                throw new IllegalArgumentException("onNonFinite must be STOP or SKIP, found null");
            }
            this.onNonFinite = onNonFinite;
            return this;
        }

        /**
         * @param outputDir the run directory, not null or empty (default {@link #DEFAULT_OUTPUT_DIR})
         * @return this builder
         * @throws IllegalArgumentException if the value is out of range
         */
        @JsonProperty("outputDir")
        public Builder outputDir(String outputDir) {
            if (outputDir == null) {
                throw new IllegalArgumentException("outputDir must not be null");
            }
            this.outputDir = outputDir;
            return this;
        }

        /**
         * Checks the rules between values and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if values contradict each other; the message says what to change
         */
        public FixMatchConfig build() {
            if (outputDir.isBlank()) {
                throw new IllegalArgumentException("outputDir must not be empty: give the run directory");
            }
            if (dataset == DatasetKind.CIFAR10 && (dataDir == null || dataDir.isBlank())) {
                throw new IllegalArgumentException("dataDir is required for CIFAR10: give the folder holding "
                        + "data_batch_1.bin ... test_batch.bin (the binary version of CIFAR-10)");
            }
            if (splitStrategy != LabelSplit.Strategy.IMBALANCED && imbalanceRatio != 1.0) {
                throw new IllegalArgumentException("imbalanceRatio (" + imbalanceRatio + ") applies to splitStrategy "
                        + "IMBALANCED only, found splitStrategy " + splitStrategy + ": set splitStrategy IMBALANCED "
                        + "or leave imbalanceRatio at 1");
            }
            if (splitStrategy == LabelSplit.Strategy.IMBALANCED && labels < NUM_CLASSES) {
                throw new IllegalArgumentException("labels must be >= " + NUM_CLASSES + " (at least one per "
                        + "class) for an IMBALANCED split, found " + labels + ": raise labels");
            }
            if ((unlabeledPerClass > 0 || unlabeledImbalanceRatio != 1.0) && unlabeledRatio == 0) {
                throw new IllegalArgumentException("unlabeledImbalanceRatio (" + unlabeledImbalanceRatio
                        + ") and unlabeledPerClass (" + unlabeledPerClass + ") shape the unlabelled set, but "
                        + "unlabeledRatio is 0 (supervised only): raise unlabeledRatio or leave them at 1 and 0");
            }
            if (splitStrategy == LabelSplit.Strategy.BALANCED && labels % NUM_CLASSES != 0) {
                throw new IllegalArgumentException("labels must be a multiple of the 10 classes for a BALANCED split, "
                        + "found " + labels + ": use a multiple of 10 or splitStrategy RANDOM");
            }
            if (evalInterval > steps) {
                throw new IllegalArgumentException("evalInterval (" + evalInterval + ") must be <= steps (" + steps
                        + "): lower evalInterval or raise steps");
            }
            if (checkpointInterval > steps) {
                throw new IllegalArgumentException("checkpointInterval (" + checkpointInterval + ") must be <= steps ("
                        + steps + "): lower checkpointInterval or raise steps");
            }
            int evaluations = steps / evalInterval;
            if (medianOfLast > evaluations) {
                throw new IllegalArgumentException("medianOfLast (" + medianOfLast + ") must be <= the number of "
                        + "evaluations steps / evalInterval = " + evaluations + ": lower medianOfLast or evalInterval");
            }
            return new FixMatchConfig(this);
        }
    }
}
