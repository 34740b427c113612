package io.github.spl4j.samples.cli;

import io.github.spl4j.data.ChannelNormalization;
import io.github.spl4j.data.EvaluationDataSetIterator;
import io.github.spl4j.data.ImageDataset;
import io.github.spl4j.data.ImageFormat;
import io.github.spl4j.samples.train.AppRun;
import io.github.spl4j.samples.train.DataSource;
import io.github.spl4j.samples.train.RunData;
import io.github.spl4j.samples.train.RunSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spl evaluate MODEL}: test error, per-class accuracy and confusion matrix of a saved model. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a saved model (model-teacher.zip or model-student.zip of a run) on a test set: error, per-class "
                + "accuracy and confusion matrix.")
public final class EvaluateCommand implements Callable<Integer> {
    private static final int EVAL_BATCH = 500;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by spl train (model-teacher.zip or model-student.zip).")
    private Path model;

    @Option(names = "--dataset", paramLabel = "fashion-mnist|cifar10|folder",
            converter = TrainOptions.DatasetConverter.class, defaultValue = "fashion-mnist",
            description = "Dataset whose test images are used. Default: ${DEFAULT-VALUE}.")
    private DataSource dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder. Default: the dataset's default "
            + "location (fashion-mnist only).")
    private Path data;

    @Option(names = "--test-subset", paramLabel = "N", defaultValue = "0",
            description = "Evaluate on the first N test images (0 = all). Default: ${DEFAULT-VALUE}.")
    private int testSubset;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the held-out test images of an image folder. Default: ${DEFAULT-VALUE}.")
    private long seed;

    /**
     * Fails with a clear message when the model does not take this dataset's images or has another number of
     * classes (a model of another architecture or dataset), instead of an error from deep inside ND4J.
     */
    private void checkFits(org.deeplearning4j.nn.api.Model net, EvaluationDataSetIterator it, ImageDataset test) {
        INDArray x = it.next().getFeatures();
        it.reset();
        INDArray y;
        String shape = test.height() + "x" + test.width() + "x" + test.channels();
        try {
            y = AppRun.output(net, x.get(NDArrayIndex.interval(0, 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("MODEL " + model + " does not take the " + shape + " images of "
                    + test.name() + ": it was trained on another dataset or is another architecture ("
                    + rootMessage(e) + ")");
        }
        if (y.size(1) != test.numClasses()) {
            throw new IllegalArgumentException("MODEL " + model + " has " + y.size(1) + " outputs but " + test.name()
                    + " has " + test.numClasses() + " classes: it was trained on another dataset");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(model)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "MODEL must be a model file written by spl train, found " + model + " (no such file)");
        }
        RunSource source;
        try {
            source = new RunSource(dataset, data == null ? null : data.toString(), 0, testSubset);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), TrainOptions.withFlag(e.getMessage()));
        }
        PrintWriter err = spec.commandLine().getErr();
        if (!DatasetSetup.ensureDefaultData(source, err)) {
            return io.github.spl4j.samples.SplApp.EXIT_NO_DATA;
        }
        RunData runData = RunData.load(source, seed);
        ImageDataset test = runData.test();
        Path normFile = model.toAbsolutePath().getParent().resolve(AppRun.NORMALIZATION);
        ChannelNormalization norm;
        if (Files.isRegularFile(normFile)) {
            norm = AppRun.readNormalization(normFile);
        } else {
            err.println("No " + AppRun.NORMALIZATION + " next to the model: normalising with the statistics "
                    + "of the training images.");
            norm = ChannelNormalization.compute(runData.train(), null);
        }
        org.deeplearning4j.nn.api.Model net;
        try {
            net = AppRun.loadModel(model);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("MODEL must be a DL4J model written by spl train (model-teacher.zip or "
                    + "model-student.zip), found " + model + " that cannot be read as one (" + rootMessage(e) + ")");
        }
        EvaluationDataSetIterator it = new EvaluationDataSetIterator(test, null, EVAL_BATCH, norm, ImageFormat.NHWC);
        checkFits(net, it, test);
        Evaluation e = net instanceof MultiLayerNetwork m ? m.evaluate(it)
                : ((org.deeplearning4j.nn.graph.ComputationGraph) net).evaluate(it);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Model %s on %s (%d images)%n", model, test.name(), test.size());
        out.printf(Locale.ROOT, "Test error: %.2f%% (accuracy %.2f%%)%n%n", 100 * (1 - e.accuracy()),
                100 * e.accuracy());
        out.println("| class | images | accuracy % |");
        out.println("| --- | --- | --- |");
        int k = test.numClasses();
        for (int c = 0; c < k; c++) {
            int n = 0;
            for (int p = 0; p < k; p++) {
                n += e.getConfusionMatrix().getCount(c, p);
            }
            out.printf(Locale.ROOT, "| %s | %d | %s |%n", test.classNames().get(c), n,
                    n == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", 100.0 * e.getConfusionMatrix().getCount(c, c) / n));
        }
        out.println();
        out.println("Confusion matrix (rows: true class, columns: predicted class, in class order):");
        for (int c = 0; c < k; c++) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%2d", c));
            for (int p = 0; p < k; p++) {
                sb.append(String.format(Locale.ROOT, " %5d", e.getConfusionMatrix().getCount(c, p)));
            }
            out.println(sb);
        }
        out.flush();
        return 0;
    }
}
