package io.github.spl4j.dl4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.spl4j.augment.Augmentation;
import io.github.spl4j.augment.AugmentationSequence;
import io.github.spl4j.augment.RandAugment;
import io.github.spl4j.augment.WeakAugment;
import io.github.spl4j.data.ChannelNormalization;
import io.github.spl4j.data.Cifar10Reader;
import io.github.spl4j.data.EvaluationDataSetIterator;
import io.github.spl4j.data.FashionMnistReader;
import io.github.spl4j.data.FixMatchDataSetIterator;
import io.github.spl4j.data.ImageDataset;
import io.github.spl4j.data.ImageFormat;
import io.github.spl4j.data.LabelSplit;
import io.github.spl4j.data.Subset;
import io.github.spl4j.dl4j.backend.BackendInfo;
import io.github.spl4j.dl4j.checkpoint.CheckpointStore;
import io.github.spl4j.dl4j.checkpoint.TrainingCheckpoint;
import io.github.spl4j.dl4j.cpu.OneDnnSupport;
import io.github.spl4j.dl4j.ema.EmaTeacherListener;
import io.github.spl4j.dl4j.ema.TeacherPseudoLabels;
import io.github.spl4j.dl4j.metrics.SslMetricsListener;
import io.github.spl4j.dl4j.models.SmallCnn;
import io.github.spl4j.dl4j.models.WideResNet;
import io.github.spl4j.dl4j.schedule.FixMatchCosineSchedule;
import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;
import io.github.spl4j.weighting.HardThreshold;
import io.github.spl4j.weighting.PseudoLabelWeighting;
import io.github.spl4j.weighting.SmoothRamp;

/**
 * Trains FixMatch or Smooth FixMatch from one {@link FixMatchConfig} for people who do not want to wire the parts
 * themselves: dataset reader, {@link LabelSplit}, {@link FixMatchDataSetIterator} (weak: flip + translate; strong:
 * the same followed by RandAugment + Cutout), the model with {@link SmoothPseudoLabelLossFunction}, SGD Nesterov with
 * {@link FixMatchCosineSchedule}, the {@link EmaTeacherListener}, the {@link SslMetricsListener}, evaluations and
 * checkpoints.
 *
 * <p>The run directory ({@code outputDir}) holds {@code config.json}, {@code split.json}, {@code metrics.csv} (one
 * line per step), {@code evaluations.csv} (teacher and student test error every {@code evalInterval} steps),
 * {@code checkpoints/}, {@code model-student.zip} and {@code model-teacher.zip} (DL4J {@link ModelSerializer}
 * format) and {@code report.txt}; with a long-tailed split ({@link FixMatchConfig#isImbalanced()}) also
 * {@value #PER_CLASS_CSV} (each class's labelled and unlabelled image counts and teacher and student test error at
 * every evaluation), whose last evaluation is appended to {@code report.txt}. The reported result is the median test error of the last {@code medianOfLast}
 * evaluations, as in the FixMatch paper, never the best one seen.
 *
 * <p><b>Resume:</b> if the run directory already holds checkpoints, {@link #run()} continues from the newest valid one
 * (a corrupt one is reported and the previous one used), bit-identically on the CPU: the network with its updater
 * state, the EMA shadow and the data position are restored. The directory's {@code config.json} must equal the
 * configuration. <b>Stopping:</b> {@link #requestStop()} (e.g. from a Ctrl-C shutdown hook, see
 * {@link #stopOnShutdown()}) or interrupting the training thread ends the run after the current step with a
 * checkpoint.
 *
 * <p><b>Pseudo-labels from the teacher</b> ({@link FixMatchConfig.PseudoLabelKind#TEACHER}): before each step a
 * {@link TeacherPseudoLabels} runs the EMA teacher over the minibatch and the loss takes its pseudo-labels and
 * weights from the teacher's weak-row predictions; the model, the loss configuration and the batch layout stay as
 * they are.
 *
 * <p>Seeds: the split uses {@code splitSeed}; the model initialisation and the data stream use seeds drawn in that
 * order from a {@link SplittableRandom} seeded with {@code seed}.
 *
 * <pre>{@code
 * TrainingResult r = FixMatchTrainer.builder(FixMatchConfig.builder().labels(40).outputDir("runs/a").build())
 *         .progress(myProgressBar).build().run();
 * }</pre>
 */
public final class FixMatchTrainer {
    private static final Logger log = LoggerFactory.getLogger(FixMatchTrainer.class);

    /**
     * Most steps in a row that {@link FixMatchConfig.NonFiniteAction#SKIP} skips before it stops the run: when every
     * step fails, the weights before them already overflow and skipping cannot recover.
     */
    public static final int MAX_CONSECUTIVE_SKIPS = 10;

    /** Checkpoint property holding the number of skipped steps so far. */
    static final String SKIPPED_STEPS = "skippedSteps";

    /**
     * File of the per-class test errors, written at every evaluation when the split is long-tailed
     * ({@link FixMatchConfig#isImbalanced()}); columns {@value #PER_CLASS_HEADER}, errors as fractions.
     */
    public static final String PER_CLASS_CSV = "per-class-errors.csv";

    /** Header of {@link #PER_CLASS_CSV}. */
    public static final String PER_CLASS_HEADER = "step,class,name,labeled,unlabeled,teacher_error,student_error";

    /** Rows per evaluation batch. */
    public static final int EVAL_BATCH_SIZE = 256;

    private final FixMatchConfig config;
    private final ImageDataset trainOverride;
    private final ImageDataset testOverride;
    private final int testLimit;
    private final TrainingProgressListener progress;
    private final Augmentation weak;
    private final Augmentation strong;
    private volatile boolean stopRequested;
    private volatile Thread trainingThread;
    private long lastFiniteStep;
    private double lastFiniteLoss = Double.NaN;
    private long skippedSteps;
    private int consecutiveSkips;
    private final java.util.Set<Long> poisonSteps;
    private final List<TrainingListener> extraListeners;
    private Path lastCheckpoint;
    private long lastCheckpointStep = -1;

    private FixMatchTrainer(Builder b) {
        this.config = b.config;
        this.trainOverride = b.train;
        this.testOverride = b.test;
        this.testLimit = b.testLimit;
        this.progress = b.progress;
        this.weak = b.weak;
        this.strong = b.strong;
        this.poisonSteps = Set.copyOf(b.poisonSteps);
        this.extraListeners = List.copyOf(b.extraListeners);
    }

    /**
     * @param config the run configuration
     * @return a builder
     */
    public static Builder builder(FixMatchConfig config) {
        return new Builder(config);
    }

    /** @return the configuration */
    public FixMatchConfig getConfig() {
        return config;
    }

    /** Asks the run to stop after the current step (it then writes a checkpoint). Thread-safe. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Registers a JVM shutdown hook (Ctrl-C) that requests a stop and waits until the run has written its checkpoint
     * and returned.
     *
     * @return the hook thread (remove it with {@link Runtime#removeShutdownHook} when the run is over)
     */
    public Thread stopOnShutdown() {
        Thread hook = new Thread(() -> {
            requestStop();
            Thread t = trainingThread;
            if (t != null) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "spl4j-trainer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /**
     * Runs (or resumes) the training.
     *
     * @return the result; {@link TrainingResult#interrupted()} tells whether it stopped early
     * @throws UncheckedIOException     if the run directory cannot be written
     * @throws IllegalArgumentException if the run directory belongs to another configuration
     */
    public TrainingResult run() {
        trainingThread = Thread.currentThread();
        try {
            return doRun();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run directory " + config.getOutputDir() + ": "
                    + e.getMessage(), e);
        } finally {
            trainingThread = null;
        }
    }

    private TrainingResult doRun() throws IOException {
        Path dir = Path.of(config.getOutputDir());
        checkWritable(dir);
        log.info("spl4j FixMatch run in {} with {}", dir.toAbsolutePath(), config);
        OneDnnSupport.ensureEnabled();
        log.info("{}", BackendInfo.detect().summary());
        writeOrCheckConfig(dir.resolve("config.json"));

        ImageDataset train = trainOverride != null ? trainOverride : readDataset(Subset.TRAIN);
        ImageDataset test = testOverride != null ? testOverride : readDataset(Subset.TEST);
        Path splitFile = dir.resolve("split.json");
        LabelSplit split;
        if (Files.exists(splitFile)) {
            split = LabelSplit.load(splitFile, train);
        } else {
            split = buildSplit(config, train);
            split.save(splitFile);
        }

        SplittableRandom seeds = new SplittableRandom(config.getSeed());
        long modelSeed = seeds.nextLong();
        long dataSeed = seeds.nextLong();

        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"), config.getKeepCheckpoints());
        TrainingCheckpoint checkpoint = store.loadLatest().orElse(null);
        Model net;
        long start;
        if (checkpoint != null) {
            net = checkpoint.getModel();
            start = checkpoint.getStep();
            checkArchitecture(net, buildModel(config, train, modelSeed, config.getSteps()), store);
            skippedSteps = Long.parseLong(checkpoint.getProperties().getOrDefault(SKIPPED_STEPS, "0"));
            lastCheckpoint = store.fileFor(start);
            lastCheckpointStep = start;
            log.info("resuming from the checkpoint at step {}", start);
        } else {
            net = buildModel(config, train, modelSeed, config.getSteps());
            start = 0;
            skippedSteps = 0;
        }
        EmaTeacherListener ema = new EmaTeacherListener.Builder().decay(config.getEmaDecay())
                .warmUp(config.isEmaWarmUp()).build();
        ema.initialize(net);
        if (checkpoint != null && checkpoint.getEma() != null) {
            ema.restore(checkpoint.getEma());
        }
        TeacherPseudoLabels teacherLabels = null;
        if (config.getPseudoLabels() == FixMatchConfig.PseudoLabelKind.TEACHER) {
            // installed on the (possibly restored) network: the source is run state, never serialised
            teacherLabels = new TeacherPseudoLabels(ema);
            teacherLabels.installOn(net);
        }

        Path metricsCsv = dir.resolve("metrics.csv");
        Path evaluationsCsv = dir.resolve("evaluations.csv");
        SslMetricsListener.truncateCsv(metricsCsv, start);
        List<EvaluationRecord> evaluations = readEvaluations(evaluationsCsv, start);
        Path perClassCsv = dir.resolve(PER_CLASS_CSV);
        boolean perClass = config.isImbalanced();
        if (perClass) {
            truncatePerClass(perClassCsv, start);
        }
        int[][] splitCounts = classCounts(train, split);

        ChannelNormalization normalization = ChannelNormalization.compute(train, split.unlabeled());
        int[] testIndices = testLimit > 0 ? IntStream.range(0, Math.min(testLimit, test.size())).toArray() : null;
        DataSetIterator testIterator = new EvaluationDataSetIterator(test, testIndices, EVAL_BATCH_SIZE,
                normalization, ImageFormat.NHWC);

        long done = start;
        boolean interrupted = false;
        boolean reInterrupt = false;
        try (FixMatchDataSetIterator it = FixMatchDataSetIterator.builder().dataset(train).split(split)
                .batchSize(config.getBatchSize()).unlabeledRatio(config.getUnlabeledRatio()).weak(weak)
                .strong(strong).normalization(normalization).format(ImageFormat.NHWC).seed(dataSeed)
                .workers(config.getWorkers()).startStep(checkpoint != null ? checkpoint.getDataPosition() : 0)
                .build();
             SslMetricsListener metrics = new SslMetricsListener.Builder().csv(metricsCsv)
                     .logEvery(Math.max(1, config.getEvalInterval() / 4)).trueLabels(() -> {
                         FixMatchDataSetIterator.BatchInfo info = it.lastBatchInfo();
                         return info == null ? null : info.unlabeledTrueLabels();
                     }).build()) {
            List<TrainingListener> listeners = new ArrayList<>(List.of(ema, metrics));
            listeners.addAll(extraListeners);
            net.setListeners(listeners);
            progress.onStart(config, start);
            metrics.resetTimer();
            while (done < config.getSteps()) {
                if (stopRequested || Thread.currentThread().isInterrupted()) {
                    interrupted = true;
                    break;
                }
                DataSet batch;
                try {
                    batch = it.next();
                } catch (IllegalStateException e) {
                    if (!Thread.currentThread().isInterrupted()) {
                        throw e;
                    }
                    // interrupted while waiting for the batch: the iterator did not advance
                    interrupted = true;
                    break;
                }
                done++;
                fitChecked(net, batch, done, ema, teacherLabels);
                progress.onStep(done, config.getSteps(), metrics.last());
                if (done % config.getEvalInterval() == 0 || done == config.getSteps()) {
                    Evaluation te = evaluation(ema.teacher(), testIterator);
                    Evaluation se = evaluation(net, testIterator);
                    EvaluationRecord e = new EvaluationRecord(done, error(te), error(se));
                    checkEvaluation(e);
                    evaluations.add(e);
                    appendLine(evaluationsCsv, EvaluationRecord.CSV_HEADER, e.toCsvRow());
                    if (perClass) {
                        appendLine(perClassCsv, PER_CLASS_HEADER,
                                perClassRows(done, test.classNames(), splitCounts, te, se));
                    }
                    log.info("step {}: test error teacher {}%, student {}%", done,
                            String.format("%.2f", 100 * e.teacherError()),
                            String.format("%.2f", 100 * e.studentError()));
                    progress.onEvaluation(e);
                }
                if (done % config.getCheckpointInterval() == 0 || done == config.getSteps()) {
                    saveCheckpoint(store, done, net, ema, it, split);
                }
            }
            // clear the interrupt so that the checkpoint and report can be written; it is restored before returning
            reInterrupt = Thread.interrupted();
            if (interrupted && done > start && done % config.getCheckpointInterval() != 0) {
                saveCheckpoint(store, done, net, ema, it, split);
            }
            net.setListeners();
        }
        TrainingResult result = new TrainingResult(dir, done, interrupted, evaluations, config.getMedianOfLast(),
                TrainingResult.medianOfLast(evaluations, config.getMedianOfLast(), true),
                TrainingResult.medianOfLast(evaluations, config.getMedianOfLast(), false), skippedSteps);
        if (skippedSteps > 0) {
            log.warn("{} steps were skipped because their loss or parameters were NaN or infinite", skippedSteps);
        }
        if (!interrupted) {
            ModelSerializer.writeModel(net, dir.resolve("model-student.zip").toFile(), false);
            ModelSerializer.writeModel(ema.teacher(), dir.resolve("model-teacher.zip").toFile(), false);
        }
        String perClassReport = perClass ? perClassReport(perClassCsv) : "";
        writeAtomically(dir.resolve("report.txt"), "spl4j FixMatch run\n" + config + "\n" + result.report()
                + perClassReport);
        if (!perClassReport.isEmpty()) {
            log.info("{}", perClassReport);
        }
        log.info("{}", result.report());
        progress.onFinish(result);
        if (reInterrupt) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    private void saveCheckpoint(CheckpointStore store, long step, Model net, EmaTeacherListener ema,
                                FixMatchDataSetIterator it, LabelSplit split) {
        Path file;
        try {
            file = store.save(new TrainingCheckpoint(step, net, ema.snapshot(), it.position(), config.toJson(),
                    split.toJson(), Map.of(SKIPPED_STEPS, Long.toString(skippedSteps))));
        } catch (UncheckedIOException e) {
            String previous = lastCheckpoint == null ? "there is no earlier checkpoint of this run"
                    : "the previous checkpoint " + lastCheckpoint + " (step " + lastCheckpointStep + ") is intact";
            throw new UncheckedIOException("training stopped at step " + step + ": the checkpoint could not be "
                    + "written (" + e.getCause().getMessage() + "); " + previous + ". Free disk space or fix the "
                    + "folder, then run the same configuration again to resume", e.getCause());
        }
        lastCheckpoint = file;
        lastCheckpointStep = step;
        progress.onCheckpoint(step, file);
    }

    /**
     * Fits one batch and checks that the loss and the updated parameters are finite. On a non-finite result it
     * either throws {@link TrainingDivergedException} (STOP) or restores the state before the step (SKIP).
     */
    private void fitChecked(Model net, DataSet batch, long step, EmaTeacherListener ema,
                            TeacherPseudoLabels teacherLabels) {
        boolean skip = config.getOnNonFinite() == FixMatchConfig.NonFiniteAction.SKIP;
        INDArray params0 = null;
        INDArray updater0 = null;
        EmaTeacherListener.State ema0 = null;
        if (skip) {
            params0 = net.params().dup();
            INDArray u = updaterState(net);
            updater0 = u == null ? null : u.dup();
            ema0 = ema.snapshot();
        }
        String what = null;
        RuntimeException failure = null;
        try {
            if (teacherLabels != null) {
                teacherLabels.prepare(batch);
            }
            try {
                fit(net, batch);
            } finally {
                if (teacherLabels != null) {
                    teacherLabels.clear();
                }
            }
            if (poisonSteps.contains(step)) {
                net.params().putScalar(0, Double.NaN);
            }
            double loss = net.score();
            if (!Double.isFinite(loss)) {
                what = "the loss is " + loss;
            } else if (!Double.isFinite(net.params().sumNumber().doubleValue())) {
                what = String.format(java.util.Locale.ROOT, "the updated parameters hold NaN or infinite values "
                        + "(loss %.6g)", loss);
            } else {
                lastFiniteStep = step;
                lastFiniteLoss = loss;
                consecutiveSkips = 0;
                return;
            }
        } catch (RuntimeException e) {
            if (!mentionsNonFinite(e)) {
                throw e;
            }
            what = "the network's outputs are NaN or infinite";
            failure = e;
        }
        String last = lastFiniteStep > 0 ? String.format(java.util.Locale.ROOT, "the last finite loss was %.6g at "
                + "step %d", lastFiniteLoss, lastFiniteStep) : "no finite loss was seen in this process";
        if (skip && consecutiveSkips + 1 >= MAX_CONSECUTIVE_SKIPS) {
            throw new TrainingDivergedException(step, lastFiniteStep, lastFiniteLoss, "training diverged: "
                    + MAX_CONSECUTIVE_SKIPS + " steps in a row up to step " + step + " were NaN or infinite (" + what
                    + "), so the weights before them already overflow and skipping cannot recover; " + last
                    + ". Likely cause: the learning rate (" + config.getLearningRate() + ") is too high. Lower "
                    + "learningRate and start a new run folder. " + (lastCheckpoint == null
                    ? "There is no checkpoint yet" : "The last checkpoint " + lastCheckpoint + " (step "
                    + lastCheckpointStep + ") is kept"), failure);
        }
        if (skip) {
            consecutiveSkips++;
            net.params().assign(params0);
            if (updater0 != null) {
                updaterState(net).assign(updater0);
            }
            ema.restore(ema0);
            skippedSteps++;
            log.warn("step {} skipped: {} (onNonFinite SKIP; {} skipped so far)", step, what, skippedSteps);
            return;
        }
        throw new TrainingDivergedException(step, lastFiniteStep, lastFiniteLoss, "training diverged at step " + step
                + ": " + what + "; " + last + ". Likely cause: the learning rate (" + config.getLearningRate()
                + ") is too high for this model and batch size, or the inputs hold NaN. Lower learningRate and "
                + "start a new run folder, or set onNonFinite SKIP to skip such steps. Nothing was written for this "
                + "step: " + (lastCheckpoint == null ? "there is no checkpoint yet"
                : "the last good checkpoint " + lastCheckpoint + " (step " + lastCheckpointStep + ") is kept"),
                failure);
    }

    /** A NaN test error means NaN outputs: stop (STOP) or warn (SKIP). */
    private void checkEvaluation(EvaluationRecord e) {
        if (!Double.isNaN(e.teacherError()) && !Double.isNaN(e.studentError())) {
            return;
        }
        String which = Double.isNaN(e.studentError()) ? "student" : "EMA teacher";
        if (config.getOnNonFinite() == FixMatchConfig.NonFiniteAction.SKIP) {
            log.warn("step {}: the {}'s outputs on the test images are NaN or infinite (weights too large); its "
                    + "test error is recorded as NaN", e.step(), which);
            return;
        }
        String last = lastFiniteStep > 0 ? String.format(java.util.Locale.ROOT, "the last finite loss was %.6g at "
                + "step %d", lastFiniteLoss, lastFiniteStep) : "no finite loss was seen in this process";
        throw new TrainingDivergedException(e.step(), lastFiniteStep, lastFiniteLoss, "training diverged at step "
                + e.step() + ": the " + which + "'s outputs on the test images are NaN or infinite; " + last
                + ". Likely cause: the learning rate (" + config.getLearningRate() + ") is too high. Lower "
                + "learningRate and start a new run folder. Nothing was written for this step: "
                + (lastCheckpoint == null ? "there is no checkpoint yet" : "the last good checkpoint "
                + lastCheckpoint + " (step " + lastCheckpointStep + ") is kept"), null);
    }

    /** True if the error (or a cause) says that values were NaN or infinite (as the FixMatch loss does). */
    private static boolean mentionsNonFinite(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("NaN") || m.contains("infinite") || m.contains("Infinity"))) {
                return true;
            }
        }
        return false;
    }

    private static INDArray updaterState(Model net) {
        return net instanceof MultiLayerNetwork ? ((MultiLayerNetwork) net).getUpdater().getStateViewArray()
                : ((ComputationGraph) net).getUpdater().getStateViewArray();
    }

    private static void fit(Model net, DataSet batch) {
        if (net instanceof MultiLayerNetwork) {
            ((MultiLayerNetwork) net).fit(batch);
        } else {
            ((ComputationGraph) net).fit(batch);
        }
    }

    /**
     * Fails before any data is read if the run directory cannot be created or written: a parent that is a file, a
     * read-only or full file system.
     */
    private static void checkWritable(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new IOException(p + " is a file, not a folder; choose another outputDir");
            }
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + " is a file, not a folder; choose another outputDir");
        }
        Files.createDirectories(dir);
        Path probe = dir.resolve(".spl4j-write-test");
        try {
            Files.write(probe, new byte[4096]);
        } catch (IOException e) {
            throw new IOException("the folder is not writable (" + e + "); choose another outputDir or free disk "
                    + "space", e);
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // the error above (if any) is the one to report
            }
        }
    }

    /** Refuses a checkpoint whose network does not have the configured architecture. */
    private static void checkArchitecture(Model restored, Model configured, CheckpointStore store) {
        long a = restored.numParams();
        long b = configured.numParams();
        boolean sameKind = restored.getClass() == configured.getClass();
        if (!sameKind || a != b) {
            throw new IllegalArgumentException("the checkpoint in " + store.getFolder() + " holds a "
                    + restored.getClass().getSimpleName() + " with " + a + " parameters, but the configuration builds "
                    + "a " + configured.getClass().getSimpleName() + " with " + b + " parameters: it belongs to "
                    + "another model or dataset; use another outputDir");
        }
    }

    /** @return the evaluation on the test set, null if the network's outputs are NaN (ND4J's Evaluation refuses them) */
    private static Evaluation evaluation(Model net, DataSetIterator test) {
        test.reset();
        try {
            return net instanceof MultiLayerNetwork ? ((MultiLayerNetwork) net).evaluate(test)
                    : ((ComputationGraph) net).evaluate(test);
        } catch (IllegalStateException e) {
            if (!mentionsNonFinite(e)) {
                throw e;
            }
            return null;
        }
    }

    /** @return the test error of an evaluation, NaN for null (non-finite outputs) */
    private static double error(Evaluation e) {
        return e == null ? Double.NaN : 1.0 - e.accuracy();
    }

    /**
     * @return the fraction of class {@code c}'s test images that are misclassified (1 − recall), NaN if the class has
     *         no test images or the evaluation is null
     */
    static double classError(Evaluation e, int c) {
        if (e == null) {
            return Double.NaN;
        }
        int total = e.getConfusionMatrix().getActualTotal(c);
        return total == 0 ? Double.NaN : 1.0 - e.getConfusionMatrix().getCount(c, c) / (double) total;
    }

    /** @return per class c: {labelled images, unlabelled images} of the split */
    private static int[][] classCounts(ImageDataset train, LabelSplit split) {
        int[][] counts = new int[train.numClasses()][2];
        for (int i : split.labeled()) {
            counts[train.label(i)][0]++;
        }
        for (int i : split.unlabeled()) {
            int label = train.label(i);
            if (label >= 0) {
                counts[label][1]++;
            }
        }
        return counts;
    }

    private static String perClassRows(long step, List<String> names, int[][] counts, Evaluation teacher,
                                       Evaluation student) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < counts.length; c++) {
            if (c > 0) {
                sb.append(System.lineSeparator());
            }
            sb.append(String.format(java.util.Locale.ROOT, "%d,%d,%s,%d,%d,%.6f,%.6f", step, c,
                    names.get(c).replace(',', ' '), counts[c][0], counts[c][1], classError(teacher, c),
                    classError(student, c)));
        }
        return sb.toString();
    }

    /** Keeps the per-class lines of steps {@code <= beforeOrAt} (a resumed run rewrites the later ones). */
    private static void truncatePerClass(Path file, long beforeOrAt) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        StringBuilder sb = new StringBuilder(PER_CLASS_HEADER).append(System.lineSeparator());
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] c = line.split(",");
            if (line.isBlank() || line.equals(PER_CLASS_HEADER) || c.length != 7) {
                continue;
            }
            try {
                if (Long.parseLong(c[0]) <= beforeOrAt) {
                    sb.append(line).append(System.lineSeparator());
                }
            } catch (NumberFormatException e) {
                // a cut last line of a killed run
            }
        }
        writeAtomically(file, sb.toString());
    }

    /** The per-class table of the last evaluation in the per-class CSV, for report.txt; empty if there is none. */
    private static String perClassReport(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        List<String[]> rows = new ArrayList<>();
        long last = -1;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] c = line.split(",");
            if (c.length != 7 || line.equals(PER_CLASS_HEADER)) {
                continue;
            }
            long step = Long.parseLong(c[0]);
            if (step > last) {
                rows.clear();
                last = step;
            }
            rows.add(c);
        }
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT,
                "per-class test error at step %d (class, labelled, unlabelled, teacher %%, student %%):%n", last));
        for (String[] c : rows) {
            sb.append(String.format(java.util.Locale.ROOT, "  %s %s: %s labelled, %s unlabelled, teacher %.2f%%, "
                    + "student %.2f%%%n", c[1], c[2], c[3], c[4], 100 * Double.parseDouble(c[5]),
                    100 * Double.parseDouble(c[6])));
        }
        return sb.toString();
    }

    private ImageDataset readDataset(Subset subset) {
        switch (config.getDataset()) {
            case FASHION_MNIST:
                return (config.getDataDir() == null ? new FashionMnistReader()
                        : new FashionMnistReader(Path.of(config.getDataDir()))).read(subset);
            case CIFAR10:
                return new Cifar10Reader(Path.of(config.getDataDir())).read(subset);
            default:
                throw new IllegalStateException("unknown dataset " + config.getDataset());
        }
    }

    /**
     * The label split a run of {@code config} draws from {@code train}, seeded by the split seed: balanced, random or
     * imbalanced labelled images (for IMBALANCED, the head-class count is {@link #imbalancedHead}), and, with an
     * unlabelled imbalance ratio above 1 or {@code unlabeledPerClass > 0}, an unlabelled set subsampled to long-tailed
     * class counts (head count {@code unlabeledPerClass}, or the smallest class's image count when 0).
     *
     * @param config the run configuration
     * @param train  the training images
     * @return the split
     * @throws IllegalArgumentException if a balanced split's label count is not a multiple of the class count, or a
     *                                  class has too few images for the counts asked for
     */
    public static LabelSplit buildSplit(FixMatchConfig config, ImageDataset train) {
        LabelSplit.Builder b = LabelSplit.builder().seed(config.getSplitSeed());
        int classes = train.numClasses();
        switch (config.getSplitStrategy()) {
            case BALANCED:
                if (config.getLabels() % classes != 0) {
                    throw new IllegalArgumentException("labels must be a multiple of the " + classes
                            + " classes of " + train.name() + " for a BALANCED split, found " + config.getLabels());
                }
                b.balanced(config.getLabels() / classes);
                break;
            case RANDOM:
                b.random(config.getLabels());
                break;
            case IMBALANCED:
                b.imbalanced(imbalancedHead(config.getLabels(), config.getImbalanceRatio(), classes),
                        config.getImbalanceRatio());
                break;
            default:
                throw new IllegalStateException("unknown split strategy " + config.getSplitStrategy());
        }
        if (config.getUnlabeledImbalanceRatio() > 1.0 || config.getUnlabeledPerClass() > 0) {
            int head = config.getUnlabeledPerClass();
            if (head == 0) {
                head = java.util.Arrays.stream(train.labelCounts()).min().orElse(0);
            }
            if (head < 1) {
                throw new IllegalArgumentException("the unlabelled set cannot be made long-tailed: a class of "
                        + train.name() + " has no images; give unlabeledPerClass or use unlabeledImbalanceRatio 1");
            }
            b.unlabeledImbalanced(head, config.getUnlabeledImbalanceRatio());
        }
        return b.build(train);
    }

    /**
     * The head-class count of an IMBALANCED split with a total budget: the largest {@code h >= 1} whose long-tailed
     * counts {@link LabelSplit#longTailCounts(int, double, int)} sum to at most {@code labels} (e.g. 40 labels, ratio
     * 10, 10 classes: h = 10, counts 10 7 5 4 3 2 2 1 1 1, 36 labelled images).
     *
     * @param labels  the labelled-image budget, {@code >= classes}
     * @param ratio   γ, finite and {@code >= 1}
     * @param classes the number of classes, {@code >= 1}
     * @return h
     * @throws IllegalArgumentException if {@code labels < classes} (every class gets at least one image)
     */
    public static int imbalancedHead(int labels, double ratio, int classes) {
        if (labels < classes) {
            throw new IllegalArgumentException("labels must be >= " + classes + " (at least one per class) for an "
                    + "IMBALANCED split, found " + labels);
        }
        int head = 1;
        while (head < labels && java.util.Arrays.stream(LabelSplit.longTailCounts(head + 1, ratio, classes)).sum()
                <= labels) {
            head++;
        }
        return head;
    }

    /** The loss of the configured weighting. */
    static ILossFunction loss(FixMatchConfig config) {
        PseudoLabelWeighting w = config.getWeighting() == FixMatchConfig.WeightingKind.HARD
                ? new HardThreshold(config.getTau()) : new SmoothRamp(config.getTau(), config.getMu());
        return new SmoothPseudoLabelLossFunction(w, config.getLambdaU());
    }

    /**
     * The initialised network a run of {@code config} trains: the configured model with the configured loss, SGD
     * Nesterov with FixMatch's cosine schedule over {@code scheduleSteps} and weight decay off BatchNorm and biases.
     *
     * @param config        the run configuration
     * @param train         the training images (input shape and class count)
     * @param seed          the initialisation seed
     * @param scheduleSteps the number of optimiser steps the cosine schedule spans, {@code >= 1}
     * @return a {@link MultiLayerNetwork} or {@link ComputationGraph}
     */
    public static Model buildModel(FixMatchConfig config, ImageDataset train, long seed, int scheduleSteps) {
        Nesterovs updater = new Nesterovs(new FixMatchCosineSchedule(config.getLearningRate(), scheduleSteps),
                config.getMomentum());
        switch (config.getModel()) {
            case SMALL_CNN: {
                MultiLayerConfiguration conf = new SmallCnn.Builder(seed)
                        .inputShape(train.height(), train.width(), train.channels()).numClasses(train.numClasses())
                        .lossFunction(loss(config)).updater(updater).configuration();
                applyWeightDecay(conf, config.getWeightDecay());
                MultiLayerNetwork net = new MultiLayerNetwork(conf);
                net.init();
                return net;
            }
            case WIDE_RESNET_28_2:
                return new WideResNet.Builder(seed).inputShape(train.height(), train.width(), train.channels())
                        .numClasses(train.numClasses()).weightDecay(config.getWeightDecay())
                        .lossFunction(loss(config)).updater(updater).build();
            default:
                throw new IllegalStateException("unknown model " + config.getModel());
        }
    }

    /**
     * Sets L2 weight decay (added to the gradient before the updater, like PyTorch SGD's {@code weight_decay}) on
     * the weights of every layer except batch normalisation; biases are left alone.
     *
     * @param conf        a network configuration, before {@code init()}
     * @param weightDecay the coefficient, {@code >= 0}
     */
    public static void applyWeightDecay(MultiLayerConfiguration conf, double weightDecay) {
        List<Regularization> l2 = weightDecay > 0 ? List.of(new L2Regularization(weightDecay)) : List.of();
        for (int i = 0; i < conf.getConfs().size(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer l = conf.getConf(i).getLayer();
            if (l instanceof BaseLayer && !(l instanceof BatchNormalization)) {
                ((BaseLayer) l).setRegularization(new ArrayList<>(l2));
            }
        }
    }

    private void writeOrCheckConfig(Path file) throws IOException {
        if (Files.exists(file)) {
            FixMatchConfig existing = FixMatchConfig.fromJson(Files.readString(file, StandardCharsets.UTF_8));
            // a run folder that was moved or renamed keeps its run: only outputDir may differ
            if (!existing.toBuilder().outputDir(config.getOutputDir()).build().equals(config)) {
                throw new IllegalArgumentException("the run directory " + file.getParent() + " holds a run with "
                        + "another configuration (" + existing + "): use another outputDir, or the same "
                        + "configuration to resume it");
            }
            if (!existing.getOutputDir().equals(config.getOutputDir())) {
                log.info("the run directory was moved from {} to {}; continuing the run there",
                        existing.getOutputDir(), config.getOutputDir());
                writeAtomically(file, config.toJson());
            }
            return;
        }
        writeAtomically(file, config.toJson());
    }

    private static List<EvaluationRecord> readEvaluations(Path file, long beforeOrAt) throws IOException {
        List<EvaluationRecord> kept = new ArrayList<>();
        if (!Files.exists(file)) {
            return kept;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.equals(EvaluationRecord.CSV_HEADER)) {
                continue;
            }
            try {
                EvaluationRecord e = EvaluationRecord.parse(line);
                if (e.step() <= beforeOrAt) {
                    kept.add(e);
                }
            } catch (IllegalArgumentException e) {
                // a cut last line of a killed run
            }
        }
        StringBuilder sb = new StringBuilder(EvaluationRecord.CSV_HEADER).append(System.lineSeparator());
        for (EvaluationRecord e : kept) {
            sb.append(e.toCsvRow()).append(System.lineSeparator());
        }
        writeAtomically(file, sb.toString());
        return kept;
    }

    private static void appendLine(Path file, String header, String line) throws IOException {
        String text = (Files.exists(file) && Files.size(file) > 0 ? "" : header + System.lineSeparator()) + line
                + System.lineSeparator();
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return "FixMatchTrainer(config=" + config + ")";
    }

    /** Builder of the trainer. */
    public static final class Builder {
        private final FixMatchConfig config;
        private ImageDataset train;
        private ImageDataset test;
        private int testLimit;
        private TrainingProgressListener progress = new TrainingProgressListener() {
        };
        private Augmentation weak = new WeakAugment();
        private Augmentation strong = AugmentationSequence.of(new WeakAugment(), RandAugment.fixMatch());
        private Set<Long> poisonSteps = Set.of();
        private final List<TrainingListener> extraListeners = new ArrayList<>();

        private Builder(FixMatchConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * @param train training images to use instead of reading the configured dataset (its split is then drawn
         *              from these images)
         * @param test  test images to evaluate on
         * @return this builder
         */
        public Builder data(ImageDataset train, ImageDataset test) {
            this.train = Objects.requireNonNull(train, "train");
            this.test = Objects.requireNonNull(test, "test");
            return this;
        }

        /**
         * @param testLimit evaluate on the first {@code testLimit} test images only (0 = all); for quick runs
         * @return this builder
         */
        public Builder testLimit(int testLimit) {
            if (testLimit < 0) {
                throw new IllegalArgumentException("testLimit must be >= 0 (0 = all), found " + testLimit);
            }
            this.testLimit = testLimit;
            return this;
        }

        /** @param progress receives progress events @return this builder */
        public Builder progress(TrainingProgressListener progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * @param weak   the weak view (default flip + translate)
         * @param strong the strong view (default flip + translate, then FixMatch's RandAugment + Cutout)
         * @return this builder
         */
        public Builder augmentations(Augmentation weak, Augmentation strong) {
            this.weak = Objects.requireNonNull(weak, "weak");
            this.strong = Objects.requireNonNull(strong, "strong");
            return this;
        }

        /**
         * Adds DL4J listeners to the network during training, after the EMA teacher and the SSL metrics listener;
         * e.g. DL4J's {@code StatsListener} for the training UI. They are removed when training ends.
         *
         * @param listeners listeners to add, not null
         * @return this builder
         */
        public Builder listeners(TrainingListener... listeners) {
            for (TrainingListener listener : listeners) {
                extraListeners.add(Objects.requireNonNull(listener, "listener"));
            }
            return this;
        }

        /**
         * Fault injection for tests: after the update of each of these 1-based steps, one parameter is set to NaN,
         * as a diverging step would leave it.
         *
         * @param steps the steps to poison
         * @return this builder
         */
        Builder poisonStepsForTests(Set<Long> steps) {
            this.poisonSteps = Set.copyOf(steps);
            return this;
        }

        /** @return the trainer */
        public FixMatchTrainer build() {
            return new FixMatchTrainer(this);
        }
    }
}
