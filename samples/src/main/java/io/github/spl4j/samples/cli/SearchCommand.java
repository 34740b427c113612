package io.github.spl4j.samples.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;

import io.github.spl4j.arbiter.FixMatchSearch;
import io.github.spl4j.arbiter.ImageSplitDataSource;
import io.github.spl4j.arbiter.MuSpace;
import io.github.spl4j.arbiter.PseudoLabelLossSpace;
import io.github.spl4j.arbiter.SearchSummary;
import io.github.spl4j.arbiter.StandardDatasetDataSource;
import io.github.spl4j.arbiter.TauSpace;
import io.github.spl4j.arbiter.WeightingKind;
import io.github.spl4j.arbiter.WeightingKindSpace;
import io.github.spl4j.dl4j.models.SmallCnn;

import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.layers.OutputLayerSpace;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Nesterovs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spl search}: an Arbiter search over the weighting (hard vs smooth), τ and µ for the SmallCNN on
 * Fashion-MNIST or CIFAR-10, each candidate a short FixMatch run scored by its EMA teacher on a validation split held
 * out from the training set (never the test set). Resumable: run the same command again to continue.
 */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Arbiter search over weighting (hard|smooth), tau and mu for the SmallCNN, scored on a "
                + "validation split held out from the training set. Re-run the same command to resume.")
public final class SearchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "fashion-mnist|cifar10", defaultValue = "fashion-mnist",
            description = "Dataset (training images only are read). Default: ${DEFAULT-VALUE}.")
    private String dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder. Default: /usr/share/datasets/fashion-mnist for fashion-mnist; required for cifar10.")
    private Path data;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/search",
            description = "Search folder (records, summary, error-vs-tau.png). Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--weighting", paramLabel = "hard|smooth|both", defaultValue = "both",
            description = "Weighting kinds to search. Default: ${DEFAULT-VALUE}.")
    private String weighting;

    @Option(names = "--tau-min", paramLabel = "T", defaultValue = "0.7",
            description = "Lower end of the tau range, in [0, 1). Default: ${DEFAULT-VALUE}.")
    private double tauMin;

    @Option(names = "--tau-max", paramLabel = "T", defaultValue = "0.98",
            description = "Upper end of the tau range, in [0, 1). Default: ${DEFAULT-VALUE}.")
    private double tauMax;

    @Option(names = "--mu", paramLabel = "shapes|M", defaultValue = "shapes",
            description = "Smooth ramp exponents: 'shapes' = {1/2, 1, 2}, or one fixed value > 0. "
                    + "Default: ${DEFAULT-VALUE}.")
    private String mu;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "10",
            description = "Maximum number of candidates (finished ones count when resuming). Default: ${DEFAULT-VALUE}.")
    private int candidates;

    @Option(names = "--grid", paramLabel = "K",
            description = "Grid search with K points per continuous parameter instead of random search. "
                    + "Default: random search.")
    private Integer grid;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "200",
            description = "FixMatch steps per candidate. Default: ${DEFAULT-VALUE}.")
    private int steps;

    @Option(names = "--max-minutes", paramLabel = "M", defaultValue = "120",
            description = "Time limit in minutes, checked between candidates. Default: ${DEFAULT-VALUE}.")
    private long maxMinutes;

    @Option(names = "--labels-per-class", paramLabel = "K", defaultValue = "4",
            description = "Labelled images per class. Default: ${DEFAULT-VALUE}.")
    private int labelsPerClass;

    @Option(names = "--validation-per-class", paramLabel = "M", defaultValue = "50",
            description = "Validation images per class held out from the training set. Default: ${DEFAULT-VALUE}.")
    private int validationPerClass;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "32",
            description = "Labelled images per batch. Default: ${DEFAULT-VALUE}.")
    private int batch;

    @Option(names = "--unlabeled-ratio", paramLabel = "R", defaultValue = "3",
            description = "Unlabelled images per labelled image in a batch. Default: ${DEFAULT-VALUE}.")
    private int unlabeledRatio;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Root seed of the search (split, sampling, initialisation). Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Override
    public Integer call() {
        FixMatchSearch.Builder search = FixMatchSearch.builder(networkSpace(), StandardDatasetDataSource.class, out)
                .dataProperties(dataProperties()).steps(steps).seed(seed).maxCandidates(candidates)
                .maxTime(Duration.ofMinutes(maxMinutes));
        if (grid != null) {
            search.gridSearch(grid);
        } else {
            search.randomSearch();
        }
        SearchSummary summary = search.build().run();
        spec.commandLine().getOut().printf(Locale.ROOT, "%d candidates (%d failed); results in %s%n",
                summary.ranked().size(), summary.failedCount(), summary.folder());
        summary.best().ifPresent(best -> spec.commandLine().getOut().printf(Locale.ROOT,
                "best: candidate %d, %s, tau %.4f, mu %s, validation error %.2f%%%n", best.getIndex(),
                best.getWeighting(), best.getTau(), Double.isNaN(best.getMu()) ? "-" : best.getMu(),
                100 * best.getValidationError()));
        return 0;
    }

    private MultiLayerSpace networkSpace() {
        int size = "cifar10".equals(dataset) ? 32 : SmallCnn.DEFAULT_SIZE;
        int channels = "cifar10".equals(dataset) ? 3 : SmallCnn.DEFAULT_CHANNELS;
        MultiLayerConfiguration fixed = new SmallCnn.Builder(seed).inputShape(size, size, channels).configuration();
        MultiLayerSpace.Builder space = new MultiLayerSpace.Builder().seed(seed)
                .updater(new Nesterovs(SmallCnn.DEFAULT_LEARNING_RATE, SmallCnn.DEFAULT_MOMENTUM))
                .setInputType(InputType.convolutional(size, size, channels, CNN2DFormat.NHWC));
        int layers = fixed.getConfs().size();
        for (int i = 0; i < layers - 1; i++) {
            space.layer(fixed.getConf(i).getLayer().clone());
        }
        OutputLayer output = (OutputLayer) fixed.getConf(layers - 1).getLayer();
        space.layer(new OutputLayerSpace.Builder().nIn((int) output.getNIn()).nOut((int) output.getNOut())
                .activation(Activation.SOFTMAX).iLossFunction(lossSpace()).build());
        return space.build();
    }

    private PseudoLabelLossSpace lossSpace() {
        WeightingKindSpace kinds;
        switch (weighting) {
            case "hard":
                kinds = WeightingKindSpace.of(WeightingKind.HARD);
                break;
            case "smooth":
                kinds = WeightingKindSpace.of(WeightingKind.SMOOTH);
                break;
            case "both":
                kinds = WeightingKindSpace.both();
                break;
            default:
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--weighting must be hard, smooth or both, found " + weighting);
        }
        PseudoLabelLossSpace.Builder loss = PseudoLabelLossSpace.builder().weighting(kinds);
        try {
            loss.tau(TauSpace.uniform(tauMin, tauMax));
            if (!"hard".equals(weighting)) {
                loss.mu("shapes".equals(mu) ? MuSpace.shapes() : MuSpace.fixed(Double.parseDouble(mu)));
            }
            return loss.build();
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--mu must be 'shapes' or a number > 0, found " + mu);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Properties dataProperties() {
        if (!"fashion-mnist".equals(dataset) && !"cifar10".equals(dataset)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--dataset must be fashion-mnist or cifar10, found " + dataset);
        }
        if ("cifar10".equals(dataset) && data == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--data DIR is required for cifar10 (a folder of the official binary batches)");
        }
        Properties p = new Properties();
        p.setProperty(StandardDatasetDataSource.DATASET, dataset);
        if (data != null) {
            p.setProperty(StandardDatasetDataSource.PATH, data.toString());
        }
        p.setProperty(ImageSplitDataSource.LABELS_PER_CLASS, Integer.toString(labelsPerClass));
        p.setProperty(ImageSplitDataSource.VALIDATION_PER_CLASS, Integer.toString(validationPerClass));
        p.setProperty(ImageSplitDataSource.BATCH_SIZE, Integer.toString(batch));
        p.setProperty(ImageSplitDataSource.UNLABELED_RATIO, Integer.toString(unlabeledRatio));
        return p;
    }
}
