package io.github.spl4j.samples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonValue;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * The settings of one {@code spl train} run, as the command line and a {@code --config} JSON file give them: immutable
 * and validated in {@link Builder#build()}.
 *
 * <p>This is the app's view of the trainer's configuration: the trainer's own immutable config is built from it in
 * one place ({@code TrainCommand}); when that config covers every field, this class becomes a thin parser into it.
 * JSON field names are the Java field names; unknown fields in a config file are an error that names them.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class TrainSettings {

    /** Pseudo-label weighting: FixMatch's hard threshold or Smooth FixMatch's ramp. */
    public enum Weighting implements Named {
        /** 1 if c ≥ τ, else 0. */
        HARD("hard"),
        /** 0 if c &lt; τ, else ((c − τ)/(1 − τ))^µ. */
        SMOOTH("smooth");

        private final String cliName;

        Weighting(String cliName) {
            this.cliName = cliName;
        }

        @JsonValue
        @Override
        public String cliName() {
            return cliName;
        }

        @Override
        public String toString() {
            return cliName;
        }
    }

    /** How the labelled images are chosen. */
    public enum Sampling implements Named {
        /** The same number per class. */
        BALANCED("balanced"),
        /** Uniformly at random, whatever their classes. */
        RANDOM("random"),
        /** Long-tailed class counts (head / tail = the imbalance ratio). */
        IMBALANCED("imbalanced");

        private final String cliName;

        Sampling(String cliName) {
            this.cliName = cliName;
        }

        @JsonValue
        @Override
        public String cliName() {
            return cliName;
        }

        @Override
        public String toString() {
            return cliName;
        }
    }

    /** Which dataset reader. */
    public enum Dataset implements Named {
        /** Fashion-MNIST idx files (default: Debian's dataset-fashion-mnist package). */
        FASHION_MNIST("fashion-mnist"),
        /** CIFAR-10 binary batches in a local folder. */
        CIFAR10("cifar10"),
        /** A folder with one sub-folder of images per class. */
        FOLDER("folder");

        private final String cliName;

        Dataset(String cliName) {
            this.cliName = cliName;
        }

        @JsonValue
        @Override
        public String cliName() {
            return cliName;
        }

        @Override
        public String toString() {
            return cliName;
        }
    }

    /** Which network. */
    public enum Model implements Named {
        /** The small CNN for 28×28 images. */
        SMALLCNN("smallcnn"),
        /** WideResNet-28-2 for 32×32 images. */
        WRN_28_2("wrn-28-2");

        private final String cliName;

        Model(String cliName) {
            this.cliName = cliName;
        }

        @JsonValue
        @Override
        public String cliName() {
            return cliName;
        }

        @Override
        public String toString() {
            return cliName;
        }
    }

    /** An enum constant with the name the command line and JSON use. */
    public interface Named {
        /** @return the command-line / JSON name */
        String cliName();

        /**
         * @param type  the enum
         * @param value a command-line name, case-insensitive
         * @param what  the parameter, for the message
         * @param <E>   the enum type
         * @return the constant
         * @throws IllegalArgumentException naming the parameter, the value and the allowed names
         */
        static <E extends Enum<E> & Named> E parse(Class<E> type, String value, String what) {
            for (E e : type.getEnumConstants()) {
                if (e.cliName().equalsIgnoreCase(value.trim())) {
                    return e;
                }
            }
            throw new IllegalArgumentException(what + " must be one of " + names(type) + ", found " + value);
        }

        /** @param type the enum @param <E> its type @return its names, comma-separated */
        static <E extends Enum<E> & Named> String names(Class<E> type) {
            return Arrays.stream(type.getEnumConstants()).map(Named::cliName).collect(Collectors.joining(", "));
        }
    }

    /** Default weighting: Smooth FixMatch. */
    public static final Weighting DEFAULT_WEIGHTING = Weighting.SMOOTH;
    /** Default threshold τ. */
    public static final double DEFAULT_TAU = 0.95;
    /** Default ramp exponent µ (linear). */
    public static final double DEFAULT_MU = 1.0;
    /** Default unsupervised loss weight λu. */
    public static final double DEFAULT_LAMBDA_U = 1.0;
    /** Default number of labelled images (4 per class on a 10-class dataset). */
    public static final int DEFAULT_LABELS = 40;
    /** Default sampling of the labelled images. */
    public static final Sampling DEFAULT_SAMPLING = Sampling.BALANCED;
    /** Default head/tail ratio for imbalanced sampling. */
    public static final double DEFAULT_IMBALANCE_RATIO = 10.0;
    /** Default dataset. */
    public static final Dataset DEFAULT_DATASET = Dataset.FASHION_MNIST;
    /** Default model. */
    public static final Model DEFAULT_MODEL = Model.SMALLCNN;
    /**
     * Default number of optimiser steps: about 10 minutes of SmallCNN at B = 32, unlabeledRatio = 3 on 2 cores of the
     * build machine (measured in the app's README).
     */
    public static final int DEFAULT_STEPS = 1400;
    /** Default labelled images per batch B. */
    public static final int DEFAULT_BATCH = 32;
    /** Default unlabelled images per labelled image. */
    public static final int DEFAULT_UNLABELED_RATIO = 3;
    /** Default root seed (split, init, shuffling and augmentation seeds are derived from it). */
    public static final long DEFAULT_SEED = 1L;
    /** Default learning rate (FixMatch's). */
    public static final double DEFAULT_LEARNING_RATE = 0.03;
    /** Default EMA decay of the teacher. */
    public static final double DEFAULT_EMA_DECAY = 0.999;
    /** Default evaluation interval, steps. */
    public static final int DEFAULT_EVAL_EVERY = 100;
    /** Default checkpoint interval, steps. */
    public static final int DEFAULT_CHECKPOINT_EVERY = 100;
    /** Training subset size meaning "all images". */
    public static final int ALL = 0;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Weighting weighting;
    private final double tau;
    private final double mu;
    private final double lambdaU;
    private final int labels;
    private final Sampling sampling;
    private final double imbalanceRatio;
    private final Dataset dataset;
    private final String data;
    private final Model model;
    private final int steps;
    private final int batch;
    private final int unlabeledRatio;
    private final long seed;
    private final double learningRate;
    private final double emaDecay;
    private final int evalEvery;
    private final int checkpointEvery;
    private final int trainSubset;
    private final int testSubset;

    private TrainSettings(Builder b) {
        this.weighting = b.weighting;
        this.tau = b.tau;
        this.mu = b.mu;
        this.lambdaU = b.lambdaU;
        this.labels = b.labels;
        this.sampling = b.sampling;
        this.imbalanceRatio = b.imbalanceRatio;
        this.dataset = b.dataset;
        this.data = b.data;
        this.model = b.model;
        this.steps = b.steps;
        this.batch = b.batch;
        this.unlabeledRatio = b.unlabeledRatio;
        this.seed = b.seed;
        this.learningRate = b.learningRate;
        this.emaDecay = b.emaDecay;
        this.evalEvery = b.evalEvery;
        this.checkpointEvery = b.checkpointEvery;
        this.trainSubset = b.trainSubset;
        this.testSubset = b.testSubset;
    }

    /** @return a builder with every default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.weighting = weighting;
        b.tau = tau;
        b.mu = mu;
        b.lambdaU = lambdaU;
        b.labels = labels;
        b.sampling = sampling;
        b.imbalanceRatio = imbalanceRatio;
        b.dataset = dataset;
        b.data = data;
        b.model = model;
        b.steps = steps;
        b.batch = batch;
        b.unlabeledRatio = unlabeledRatio;
        b.seed = seed;
        b.learningRate = learningRate;
        b.emaDecay = emaDecay;
        b.evalEvery = evalEvery;
        b.checkpointEvery = checkpointEvery;
        b.trainSubset = trainSubset;
        b.testSubset = testSubset;
        return b;
    }

    /** @return the JSON form (every field) */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toBuilder());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write settings as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a JSON config into a builder: fields present override the defaults; the result is not yet validated.
     *
     * @param file a JSON file as written by {@link #toJson()} (any subset of its fields)
     * @return the builder
     * @throws IllegalArgumentException if the file cannot be read or is not valid JSON of these fields; the message
     *                                  names the file and the problem
     */
    public static Builder readJson(Path file) {
        try {
            return JSON.readerForUpdating(new Builder()).readValue(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("config file " + file + " must be a JSON object of train settings: "
                    + e.getMessage().split("\n")[0], e);
        }
    }

    /** @return weighting kind */
    public Weighting weighting() {
        return weighting;
    }

    /** @return τ in [0, 1) */
    public double tau() {
        return tau;
    }

    /** @return µ &gt; 0 (used by the smooth weighting) */
    public double mu() {
        return mu;
    }

    /** @return λu ≥ 0 */
    public double lambdaU() {
        return lambdaU;
    }

    /** @return labelled images in total (balanced: a multiple of the class count) */
    public int labels() {
        return labels;
    }

    /** @return sampling of the labelled images */
    public Sampling sampling() {
        return sampling;
    }

    /** @return head/tail ratio for imbalanced sampling, ≥ 1 */
    public double imbalanceRatio() {
        return imbalanceRatio;
    }

    /** @return the dataset kind */
    public Dataset dataset() {
        return dataset;
    }

    /** @return the data folder, or null for the dataset's default location */
    public Path data() {
        return data == null ? null : Path.of(data);
    }

    /** @return the model */
    public Model model() {
        return model;
    }

    /** @return optimiser steps ≥ 1 */
    public int steps() {
        return steps;
    }

    /** @return labelled images per batch B ≥ 1 */
    public int batch() {
        return batch;
    }

    /** @return unlabelled images per labelled image ≥ 1 */
    public int unlabeledRatio() {
        return unlabeledRatio;
    }

    /** @return root seed */
    public long seed() {
        return seed;
    }

    /** @return initial learning rate &gt; 0 */
    public double learningRate() {
        return learningRate;
    }

    /** @return EMA decay in [0, 1) */
    public double emaDecay() {
        return emaDecay;
    }

    /** @return evaluation interval in steps ≥ 1 */
    public int evalEvery() {
        return evalEvery;
    }

    /** @return checkpoint interval in steps ≥ 1 */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** @return training images used (a seeded subset), 0 = all */
    public int trainSubset() {
        return trainSubset;
    }

    /** @return test images used (the first ones), 0 = all */
    public int testSubset() {
        return testSubset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainSettings t && toJson().equals(t.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TrainSettings(weighting=%s, tau=%s, mu=%s, lambdaU=%s, labels=%d, "
                        + "sampling=%s, dataset=%s, data=%s, model=%s, steps=%d, batch=%d, unlabeledRatio=%d, seed=%d, "
                        + "learningRate=%s, emaDecay=%s, evalEvery=%d, checkpointEvery=%d, trainSubset=%d, testSubset=%d)",
                weighting, tau, mu, lambdaU, labels, sampling, dataset, data, model, steps, batch, unlabeledRatio, seed,
                learningRate, emaDecay, evalEvery, checkpointEvery, trainSubset, testSubset);
    }

    /** Collects settings; {@link #build()} validates them all. Field names are the JSON names. */
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
            getterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE,
            isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    public static final class Builder {
        private Weighting weighting = DEFAULT_WEIGHTING;
        private double tau = DEFAULT_TAU;
        private double mu = DEFAULT_MU;
        private double lambdaU = DEFAULT_LAMBDA_U;
        private int labels = DEFAULT_LABELS;
        private Sampling sampling = DEFAULT_SAMPLING;
        private double imbalanceRatio = DEFAULT_IMBALANCE_RATIO;
        private Dataset dataset = DEFAULT_DATASET;
        private String data;
        private Model model = DEFAULT_MODEL;
        private int steps = DEFAULT_STEPS;
        private int batch = DEFAULT_BATCH;
        private int unlabeledRatio = DEFAULT_UNLABELED_RATIO;
        private long seed = DEFAULT_SEED;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double emaDecay = DEFAULT_EMA_DECAY;
        private int evalEvery = DEFAULT_EVAL_EVERY;
        private int checkpointEvery = DEFAULT_CHECKPOINT_EVERY;
        private int trainSubset = ALL;
        private int testSubset = ALL;

        private Builder() {
        }

        /** @param v weighting @return this */
        public Builder weighting(Weighting v) {
            weighting = Objects.requireNonNull(v, "weighting must not be null");
            return this;
        }

        /** @param v τ @return this */
        public Builder tau(double v) {
            tau = v;
            return this;
        }

        /** @param v µ @return this */
        public Builder mu(double v) {
            mu = v;
            return this;
        }

        /** @param v λu @return this */
        public Builder lambdaU(double v) {
            lambdaU = v;
            return this;
        }

        /** @param v labelled images @return this */
        public Builder labels(int v) {
            labels = v;
            return this;
        }

        /** @param v sampling @return this */
        public Builder sampling(Sampling v) {
            sampling = Objects.requireNonNull(v, "sampling must not be null");
            return this;
        }

        /** @param v imbalance ratio @return this */
        public Builder imbalanceRatio(double v) {
            imbalanceRatio = v;
            return this;
        }

        /** @param v dataset @return this */
        public Builder dataset(Dataset v) {
            dataset = Objects.requireNonNull(v, "dataset must not be null");
            return this;
        }

        /** @param v data folder, null for the default @return this */
        public Builder data(Path v) {
            data = v == null ? null : v.toString();
            return this;
        }

        /** @param v model @return this */
        public Builder model(Model v) {
            model = Objects.requireNonNull(v, "model must not be null");
            return this;
        }

        /** @param v steps @return this */
        public Builder steps(int v) {
            steps = v;
            return this;
        }

        /** @param v B @return this */
        public Builder batch(int v) {
            batch = v;
            return this;
        }

        /** @param v unlabeled ratio @return this */
        public Builder unlabeledRatio(int v) {
            unlabeledRatio = v;
            return this;
        }

        /** @param v seed @return this */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** @param v learning rate @return this */
        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        /** @param v EMA decay @return this */
        public Builder emaDecay(double v) {
            emaDecay = v;
            return this;
        }

        /** @param v eval interval @return this */
        public Builder evalEvery(int v) {
            evalEvery = v;
            return this;
        }

        /** @param v checkpoint interval @return this */
        public Builder checkpointEvery(int v) {
            checkpointEvery = v;
            return this;
        }

        /** @param v training subset, 0 = all @return this */
        public Builder trainSubset(int v) {
            trainSubset = v;
            return this;
        }

        /** @param v test subset, 0 = all @return this */
        public Builder testSubset(int v) {
            testSubset = v;
            return this;
        }

        /**
         * @return the validated settings
         * @throws IllegalArgumentException naming the first invalid setting, its value and what is allowed
         */
        public TrainSettings build() {
            check(tau >= 0 && tau < 1, "tau", "in [0, 1)", tau);
            check(mu > 0 && Double.isFinite(mu), "mu", "> 0", mu);
            check(lambdaU >= 0 && Double.isFinite(lambdaU), "lambdaU", ">= 0", lambdaU);
            check(labels >= 1, "labels", ">= 1", labels);
            check(imbalanceRatio >= 1 && Double.isFinite(imbalanceRatio), "imbalanceRatio", ">= 1", imbalanceRatio);
            check(steps >= 1, "steps", ">= 1", steps);
            check(batch >= 1, "batch", ">= 1", batch);
            check(unlabeledRatio >= 1, "unlabeledRatio", ">= 1", unlabeledRatio);
            check(learningRate > 0 && Double.isFinite(learningRate), "learningRate", "> 0", learningRate);
            check(emaDecay >= 0 && emaDecay < 1, "emaDecay", "in [0, 1)", emaDecay);
            check(evalEvery >= 1, "evalEvery", ">= 1", evalEvery);
            check(checkpointEvery >= 1, "checkpointEvery", ">= 1", checkpointEvery);
            check(trainSubset >= 0, "trainSubset", ">= 0 (0 = all)", trainSubset);
            check(testSubset >= 0, "testSubset", ">= 0 (0 = all)", testSubset);
            if (dataset == Dataset.FOLDER && data == null) {
                throw new IllegalArgumentException("data must name the image folder when dataset is folder, found "
                        + "none: add --data DIR");
            }
            if (dataset == Dataset.CIFAR10 && data == null) {
                throw new IllegalArgumentException("data must name the folder of the CIFAR-10 binary batches when "
                        + "dataset is cifar10, found none: add --data DIR (CIFAR-10 cannot be downloaded here)");
            }
            return new TrainSettings(this);
        }

        private static void check(boolean ok, String name, String allowed, Object found) {
            if (!ok) {
                throw new IllegalArgumentException(name + " must be " + allowed + ", found " + found);
            }
        }
    }
}
