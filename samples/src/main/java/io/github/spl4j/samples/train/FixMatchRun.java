package io.github.spl4j.samples.train;

import io.github.spl4j.augment.AugmentationSequence;
import io.github.spl4j.augment.WeakAugment;
import io.github.spl4j.data.ChannelNormalization;
import io.github.spl4j.data.EvaluationDataSetIterator;
import io.github.spl4j.data.FixMatchDataSetIterator;
import io.github.spl4j.data.ImageFormat;
import io.github.spl4j.data.LabelSplit;
import io.github.spl4j.dl4j.ema.EmaTeacherListener;
import io.github.spl4j.dl4j.models.SmallCnn;
import io.github.spl4j.loss.PseudoLabelDiagnostics;
import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;
import io.github.spl4j.samples.cli.TrainSettings;
import io.github.spl4j.samples.report.RunReport;
import io.github.spl4j.weighting.HardThreshold;
import io.github.spl4j.weighting.PseudoLabelWeighting;
import io.github.spl4j.weighting.SmoothRamp;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Smooth FixMatch / FixMatch job written into a run folder, started fresh or resumed from its last checkpoint.
 *
 * <p>Run folder: {@code config.json} (the settings), {@code split.json} (the label split), {@code metrics.csv} (one
 * row per step; test errors on evaluation rows), {@code checkpoints/step-NNNNNNN/} (student with updater state, EMA
 * shadow, step; the last {@value #KEEP_CHECKPOINTS} kept; written to a temporary folder and renamed),
 * {@code model.zip} (final student), {@code teacher.zip} (final EMA teacher), {@code confidences.csv} (the teacher's
 * confidence on up to {@value #CONFIDENCE_IMAGES} unlabelled images), {@code report.md} and the plots.
 *
 * <p>Evaluation uses the EMA teacher (with DL4J's {@link Evaluation}) and also reports the student. The stop flag is
 * polled after every step: when it is raised the run writes a checkpoint and returns {@link Outcome#INTERRUPTED}.
 */
public final class FixMatchRun {
    /** Settings file. */
    public static final String CONFIG = RunReport.CONFIG;
    /** Split file. */
    public static final String SPLIT = "split.json";
    /** Metrics file. */
    public static final String METRICS = RunReport.METRICS;
    /** Checkpoint folder. */
    public static final String CHECKPOINTS = "checkpoints";
    /** Final student. */
    public static final String MODEL = "model.zip";
    /** Final EMA teacher. */
    public static final String TEACHER = "teacher.zip";
    /** Header of metrics.csv. */
    public static final String METRICS_HEADER = "step,loss,ls,lu,mean_weight,fraction_weighted,mean_confidence,lr,"
            + "elapsed_seconds,teacher_error,student_error";
    /** Per-channel normalisation of the inputs (JSON: mean and std arrays on the [0, 1] scale). */
    public static final String NORMALIZATION = "normalization.json";
    /** Checkpoints kept. */
    public static final int KEEP_CHECKPOINTS = 2;
    /** Unlabelled images whose confidence goes into the histogram. */
    public static final int CONFIDENCE_IMAGES = 2000;
    /** Rows per evaluation batch. */
    public static final int EVAL_BATCH = 500;
    /** Nesterov momentum (FixMatch's). */
    public static final double MOMENTUM = 0.9;

    private static final Logger LOG = LoggerFactory.getLogger(FixMatchRun.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE = "state.json";
    private static final String CHECKPOINT_MODEL = "model.zip";
    private static final String CHECKPOINT_EMA = "ema-shadow.bin";

    /** How a run ended. */
    public enum Outcome {
        /** All steps done, final model and report written. */
        COMPLETED,
        /** Stopped on request after writing a checkpoint; resume continues it. */
        INTERRUPTED
    }

    private final TrainSettings settings;
    private final Path runDir;
    private final RunListener listener;
    private final BooleanSupplier stopRequested;

    /**
     * @param settings      the settings (for a resume: those read from the run folder)
     * @param runDir        the run folder
     * @param listener      progress sink
     * @param stopRequested polled after every step; true = checkpoint and stop
     */
    public FixMatchRun(TrainSettings settings, Path runDir, RunListener listener, BooleanSupplier stopRequested) {
        this.settings = settings;
        this.runDir = runDir;
        this.listener = listener;
        this.stopRequested = stopRequested;
    }

    /**
     * Reads the settings of an existing run folder.
     *
     * @param runDir the run folder
     * @return its settings
     * @throws IllegalArgumentException if the folder has no readable config.json
     */
    public static TrainSettings settingsOf(Path runDir) {
        Path config = runDir.resolve(CONFIG);
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("RUN_DIR must be a run folder with " + CONFIG + ", found none in "
                    + runDir);
        }
        return TrainSettings.readJson(config).build();
    }

    /**
     * @param runDir a run folder
     * @return true if it holds a completed run (its final model and report)
     */
    public static boolean isComplete(Path runDir) {
        return Files.isRegularFile(runDir.resolve(MODEL)) && Files.isRegularFile(runDir.resolve(RunReport.REPORT));
    }

    /**
     * Trains from step 0 ({@code resume = false}; the folder must not hold a run yet) or from the last checkpoint.
     *
     * @param resume continue from the last checkpoint
     * @return how the run ended
     * @throws IOException if a file cannot be written
     * @throws IllegalArgumentException if the folder already holds a run (fresh start) or has no valid checkpoint
     */
    public Outcome run(boolean resume) throws IOException {
        long t0 = System.nanoTime();
        RunData data = RunData.load(settings);
        RunData.RunSeeds seeds = RunData.RunSeeds.of(settings.seed());
        Files.createDirectories(runDir);
        LabelSplit split;
        MultiLayerNetwork net;
        EmaTeacherListener ema = new EmaTeacherListener.Builder().decay(settings.emaDecay()).build();
        long step;
        double elapsedBefore;
        if (!resume) {
            if (Files.exists(runDir.resolve(METRICS)) || Files.exists(runDir.resolve(CONFIG))) {
                throw new IllegalArgumentException("out must be a new or empty folder, found a run in " + runDir
                        + ": resume it with spl resume " + runDir + " or choose another --out");
            }
            writeAtomically(runDir.resolve(CONFIG), settings.toJson());
            split = RunData.split(settings, data.train());
            split.save(runDir.resolve(SPLIT));
            net = newNetwork(settings, data, seeds);
            ema.initialize(net);
            Files.writeString(runDir.resolve(METRICS), METRICS_HEADER + "\n", StandardCharsets.UTF_8);
            step = 0;
            elapsedBefore = 0;
        } else {
            split = LabelSplit.load(runDir.resolve(SPLIT), data.train());
            Path checkpoint = latestCheckpoint(runDir).orElseThrow(() -> new IllegalArgumentException(
                    "RUN_DIR must hold a checkpoint to resume from, found none in " + runDir.resolve(CHECKPOINTS)));
            JsonNode state = JSON.readTree(checkpoint.resolve(STATE).toFile());
            step = state.get("step").asLong();
            elapsedBefore = state.get("elapsedSeconds").asDouble();
            net = ModelSerializer.restoreMultiLayerNetwork(checkpoint.resolve(CHECKPOINT_MODEL).toFile(), true);
            ema.initialize(net);
            INDArray shadow = Nd4j.readBinary(checkpoint.resolve(CHECKPOINT_EMA).toFile());
            ema.restore(new EmaTeacherListener.State(shadow, state.get("emaUpdates").asLong()));
            truncateMetrics(runDir.resolve(METRICS), step);
            LOG.info("Resuming {} at step {} from {}", runDir, step, checkpoint);
        }
        net.setListeners(ema);
        LOG.info("Settings: {}", settings);
        ChannelNormalization norm = ChannelNormalization.compute(data.train(), split.unlabeled());
        if (!resume) {
            writeAtomically(runDir.resolve(NORMALIZATION), normalizationJson(norm));
        }
        SmoothPseudoLabelLossFunction loss = lossOf(net);
        CosineSchedule schedule = new CosineSchedule(settings.learningRate(), settings.steps());
        listener.started(step, settings.steps());
        Outcome outcome = Outcome.COMPLETED;
        try (FixMatchDataSetIterator it = FixMatchDataSetIterator.builder().dataset(data.train()).split(split)
                .batchSize(settings.batch()).unlabeledRatio(settings.unlabeledRatio()).weak(new WeakAugment())
                .strong(AugmentationSequence.fixMatchStrong()).normalization(norm).format(ImageFormat.NHWC)
                .seed(seeds.iterator()).startStep(step).build();
             BufferedWriter metrics = Files.newBufferedWriter(runDir.resolve(METRICS), StandardCharsets.UTF_8,
                     StandardOpenOption.APPEND)) {
            EvaluationDataSetIterator testIt = new EvaluationDataSetIterator(data.test(), null, EVAL_BATCH, norm,
                    ImageFormat.NHWC);
            while (step < settings.steps()) {
                DataSet batch = it.next();
                double lr = schedule.valueAt(net.getIterationCount(), net.getEpochCount());
                net.fit(batch);
                step++;
                double elapsed = elapsedBefore + (System.nanoTime() - t0) / 1e9;
                PseudoLabelDiagnostics d = loss.getLastDiagnostics().orElseThrow(() -> new IllegalStateException(
                        "the loss recorded no diagnostics for step " + net.getIterationCount()));
                RunListener.Step row = new RunListener.Step(step, d.getTotalLoss(), d.getSupervisedLoss(),
                        d.getUnsupervisedLoss(), d.getMeanWeight(), d.getFractionWeighted(), d.getMeanConfidence(), lr,
                        elapsed);
                if (!Double.isFinite(row.loss())) {
                    throw new IllegalStateException("loss is " + row.loss() + " at step " + step
                            + ": lower --lr or check the data; the last checkpoint is intact");
                }
                String errors = ",";
                if (step % settings.evalEvery() == 0 || step == settings.steps()) {
                    double teacherError = error(ema.teacher(), testIt);
                    double studentError = error(net, testIt);
                    errors = fmt(teacherError) + "," + fmt(studentError);
                    listener.evaluated(step, teacherError, studentError);
                }
                metrics.write(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%s,%.3f,%s%n", step, fmt(row.loss()),
                        fmt(row.ls()), fmt(row.lu()), fmt(row.meanWeight()), fmt(row.fractionWeighted()),
                        fmt(row.meanConfidence()), fmt(lr), elapsed, errors));
                metrics.flush();
                listener.stepDone(row);
                boolean stop = stopRequested.getAsBoolean();
                if (step % settings.checkpointEvery() == 0 || stop || step == settings.steps()) {
                    Path cp = checkpoint(net, ema, step, elapsed);
                    listener.checkpointed(step, cp);
                }
                if (stop && step < settings.steps()) {
                    outcome = Outcome.INTERRUPTED;
                    break;
                }
            }
            if (outcome == Outcome.COMPLETED) {
                ModelSerializer.writeModel(net, runDir.resolve(MODEL).toFile(), false);
                ModelSerializer.writeModel(ema.teacher(), runDir.resolve(TEACHER).toFile(), false);
                writeConfidences((MultiLayerNetwork) ema.teacher(), data, split, norm);
                RunReport.write(runDir, RunReport.DEFAULT_MEDIAN_OF);
            }
        } finally {
            listener.finished();
        }
        return outcome;
    }

    private static String normalizationJson(ChannelNormalization norm) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.putPOJO("mean", norm.mean());
        n.putPOJO("std", norm.std());
        return JSON.writeValueAsString(n);
    }

    /**
     * Reads the normalisation a run trained with.
     *
     * @param file a {@value #NORMALIZATION} file
     * @return the normalisation
     * @throws IOException if it cannot be read
     */
    public static ChannelNormalization readNormalization(Path file) throws IOException {
        JsonNode n = JSON.readTree(file.toFile());
        return new ChannelNormalization(JSON.treeToValue(n.get("mean"), double[].class),
                JSON.treeToValue(n.get("std"), double[].class));
    }

    private static MultiLayerNetwork newNetwork(TrainSettings s, RunData data, RunData.RunSeeds seeds) {
        if (s.model() != TrainSettings.Model.SMALLCNN) {
            throw new IllegalArgumentException("model must be smallcnn in this version, found " + s.model()
                    + ": WideResNet-28-2 arrives with the trainer of issue 6");
        }
        PseudoLabelWeighting weighting = s.weighting() == TrainSettings.Weighting.HARD
                ? new HardThreshold(s.tau()) : new SmoothRamp(s.tau(), s.mu());
        return new SmallCnn.Builder(seeds.init())
                .inputShape(data.train().height(), data.train().width(), data.train().channels())
                .numClasses(data.train().numClasses())
                .lossFunction(new SmoothPseudoLabelLossFunction(weighting, s.lambdaU()))
                .updater(new Nesterovs(new CosineSchedule(s.learningRate(), s.steps()), MOMENTUM))
                .build();
    }

    private static SmoothPseudoLabelLossFunction lossOf(MultiLayerNetwork net) {
        BaseOutputLayer out = (BaseOutputLayer) net.getOutputLayer().conf().getLayer();
        return (SmoothPseudoLabelLossFunction) out.getLossFn();
    }

    private static double error(Model model, EvaluationDataSetIterator it) {
        it.reset();
        Evaluation e = ((MultiLayerNetwork) model).evaluate(it);
        it.reset();
        return 1.0 - e.accuracy();
    }

    private void writeConfidences(MultiLayerNetwork teacher, RunData data, LabelSplit split,
                                  ChannelNormalization norm) throws IOException {
        int[] unlabeled = Arrays.stream(split.unlabeled()).filter(i -> data.train().label(i) >= 0)
                .limit(CONFIDENCE_IMAGES).toArray();
        if (unlabeled.length == 0) {
            return;
        }
        EvaluationDataSetIterator it = new EvaluationDataSetIterator(data.train(), unlabeled, EVAL_BATCH, norm,
                ImageFormat.NHWC);
        StringBuilder sb = new StringBuilder("confidence\n");
        while (it.hasNext()) {
            INDArray p = teacher.output(it.next().getFeatures());
            INDArray max = p.max(1);
            for (long i = 0; i < max.length(); i++) {
                sb.append(fmt(max.getDouble(i))).append('\n');
            }
        }
        writeAtomically(runDir.resolve(RunReport.CONFIDENCES), sb.toString());
    }

    private Path checkpoint(MultiLayerNetwork net, EmaTeacherListener ema, long step, double elapsed)
            throws IOException {
        Path dir = runDir.resolve(CHECKPOINTS);
        Files.createDirectories(dir);
        Path target = dir.resolve(String.format(Locale.ROOT, "step-%07d", step));
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        ModelSerializer.writeModel(net, tmp.resolve(CHECKPOINT_MODEL).toFile(), true);
        EmaTeacherListener.State s = ema.snapshot();
        Nd4j.saveBinary(s.getShadow(), tmp.resolve(CHECKPOINT_EMA).toFile());
        ObjectNode state = JSON.createObjectNode();
        state.put("step", step);
        state.put("elapsedSeconds", elapsed);
        state.put("emaUpdates", s.getUpdates());
        Files.writeString(tmp.resolve(STATE), JSON.writeValueAsString(state), StandardCharsets.UTF_8);
        deleteTree(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        List<Path> all = checkpoints(runDir);
        for (int i = 0; i < all.size() - KEEP_CHECKPOINTS; i++) {
            deleteTree(all.get(i));
        }
        return target;
    }

    /**
     * @param runDir a run folder
     * @return its complete checkpoints, oldest first
     * @throws IOException if the folder cannot be listed
     */
    public static List<Path> checkpoints(Path runDir) throws IOException {
        Path dir = runDir.resolve(CHECKPOINTS);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().matches("step-\\d+"))
                    .filter(p -> Files.isRegularFile(p.resolve(STATE)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList());
        }
    }

    private static Optional<Path> latestCheckpoint(Path runDir) throws IOException {
        List<Path> all = checkpoints(runDir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Drops metrics rows logged after the checkpoint a resume starts from (they will be logged again). */
    private static void truncateMetrics(Path metrics, long step) throws IOException {
        List<String> lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank() && Long.parseLong(line.substring(0, line.indexOf(','))) <= step) {
                sb.append(line).append('\n');
            }
        }
        writeAtomically(metrics, sb.toString());
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
