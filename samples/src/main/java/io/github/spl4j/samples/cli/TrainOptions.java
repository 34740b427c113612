package io.github.spl4j.samples.cli;

import io.github.spl4j.data.LabelSplit;
import io.github.spl4j.dl4j.train.FixMatchConfig;
import io.github.spl4j.dl4j.train.FixMatchConfig.ModelKind;
import io.github.spl4j.dl4j.train.FixMatchConfig.WeightingKind;
import io.github.spl4j.samples.train.DataSource;
import io.github.spl4j.samples.train.RunSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The options of {@code spl train} (and of {@code spl sweep}, which shares all but the swept ones), parsed into the
 * trainer's {@link FixMatchConfig}: the app's default job ({@link #defaultJob()}), or {@code --config FILE}, then the
 * flags given on the command line. Every help text ends with the default. What the config does not hold (an image
 * folder as the data, training / test subsets) goes into a {@link RunSource}.
 */
public final class TrainOptions {
    /** Default labelled images per step of the app's default job. */
    public static final int DEFAULT_BATCH = 32;
    /** Default unlabelled ratio of the app's default job. */
    public static final int DEFAULT_UNLABELED_RATIO = 3;
    /**
     * Default steps of the app's default job: about 10 minutes of SmallCNN at B = 32, ratio 3 on 2 cores (measured
     * 0.27 s per step and 5-9 s per evaluation of teacher and student on the 10,000 test images); also K of the
     * Fashion-MNIST study protocol.
     */
    public static final int DEFAULT_STEPS = 2000;
    /** Default evaluation interval of the app's default job, steps. */
    public static final int DEFAULT_EVAL_EVERY = 100;
    /** Default checkpoint interval of the app's default job, steps. */
    public static final int DEFAULT_CHECKPOINT_EVERY = 100;

    /** Flag of each config field, to prefix validation messages with the flag the user typed. */
    static final Map<String, String> FLAG_OF = Map.ofEntries(
            Map.entry("tau", "--tau"), Map.entry("mu", "--mu"), Map.entry("lambdaU", "--lambda-u"),
            Map.entry("labels", "--labels"), Map.entry("splitStrategy", "--sampling"),
            Map.entry("steps", "--steps"), Map.entry("batchSize", "--batch"),
            Map.entry("unlabeledRatio", "--unlabeled-ratio"), Map.entry("learningRate", "--lr"),
            Map.entry("emaDecay", "--ema-decay"), Map.entry("evalInterval", "--eval-every"),
            Map.entry("checkpointInterval", "--checkpoint-every"), Map.entry("medianOfLast", "--median-of-last"),
            Map.entry("weightDecay", "--weight-decay"), Map.entry("trainSubset", "--train-subset"),
            Map.entry("testSubset", "--test-subset"), Map.entry("data", "--data"), Map.entry("dataDir", "--data"),
            Map.entry("onNonFinite", "--on-nan"), Map.entry("imbalanceRatio", "--imbalance-ratio"),
            Map.entry("unlabeledImbalanceRatio", "--unlabeled-imbalance-ratio"),
            Map.entry("unlabeledPerClass", "--unlabeled-per-class"), Map.entry("pseudoLabels", "--pseudo-labels"));

    @Option(names = "--config", paramLabel = "FILE",
            description = "The trainer's JSON config (a run's config.json works); flags given here override it. "
                    + "Default: none (the default job).")
    Path config;

    @Option(names = "--weighting", paramLabel = "hard|smooth", converter = WeightingConverter.class,
            defaultValue = "smooth", description = "FixMatch's hard threshold or Smooth FixMatch's ramp. "
            + "Default: ${DEFAULT-VALUE}.")
    WeightingKind weighting;

    @Option(names = "--tau", paramLabel = "T", defaultValue = "" + FixMatchConfig.DEFAULT_TAU,
            description = "Confidence threshold tau in [0, 1). Default: ${DEFAULT-VALUE}.")
    double tau;

    @Option(names = "--mu", paramLabel = "M", defaultValue = "" + FixMatchConfig.DEFAULT_MU,
            description = "Ramp exponent mu > 0 of the smooth weighting (1 linear, 2 quadratic, 0.5 square root). "
                    + "Default: ${DEFAULT-VALUE}.")
    double mu;

    @Option(names = "--lambda-u", paramLabel = "L", defaultValue = "" + FixMatchConfig.DEFAULT_LAMBDA_U,
            description = "Weight lambda_u >= 0 of the unlabelled loss. Default: ${DEFAULT-VALUE}.")
    double lambdaU;

    @Option(names = "--labels", paramLabel = "N", defaultValue = "" + FixMatchConfig.DEFAULT_LABELS,
            description = "Labelled images in total (balanced: a multiple of the 10 classes; imbalanced: the budget "
                    + "of the long-tailed counts, whose head class gets the largest count that keeps the total <= N, "
                    + "e.g. 40 at ratio 10 gives 10 7 5 4 3 2 2 1 1 1). Default: ${DEFAULT-VALUE}.")
    int labels;

    @Option(names = "--sampling", paramLabel = "balanced|random|imbalanced", converter = SamplingConverter.class,
            defaultValue = "balanced", description = "How labelled images are chosen: the same number per class, "
            + "uniformly at random, or long-tailed class counts (with --imbalance-ratio). Default: ${DEFAULT-VALUE}.")
    LabelSplit.Strategy sampling;

    @Option(names = "--imbalance-ratio", paramLabel = "G", defaultValue = "" + FixMatchConfig.DEFAULT_IMBALANCE_RATIO,
            description = "Head over tail labelled count of --sampling imbalanced, finite and >= 1: class c gets "
                    + "max(1, floor(h G^(-c/9))) labelled images. Default: ${DEFAULT-VALUE}.")
    double imbalanceRatio;

    @Option(names = "--unlabeled-imbalance-ratio", paramLabel = "G",
            defaultValue = "" + FixMatchConfig.DEFAULT_UNLABELED_IMBALANCE_RATIO,
            description = "Head over tail count of the unlabelled set, finite and >= 1 (1 = the whole training "
                    + "set); > 1 subsamples it to long-tailed counts. Default: ${DEFAULT-VALUE}.")
    double unlabeledImbalanceRatio;

    @Option(names = "--unlabeled-per-class", paramLabel = "N",
            defaultValue = "" + FixMatchConfig.DEFAULT_UNLABELED_PER_CLASS,
            description = "Unlabelled images of the head class when the unlabelled set is subsampled (0 = the "
                    + "smallest class's image count). Default: ${DEFAULT-VALUE}.")
    int unlabeledPerClass;

    @Option(names = "--pseudo-labels", paramLabel = "student|teacher", converter = PseudoLabelsConverter.class,
            defaultValue = "student", description = "Pseudo-labels and weights from the student's prediction on the "
            + "weak view (FixMatch) or from the EMA teacher's (one extra forward pass per step). "
            + "Default: ${DEFAULT-VALUE}.")
    FixMatchConfig.PseudoLabelKind pseudoLabels;

    @Option(names = "--dataset", paramLabel = "fashion-mnist|cifar10|folder", converter = DatasetConverter.class,
            defaultValue = "fashion-mnist", description = "Dataset reader. Default: ${DEFAULT-VALUE}.")
    DataSource dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder: Fashion-MNIST idx files, CIFAR-10 binary batches, or an image folder with one "
                    + "sub-folder per class. Default: /usr/share/datasets/fashion-mnist for fashion-mnist, required "
                    + "otherwise.")
    Path data;

    @Option(names = "--model", paramLabel = "smallcnn|wrn-28-2", converter = ModelConverter.class,
            defaultValue = "smallcnn", description = "Network. Default: ${DEFAULT-VALUE}.")
    ModelKind model;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "" + DEFAULT_STEPS,
            description = "Optimiser steps (the default takes about 10 minutes on 2 cores). Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "" + DEFAULT_BATCH,
            description = "Labelled images per batch. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--unlabeled-ratio", paramLabel = "R", defaultValue = "" + DEFAULT_UNLABELED_RATIO,
            description = "Unlabelled images per labelled image in a batch (FixMatch's mu). Default: ${DEFAULT-VALUE}.")
    int unlabeledRatio;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + FixMatchConfig.DEFAULT_SEED,
            description = "Root seed of the label split, initialisation, shuffling and augmentation. "
                    + "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "" + FixMatchConfig.DEFAULT_LEARNING_RATE,
            description = "Initial learning rate (cosine decay). Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--weight-decay", paramLabel = "WD", defaultValue = "" + FixMatchConfig.DEFAULT_WEIGHT_DECAY,
            description = "L2 weight decay (not on BatchNorm and biases). Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--ema-decay", paramLabel = "D", defaultValue = "" + FixMatchConfig.DEFAULT_EMA_DECAY,
            description = "EMA decay of the evaluated teacher, in [0, 1). Default: ${DEFAULT-VALUE}.")
    double emaDecay;

    @Option(names = "--eval-every", paramLabel = "K", defaultValue = "" + DEFAULT_EVAL_EVERY,
            description = "Evaluate teacher and student every K steps. Default: ${DEFAULT-VALUE}.")
    int evalEvery;

    @Option(names = "--median-of-last", paramLabel = "K", defaultValue = "" + FixMatchConfig.DEFAULT_MEDIAN_OF_LAST,
            description = "Report the median error of the last K evaluations. Default: ${DEFAULT-VALUE}.")
    int medianOfLast;

    @Option(names = "--checkpoint-every", paramLabel = "K", defaultValue = "" + DEFAULT_CHECKPOINT_EVERY,
            description = "Write a checkpoint every K steps. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--train-subset", paramLabel = "N", defaultValue = "0",
            description = "Use a seeded subset of N training images (0 = all). Default: ${DEFAULT-VALUE}.")
    int trainSubset;

    @Option(names = "--test-subset", paramLabel = "N", defaultValue = "0",
            description = "Evaluate on the first N test images (0 = all). Default: ${DEFAULT-VALUE}.")
    int testSubset;

    @Option(names = "--on-nan", paramLabel = "stop|skip", converter = OnNanConverter.class, defaultValue = "stop",
            description = "When a step's loss or weights turn NaN or infinite: stop (the message names the step and "
                    + "the last finite loss; the last good checkpoint is kept) or skip the step (undone, counted in "
                    + "the report). Default: ${DEFAULT-VALUE}.")
    FixMatchConfig.NonFiniteAction onNan;

    /** @return the app's default job: the trainer's defaults with B 32, ratio 3, 2,000 steps, eval every 100 */
    public static FixMatchConfig.Builder defaultJob() {
        return FixMatchConfig.builder().batchSize(DEFAULT_BATCH).unlabeledRatio(DEFAULT_UNLABELED_RATIO)
                .steps(DEFAULT_STEPS).evalInterval(DEFAULT_EVAL_EVERY).checkpointInterval(DEFAULT_CHECKPOINT_EVERY);
    }

    /**
     * Builds the config builder: the default job or {@code --config}, then the flags that were given. Without
     * {@code --config}, a {@code --steps} shorter than the default intervals lowers the evaluation and checkpoint
     * intervals (and the median's window) that were not given to fit.
     *
     * @param spec    the command's spec (to raise parameter errors)
     * @param parsed  the command's parse result (to know which flags were given)
     * @param skipped flag names not to apply (swept by the caller)
     * @return a builder, not yet built
     * @throws CommandLine.ParameterException naming the flag, the value and what is allowed
     */
    FixMatchConfig.Builder toBuilder(CommandSpec spec, ParseResult parsed, Set<String> skipped) {
        FixMatchConfig.Builder b;
        if (config == null) {
            b = defaultJob();
        } else {
            try {
                b = FixMatchConfig.fromJson(Files.readString(config)).toBuilder();
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--config: cannot read config file "
                        + config + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--config: config file " + config
                        + " is not a valid trainer config: " + e.getMessage());
            }
        }
        Predicate<String> given = f -> parsed.hasMatchedOption(f) && !skipped.contains(f);
        try {
            if (given.test("--weighting")) {
                b.weighting(weighting);
            }
            if (given.test("--tau")) {
                b.tau(tau);
            }
            if (given.test("--mu")) {
                b.mu(mu);
            }
            if (given.test("--lambda-u")) {
                b.lambdaU(lambdaU);
            }
            if (given.test("--labels")) {
                b.labels(labels);
            }
            if (given.test("--sampling")) {
                b.splitStrategy(sampling);
            }
            if (given.test("--imbalance-ratio")) {
                b.imbalanceRatio(imbalanceRatio);
            }
            if (given.test("--unlabeled-imbalance-ratio")) {
                b.unlabeledImbalanceRatio(unlabeledImbalanceRatio);
            }
            if (given.test("--unlabeled-per-class")) {
                b.unlabeledPerClass(unlabeledPerClass);
            }
            if (given.test("--pseudo-labels")) {
                b.pseudoLabels(pseudoLabels);
            }
            if (given.test("--dataset")) {
                b.dataset(dataset == DataSource.CIFAR10 ? FixMatchConfig.DatasetKind.CIFAR10
                        : FixMatchConfig.DatasetKind.FASHION_MNIST);
            }
            if (given.test("--data")) {
                b.dataDir(data.toString());
            }
            if (given.test("--model")) {
                b.model(model);
            }
            if (given.test("--steps")) {
                b.steps(steps);
            }
            if (given.test("--batch")) {
                b.batchSize(batch);
            }
            if (given.test("--unlabeled-ratio")) {
                b.unlabeledRatio(unlabeledRatio);
            }
            if (given.test("--seed")) {
                b.seed(seed).splitSeed(seed);
            }
            if (given.test("--lr")) {
                b.learningRate(learningRate);
            }
            if (given.test("--weight-decay")) {
                b.weightDecay(weightDecay);
            }
            if (given.test("--ema-decay")) {
                b.emaDecay(emaDecay);
            }
            if (given.test("--eval-every")) {
                b.evalInterval(evalEvery);
            }
            if (given.test("--median-of-last")) {
                b.medianOfLast(medianOfLast);
            }
            if (given.test("--checkpoint-every")) {
                b.checkpointInterval(checkpointEvery);
            }
            if (given.test("--on-nan")) {
                b.onNonFinite(onNan);
            }
            if (config == null) {
                // the default job's intervals shrink with a short --steps unless given
                int k = given.test("--steps") ? steps : DEFAULT_STEPS;
                int eval = given.test("--eval-every") ? evalEvery : Math.min(DEFAULT_EVAL_EVERY, k);
                if (!given.test("--eval-every")) {
                    b.evalInterval(eval);
                }
                if (!given.test("--checkpoint-every")) {
                    b.checkpointInterval(Math.min(DEFAULT_CHECKPOINT_EVERY, k));
                }
                if (!given.test("--median-of-last") && eval > 0 && k / eval >= 1) {
                    b.medianOfLast(Math.min(FixMatchConfig.DEFAULT_MEDIAN_OF_LAST, k / eval));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), withFlag(e.getMessage()));
        }
        return b;
    }

    /**
     * @param spec   the command's spec
     * @param parsed the parse result
     * @param built  the built config (for its dataset and data folder when the flags did not give them)
     * @return where the run's images come from
     * @throws CommandLine.ParameterException naming the flag, the value and what is allowed
     */
    RunSource source(CommandSpec spec, ParseResult parsed, FixMatchConfig built) {
        DataSource kind = parsed.hasMatchedOption("--dataset") ? dataset
                : built.getDataset() == FixMatchConfig.DatasetKind.CIFAR10 ? DataSource.CIFAR10
                : DataSource.FASHION_MNIST;
        try {
            return new RunSource(kind, built.getDataDir(), trainSubset, testSubset);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), withFlag(e.getMessage()));
        }
    }

    /**
     * Builds a config, turning a validation message into a parameter error that starts with the flag.
     *
     * @param spec the command's spec
     * @param b    the builder
     * @return the config
     * @throws CommandLine.ParameterException naming the flag, the value and what is allowed
     */
    static FixMatchConfig build(CommandSpec spec, FixMatchConfig.Builder b) {
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), withFlag(e.getMessage()));
        }
    }

    static String withFlag(String message) {
        String field = message.split("[ (]", 2)[0];
        String flag = FLAG_OF.get(field);
        if (field.equals("imbalanceRatio") && message.contains("applies to splitStrategy IMBALANCED only")) {
            // the cross-field rule, in the words of the command line
            return "Invalid value for option '--imbalance-ratio': it applies to --sampling imbalanced only, found "
                    + "--sampling " + message.replaceAll(".*found splitStrategy (\\w+).*", "$1")
                    .toLowerCase(java.util.Locale.ROOT) + ": add --sampling imbalanced or drop --imbalance-ratio";
        }
        return flag == null ? message : "Invalid value for option '" + flag + "': " + message;
    }

    /** Converts hard|smooth. */
    static final class WeightingConverter implements ITypeConverter<WeightingKind> {
        @Override
        public WeightingKind convert(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "hard" -> WeightingKind.HARD;
                case "smooth" -> WeightingKind.SMOOTH;
                default -> throw new CommandLine.TypeConversionException(
                        "weighting must be one of hard, smooth, found " + value);
            };
        }
    }

    /** Converts balanced|random|imbalanced. */
    static final class SamplingConverter implements ITypeConverter<LabelSplit.Strategy> {
        @Override
        public LabelSplit.Strategy convert(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "balanced" -> LabelSplit.Strategy.BALANCED;
                case "random" -> LabelSplit.Strategy.RANDOM;
                case "imbalanced" -> LabelSplit.Strategy.IMBALANCED;
                default -> throw new CommandLine.TypeConversionException(
                        "sampling must be one of balanced, random, imbalanced, found " + value);
            };
        }
    }

    /** Converts fashion-mnist|cifar10|folder. */
    static final class DatasetConverter implements ITypeConverter<DataSource> {
        @Override
        public DataSource convert(String value) {
            try {
                return DataSource.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Converts stop|skip. */
    static final class OnNanConverter implements ITypeConverter<FixMatchConfig.NonFiniteAction> {
        @Override
        public FixMatchConfig.NonFiniteAction convert(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "stop" -> FixMatchConfig.NonFiniteAction.STOP;
                case "skip" -> FixMatchConfig.NonFiniteAction.SKIP;
                default -> throw new CommandLine.TypeConversionException(
                        "on-nan must be one of stop, skip, found " + value);
            };
        }
    }

    /** Converts student|teacher. */
    static final class PseudoLabelsConverter implements ITypeConverter<FixMatchConfig.PseudoLabelKind> {
        @Override
        public FixMatchConfig.PseudoLabelKind convert(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "student" -> FixMatchConfig.PseudoLabelKind.STUDENT;
                case "teacher" -> FixMatchConfig.PseudoLabelKind.TEACHER;
                default -> throw new CommandLine.TypeConversionException(
                        "pseudo-labels must be one of student, teacher, found " + value);
            };
        }
    }

    /** Converts smallcnn|wrn-28-2. */
    static final class ModelConverter implements ITypeConverter<ModelKind> {
        @Override
        public ModelKind convert(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "smallcnn" -> ModelKind.SMALL_CNN;
                case "wrn-28-2" -> ModelKind.WIDE_RESNET_28_2;
                default -> throw new CommandLine.TypeConversionException(
                        "model must be one of smallcnn, wrn-28-2, found " + value);
            };
        }
    }
}
