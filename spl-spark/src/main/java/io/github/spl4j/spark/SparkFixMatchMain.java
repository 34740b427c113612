package io.github.spl4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import io.github.spl4j.augment.AugmentationSequence;
import io.github.spl4j.augment.RandAugment;
import io.github.spl4j.augment.WeakAugment;
import io.github.spl4j.data.ChannelNormalization;
import io.github.spl4j.data.EvaluationDataSetIterator;
import io.github.spl4j.data.FashionMnistReader;
import io.github.spl4j.data.FixMatchBatchLayout;
import io.github.spl4j.data.ImageDataset;
import io.github.spl4j.data.ImageFormat;
import io.github.spl4j.data.LabelSplit;
import io.github.spl4j.data.Subset;
import io.github.spl4j.dl4j.backend.BackendInfo;
import io.github.spl4j.dl4j.distributed.AveragedModelListener;
import io.github.spl4j.dl4j.ema.EmaTeacherListener;
import io.github.spl4j.dl4j.train.FixMatchConfig;
import io.github.spl4j.dl4j.train.FixMatchTrainer;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver program for {@code spark-submit}: the app's FixMatch / Smooth FixMatch training (same {@link FixMatchConfig}
 * JSON, same split, model, loss, augmentations and EMA teacher as {@link FixMatchTrainer}) on a Spark cluster.
 *
 * <pre>
 * spark-submit --class io.github.spl4j.spark.SparkFixMatchMain [spark options] spl-spark-shaded.jar \
 *     --config run.json [--workers 8] [--averaging-frequency 1] [--master local[2]]
 * </pre>
 *
 * <p>{@code dataDir} in the config must be a path every executor mounts (shared file system). {@code steps} counts
 * minibatches over all workers: {@code steps / workers} averaging rounds, and the learning-rate schedule runs over the
 * per-worker steps. Writes {@code model-student.zip}, {@code model-teacher.zip} and {@code report.txt} to the config's
 * {@code outputDir} on the driver. No checkpoints or resume on Spark (yet).
 */
public final class SparkFixMatchMain {
    private static final Logger LOG = LoggerFactory.getLogger(SparkFixMatchMain.class);

    private SparkFixMatchMain() {
    }

    /**
     * @param args {@code --config FILE} (required), {@code --workers N}, {@code --averaging-frequency F},
     *             {@code --master URL} (only when not started by spark-submit)
     * @throws IOException if the config cannot be read or the outputs cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path configFile = null;
        int workers = 0;
        int averagingFrequency = 1;
        String master = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--config": configFile = Path.of(require(args[i], value)); i++; break;
                case "--workers": workers = Integer.parseInt(require(args[i], value)); i++; break;
                case "--averaging-frequency": averagingFrequency = Integer.parseInt(require(args[i], value)); i++;
                    break;
                case "--master": master = require(args[i], value); i++; break;
                default: throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: --config FILE [--workers N] [--averaging-frequency F] [--master URL]");
            }
        }
        if (configFile == null) {
            throw new IllegalArgumentException("--config FILE is required (a FixMatchConfig JSON, as for the app)");
        }
        FixMatchConfig config = FixMatchConfig.fromJson(Files.readString(configFile));
        SparkConf conf = new SparkConf().setAppName("spl4j FixMatch");
        if (master != null) {
            conf.setMaster(master);
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            run(sc, config, workers > 0 ? workers : sc.defaultParallelism(), averagingFrequency);
        }
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    /**
     * Runs one training.
     *
     * @param sc                 the Spark context
     * @param config             the run configuration (as for the app)
     * @param workers            minibatches trained in parallel per round, &gt;= 1
     * @param averagingFrequency minibatches per worker between averagings, &gt;= 1
     * @return test errors {teacher, student} on the driver after training
     * @throws IOException if the outputs cannot be written
     */
    public static double[] run(JavaSparkContext sc, FixMatchConfig config, int workers, int averagingFrequency)
            throws IOException {
        Path out = Path.of(config.getOutputDir());
        Files.createDirectories(out);
        LOG.info("driver: {}", BackendInfo.detect().summary());
        LOG.info("spl4j FixMatch on Spark: {} workers, averaging every {} minibatches per worker, {}", workers,
                averagingFrequency, config);
        ImageDatasetSource trainSource = source(config, Subset.TRAIN);
        ImageDataset train = trainSource.cached();
        ImageDataset test = source(config, Subset.TEST).cached();
        LabelSplit split = FixMatchTrainer.buildSplit(config, train);
        split.save(out.resolve("split.json"));

        SplittableRandom seeds = new SplittableRandom(config.getSeed());
        long modelSeed = seeds.nextLong();
        long dataSeed = seeds.nextLong();
        long rounds = (config.getSteps() + workers - 1) / workers;
        Model net = FixMatchTrainer.buildModel(config, train, modelSeed, (int) Math.min(Integer.MAX_VALUE, rounds * averagingFrequency));

        ChannelNormalization normalization = ChannelNormalization.compute(train, split.unlabeled());
        ImageBatchFactory factory = ImageBatchFactory.builder().source(trainSource).split(split)
                .batchSize(config.getBatchSize()).unlabeledRatio(config.getUnlabeledRatio())
                .augmentations(new WeakAugment(), AugmentationSequence.of(new WeakAugment(), RandAugment.fixMatch()))
                .normalization(normalization).format(ImageFormat.NHWC).seed(dataSeed).build();
        EmaTeacherListener ema = new EmaTeacherListener.Builder().decay(config.getEmaDecay())
                .warmUp(config.isEmaWarmUp()).build();
        ema.initialize(net);
        SparkFixMatchTrainer trainer = SparkFixMatchTrainer.builder(sc, net,
                        FixMatchBatchLayout.of(config.getBatchSize(), config.getUnlabeledRatio()))
                .workers(workers).averagingFrequency(averagingFrequency).seed(config.getSeed())
                .averagedModelListener(AveragedModelListener.of(ema)).build();

        List<Double> scores = trainer.fit(FixMatchBatches.fromSteps(sc, 0, config.getSteps(), workers, factory));

        DataSetIterator testIterator = new EvaluationDataSetIterator(test, null, FixMatchTrainer.EVAL_BATCH_SIZE,
                normalization, ImageFormat.NHWC);
        double teacherError = error(ema.teacher(), testIterator);
        double studentError = error(net, testIterator);
        ModelSerializer.writeModel(net, out.resolve("model-student.zip").toFile(), false);
        ModelSerializer.writeModel(ema.teacher(), out.resolve("model-teacher.zip").toFile(), false);
        String report = String.format("spl4j FixMatch on Spark%n%s%nworkers %d, averaging frequency %d, rounds %d%n"
                        + "loss first round %.4f, last round %.4f%ntest error teacher %.2f%%, student %.2f%%%n",
                config, workers, averagingFrequency, trainer.rounds(), scores.get(0),
                scores.get(scores.size() - 1), 100 * teacherError, 100 * studentError);
        Files.writeString(out.resolve("report.txt"), report);
        LOG.info("{}", report);
        return new double[] {teacherError, studentError};
    }

    private static ImageDatasetSource source(FixMatchConfig config, Subset subset) {
        switch (config.getDataset()) {
            case FASHION_MNIST:
                return ImageDatasetSource.fashionMnist(config.getDataDir() == null
                        ? FashionMnistReader.DEFAULT_FOLDER_NAME : config.getDataDir(), subset);
            case CIFAR10:
                return ImageDatasetSource.cifar10(config.getDataDir(), subset);
            default:
                throw new IllegalArgumentException("unknown dataset " + config.getDataset());
        }
    }

    private static double error(Model net, DataSetIterator test) {
        test.reset();
        Evaluation e = net instanceof MultiLayerNetwork ? ((MultiLayerNetwork) net).evaluate(test)
                : ((ComputationGraph) net).evaluate(test);
        return 1.0 - e.accuracy();
    }
}
