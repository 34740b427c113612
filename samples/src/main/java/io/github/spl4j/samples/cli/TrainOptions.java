package io.github.spl4j.samples.cli;

import io.github.spl4j.samples.cli.TrainSettings.Dataset;
import io.github.spl4j.samples.cli.TrainSettings.Model;
import io.github.spl4j.samples.cli.TrainSettings.Named;
import io.github.spl4j.samples.cli.TrainSettings.Sampling;
import io.github.spl4j.samples.cli.TrainSettings.Weighting;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The options of {@code spl train} (and of {@code spl sweep}, which shares all but the swept ones), parsed into
 * {@link TrainSettings}: defaults, then {@code --config FILE}, then the flags given on the command line. Every help
 * text ends with the default.
 */
public final class TrainOptions {
    /** Flag of each settings field, to prefix validation messages with the flag the user typed. */
    static final Map<String, String> FLAG_OF = Map.ofEntries(
            Map.entry("tau", "--tau"), Map.entry("mu", "--mu"), Map.entry("lambdaU", "--lambda-u"),
            Map.entry("labels", "--labels"), Map.entry("imbalanceRatio", "--imbalance-ratio"),
            Map.entry("steps", "--steps"), Map.entry("batch", "--batch"),
            Map.entry("unlabeledRatio", "--unlabeled-ratio"), Map.entry("learningRate", "--lr"),
            Map.entry("emaDecay", "--ema-decay"), Map.entry("evalEvery", "--eval-every"),
            Map.entry("checkpointEvery", "--checkpoint-every"), Map.entry("trainSubset", "--train-subset"),
            Map.entry("testSubset", "--test-subset"), Map.entry("data", "--data"));

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON settings file (the config.json of a run works); flags given here override it. "
                    + "Default: none (built-in defaults).")
    Path config;

    @Option(names = "--weighting", paramLabel = "hard|smooth", converter = WeightingConverter.class,
            defaultValue = "smooth", description = "FixMatch's hard threshold or Smooth FixMatch's ramp. "
            + "Default: ${DEFAULT-VALUE}.")
    Weighting weighting;

    @Option(names = "--tau", paramLabel = "T", defaultValue = "" + TrainSettings.DEFAULT_TAU,
            description = "Confidence threshold tau in [0, 1). Default: ${DEFAULT-VALUE}.")
    double tau;

    @Option(names = "--mu", paramLabel = "M", defaultValue = "" + TrainSettings.DEFAULT_MU,
            description = "Ramp exponent mu > 0 of the smooth weighting (1 linear, 2 quadratic, 0.5 square root). "
                    + "Default: ${DEFAULT-VALUE}.")
    double mu;

    @Option(names = "--lambda-u", paramLabel = "L", defaultValue = "" + TrainSettings.DEFAULT_LAMBDA_U,
            description = "Weight lambda_u >= 0 of the unlabelled loss. Default: ${DEFAULT-VALUE}.")
    double lambdaU;

    @Option(names = "--labels", paramLabel = "N", defaultValue = "" + TrainSettings.DEFAULT_LABELS,
            description = "Labelled images in total (balanced: a multiple of the number of classes). "
                    + "Default: ${DEFAULT-VALUE}.")
    int labels;

    @Option(names = "--sampling", paramLabel = "balanced|random|imbalanced", converter = SamplingConverter.class,
            defaultValue = "balanced", description = "How labelled images are chosen. Default: ${DEFAULT-VALUE}.")
    Sampling sampling;

    @Option(names = "--imbalance-ratio", paramLabel = "R", defaultValue = "" + TrainSettings.DEFAULT_IMBALANCE_RATIO,
            description = "Head/tail labelled count ratio >= 1 for --sampling imbalanced. Default: ${DEFAULT-VALUE}.")
    double imbalanceRatio;

    @Option(names = "--dataset", paramLabel = "fashion-mnist|cifar10|folder", converter = DatasetConverter.class,
            defaultValue = "fashion-mnist", description = "Dataset reader. Default: ${DEFAULT-VALUE}.")
    Dataset dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder: Fashion-MNIST idx files, CIFAR-10 binary batches, or an image folder with one "
                    + "sub-folder per class. Default: /usr/share/datasets/fashion-mnist for fashion-mnist, required "
                    + "otherwise.")
    Path data;

    @Option(names = "--model", paramLabel = "smallcnn|wrn-28-2", converter = ModelConverter.class,
            defaultValue = "smallcnn", description = "Network. Default: ${DEFAULT-VALUE}.")
    Model model;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "" + TrainSettings.DEFAULT_STEPS,
            description = "Optimiser steps (the default takes about 10 minutes on 2 cores). Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "" + TrainSettings.DEFAULT_BATCH,
            description = "Labelled images per batch. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--unlabeled-ratio", paramLabel = "R", defaultValue = "" + TrainSettings.DEFAULT_UNLABELED_RATIO,
            description = "Unlabelled images per labelled image in a batch (FixMatch's mu). Default: ${DEFAULT-VALUE}.")
    int unlabeledRatio;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + TrainSettings.DEFAULT_SEED,
            description = "Root seed of the split, initialisation, shuffling and augmentation. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "" + TrainSettings.DEFAULT_LEARNING_RATE,
            description = "Initial learning rate (cosine decay). Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--ema-decay", paramLabel = "D", defaultValue = "" + TrainSettings.DEFAULT_EMA_DECAY,
            description = "EMA decay of the evaluated teacher, in [0, 1). Default: ${DEFAULT-VALUE}.")
    double emaDecay;

    @Option(names = "--eval-every", paramLabel = "K", defaultValue = "" + TrainSettings.DEFAULT_EVAL_EVERY,
            description = "Evaluate teacher and student every K steps. Default: ${DEFAULT-VALUE}.")
    int evalEvery;

    @Option(names = "--checkpoint-every", paramLabel = "K", defaultValue = "" + TrainSettings.DEFAULT_CHECKPOINT_EVERY,
            description = "Write a checkpoint every K steps. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--train-subset", paramLabel = "N", defaultValue = "" + TrainSettings.ALL,
            description = "Use a seeded subset of N training images (0 = all). Default: ${DEFAULT-VALUE}.")
    int trainSubset;

    @Option(names = "--test-subset", paramLabel = "N", defaultValue = "" + TrainSettings.ALL,
            description = "Evaluate on the first N test images (0 = all). Default: ${DEFAULT-VALUE}.")
    int testSubset;

    /**
     * Builds the settings: defaults, then the config file, then the flags that were given.
     *
     * @param spec     the command's spec (to raise parameter errors)
     * @param parsed   the command's parse result (to know which flags were given)
     * @param skipped  flag names not to apply (swept by the caller)
     * @return a builder, not yet validated
     * @throws CommandLine.ParameterException if the config file is unreadable
     */
    TrainSettings.Builder toBuilder(CommandSpec spec, ParseResult parsed, java.util.Set<String> skipped) {
        TrainSettings.Builder b;
        try {
            b = config == null ? TrainSettings.builder() : TrainSettings.readJson(config);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config: " + e.getMessage());
        }
        java.util.function.Predicate<String> given = f -> parsed.hasMatchedOption(f) && !skipped.contains(f);
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
            b.sampling(sampling);
        }
        if (given.test("--imbalance-ratio")) {
            b.imbalanceRatio(imbalanceRatio);
        }
        if (given.test("--dataset")) {
            b.dataset(dataset);
        }
        if (given.test("--data")) {
            b.data(data);
        }
        if (given.test("--model")) {
            b.model(model);
        }
        if (given.test("--steps")) {
            b.steps(steps);
        }
        if (given.test("--batch")) {
            b.batch(batch);
        }
        if (given.test("--unlabeled-ratio")) {
            b.unlabeledRatio(unlabeledRatio);
        }
        if (given.test("--seed")) {
            b.seed(seed);
        }
        if (given.test("--lr")) {
            b.learningRate(learningRate);
        }
        if (given.test("--ema-decay")) {
            b.emaDecay(emaDecay);
        }
        if (given.test("--eval-every")) {
            b.evalEvery(evalEvery);
        }
        if (given.test("--checkpoint-every")) {
            b.checkpointEvery(checkpointEvery);
        }
        if (given.test("--train-subset")) {
            b.trainSubset(trainSubset);
        }
        if (given.test("--test-subset")) {
            b.testSubset(testSubset);
        }
        return b;
    }

    /**
     * Validates a builder, turning a validation message into a parameter error that starts with the flag.
     *
     * @param spec the command's spec
     * @param b    the builder
     * @return the settings
     * @throws CommandLine.ParameterException naming the flag, the value and what is allowed
     */
    static TrainSettings build(CommandSpec spec, TrainSettings.Builder b) {
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), withFlag(e.getMessage()));
        }
    }

    static String withFlag(String message) {
        String field = message.split(" ", 2)[0];
        String flag = FLAG_OF.get(field);
        return flag == null ? message : "Invalid value for option '" + flag + "': " + message;
    }

    /** Converts hard|smooth. */
    static final class WeightingConverter implements ITypeConverter<Weighting> {
        @Override
        public Weighting convert(String value) {
            return convertNamed(Weighting.class, value, "weighting");
        }
    }

    /** Converts balanced|random|imbalanced. */
    static final class SamplingConverter implements ITypeConverter<Sampling> {
        @Override
        public Sampling convert(String value) {
            return convertNamed(Sampling.class, value, "sampling");
        }
    }

    /** Converts fashion-mnist|cifar10|folder. */
    static final class DatasetConverter implements ITypeConverter<Dataset> {
        @Override
        public Dataset convert(String value) {
            return convertNamed(Dataset.class, value, "dataset");
        }
    }

    /** Converts smallcnn|wrn-28-2. */
    static final class ModelConverter implements ITypeConverter<Model> {
        @Override
        public Model convert(String value) {
            return convertNamed(Model.class, value, "model");
        }
    }

    private static <E extends Enum<E> & Named> E convertNamed(Class<E> type, String value, String what) {
        try {
            return Named.parse(type, value, what);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
