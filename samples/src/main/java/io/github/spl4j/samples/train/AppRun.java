package io.github.spl4j.samples.train;

import io.github.spl4j.data.ChannelNormalization;
import io.github.spl4j.data.EvaluationDataSetIterator;
import io.github.spl4j.data.ImageFormat;
import io.github.spl4j.data.LabelSplit;
import io.github.spl4j.dl4j.checkpoint.CheckpointStore;
import io.github.spl4j.dl4j.train.EvaluationRecord;
import io.github.spl4j.dl4j.train.FixMatchConfig;
import io.github.spl4j.dl4j.train.FixMatchTrainer;
import io.github.spl4j.dl4j.train.TrainingProgressListener;
import io.github.spl4j.dl4j.train.TrainingResult;
import io.github.spl4j.dl4j.metrics.StepMetrics;
import io.github.spl4j.samples.report.RunReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * One {@code spl train} / {@code spl resume} run: reads the data the {@link RunSource} names, runs
 * {@link FixMatchTrainer} (which writes config.json, split.json, metrics.csv, evaluations.csv, checkpoints, the
 * final student and teacher and report.txt), stops cleanly on Ctrl-C through the trainer's shutdown hook, and on
 * completion adds {@value #NORMALIZATION}, {@value RunReport#CONFIDENCES}, {@code report.md} and the plots.
 */
public final class AppRun {
    /** Final student, as the trainer names it. */
    public static final String STUDENT = "model-student.zip";
    /** Final EMA teacher, as the trainer names it. */
    public static final String TEACHER = "model-teacher.zip";
    /** Per-channel normalisation of the inputs (mean and std arrays on the [0, 1] scale). */
    public static final String NORMALIZATION = "normalization.json";
    /** Checkpoint folder, as the trainer names it. */
    public static final String CHECKPOINTS = "checkpoints";
    /** Unlabelled images whose final confidence goes into the histogram. */
    public static final int CONFIDENCE_IMAGES = 2000;
    private static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AppRun() {
    }

    /**
     * @param runDir a run folder
     * @return true if it holds a completed run (final student and report.md)
     */
    public static boolean isComplete(Path runDir) {
        return Files.isRegularFile(runDir.resolve(STUDENT)) && Files.isRegularFile(runDir.resolve(RunReport.REPORT));
    }

    /**
     * @param runDir a run folder
     * @return its checkpoint files, oldest first (empty if none)
     */
    public static List<Path> checkpoints(Path runDir) {
        Path dir = runDir.resolve(CHECKPOINTS);
        return Files.isDirectory(dir) ? new CheckpointStore(dir, 1).list() : List.of();
    }

    /**
     * Runs (or, if the folder has checkpoints, resumes) a run.
     *
     * @param config    the trainer's configuration (its outputDir is the run folder)
     * @param source    where the images come from
     * @param progress  progress sink
     * @param stopAfter stop as if Ctrl-C came after this many steps of this process (0 = never; for tests)
     * @param control   Ctrl-C handling; the trainer's stop request is registered with it
     * @param listeners extra DL4J listeners for the network during training (e.g. the training UI's)
     * @return the trainer's result
     * @throws IOException if a file cannot be written
     * @throws IllegalArgumentException if the folder belongs to another configuration or data source
     */
    public static TrainingResult run(FixMatchConfig config, RunSource source, TrainingProgressListener progress,
                                     long stopAfter, RunControl control, List<TrainingListener> listeners)
            throws IOException {
        Path runDir = Path.of(config.getOutputDir());
        createWritableFolder(runDir);
        RunSource saved = RunSource.load(runDir);
        if (saved != null && !saved.equals(source)) {
            throw new IllegalArgumentException("RUN_DIR holds a run with data " + saved + ", found " + source
                    + ": use another --out");
        }
        RunData data = RunData.load(source, config.getSeed());
        source.save(runDir);
        AtomicReference<FixMatchTrainer> trainer = new AtomicReference<>();
        long[] first = {-1};
        TrainingProgressListener stopping = new TrainingProgressListener() {
            @Override
            public void onStart(FixMatchConfig c, long startStep) {
                first[0] = startStep;
                progress.onStart(c, startStep);
            }

            @Override
            public void onStep(long stepsDone, long totalSteps, StepMetrics metrics) {
                progress.onStep(stepsDone, totalSteps, metrics);
                if (stopAfter > 0 && stepsDone - first[0] >= stopAfter) {
                    trainer.get().requestStop();
                }
            }

            @Override
            public void onEvaluation(EvaluationRecord evaluation) {
                progress.onEvaluation(evaluation);
            }

            @Override
            public void onCheckpoint(long step, Path file) {
                progress.onCheckpoint(step, file);
            }

            @Override
            public void onFinish(TrainingResult result) {
                progress.onFinish(result);
            }
        };
        trainer.set(FixMatchTrainer.builder(config).data(data.train(), data.test()).progress(stopping)
                .listeners(listeners.toArray(new TrainingListener[0])).build());
        control.onStop(trainer.get()::requestStop);
        TrainingResult result = trainer.get().run();
        if (!result.interrupted()) {
            LabelSplit split = LabelSplit.load(runDir.resolve("split.json"), data.train());
            ChannelNormalization norm = ChannelNormalization.compute(data.train(), split.unlabeled());
            writeAtomically(runDir.resolve(NORMALIZATION), normalizationJson(norm));
            writeConfidences(runDir, data, split, norm);
            RunReport.write(runDir, config.getMedianOfLast());
        }
        return result;
    }

    /**
     * Creates a run folder and checks that it can be written, before any data is read or any step is trained.
     *
     * @param dir the folder
     * @throws IOException with a message naming the folder and the reason (a parent that is a file, a read-only or
     *                     full file system)
     */
    public static void createWritableFolder(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new IOException("cannot write the run folder " + dir + ": " + p + " is a file, not a folder; "
                        + "choose another --out");
            }
        }
        Path probe = dir.resolve(".spl-write-test");
        try {
            Files.createDirectories(dir);
            Files.write(probe, new byte[4096]);
        } catch (IOException e) {
            throw new IOException("cannot write the run folder " + dir + " (" + e + "); choose another --out or "
                    + "free disk space", e);
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // the error above (if any) is the one to report
            }
        }
    }

    /**
     * Loads a saved model of either network kind.
     *
     * @param file a model written by the trainer
     * @return the network
     * @throws IOException if it cannot be read
     */
    public static Model loadModel(Path file) throws IOException {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        } catch (RuntimeException | IOException notMultiLayer) {
            return ModelSerializer.restoreComputationGraph(file.toFile(), false);
        }
    }

    /**
     * @param model a network
     * @param x     features
     * @return softmax outputs
     */
    public static INDArray output(Model model, INDArray x) {
        return model instanceof MultiLayerNetwork m ? m.output(x) : ((ComputationGraph) model).outputSingle(x);
    }

    private static void writeConfidences(Path runDir, RunData data, LabelSplit split, ChannelNormalization norm)
            throws IOException {
        int[] unlabeled = Arrays.stream(split.unlabeled()).filter(i -> data.train().label(i) >= 0)
                .limit(CONFIDENCE_IMAGES).toArray();
        if (unlabeled.length == 0) {
            return;
        }
        Model teacher = loadModel(runDir.resolve(TEACHER));
        EvaluationDataSetIterator it = new EvaluationDataSetIterator(data.train(), unlabeled, BATCH, norm,
                ImageFormat.NHWC);
        StringBuilder sb = new StringBuilder("confidence\n");
        while (it.hasNext()) {
            INDArray max = output(teacher, it.next().getFeatures()).max(1);
            for (long i = 0; i < max.length(); i++) {
                sb.append(String.format(Locale.ROOT, "%.6g%n", max.getDouble(i)));
            }
        }
        writeAtomically(runDir.resolve(RunReport.CONFIDENCES), sb.toString());
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

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
