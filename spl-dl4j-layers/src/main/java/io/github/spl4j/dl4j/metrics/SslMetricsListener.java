package io.github.spl4j.dl4j.metrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.spl4j.loss.PseudoLabelDiagnostics;
import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;

/**
 * Records the semi-supervised metrics of every training step ({@link StepMetrics}: Ls, Lu, total loss, mean weight,
 * fraction w &gt; 0, mean confidence, pseudo-label accuracy, learning rate, step time) from the diagnostics of the
 * network's {@link SmoothPseudoLabelLossFunction} (no extra forward pass), and sends them to SLF4J every n steps, to
 * a CSV file (one flushed line per step) and to any number of consumers (a progress bar, the trainer).
 *
 * <p>Pseudo-label accuracy needs the true labels of the batch's unlabelled images, in batch order, from a supplier
 * called once per step, e.g. {@code () -> iterator.lastBatchInfo().unlabeledTrueLabels()}; labels &lt; 0 (unknown)
 * are skipped, and the accuracy is NaN when none is known.
 *
 * <pre>{@code
 * SslMetricsListener metrics = new SslMetricsListener.Builder().logEvery(50).csv(runDir.resolve("metrics.csv"))
 *         .trueLabels(() -> it.lastBatchInfo().unlabeledTrueLabels()).build();
 * net.addListeners(metrics);
 * }</pre>
 *
 * <p>Step time is the wall time between the ends of consecutive steps (data loading included); the first step is
 * timed from {@link #resetTimer()} or the listener's creation. Close the listener to close the CSV file.
 */
public final class SslMetricsListener extends BaseTrainingListener implements AutoCloseable {
    /** Default SLF4J logging interval in steps. */
    public static final int DEFAULT_LOG_EVERY = 100;

    private static final Logger log = LoggerFactory.getLogger(SslMetricsListener.class);

    private final int logEvery;
    private final Path csv;
    private final Supplier<int[]> trueLabels;
    private final List<Consumer<StepMetrics>> consumers;
    private BufferedWriter csvWriter;
    private long lastNanos = System.nanoTime();
    private StepMetrics last;

    private SslMetricsListener(Builder b) {
        this.logEvery = b.logEvery;
        this.csv = b.csv;
        this.trueLabels = b.trueLabels;
        this.consumers = List.copyOf(b.consumers);
    }

    /** Starts timing the next step now (call right before the training loop, after setup). */
    public void resetTimer() {
        lastNanos = System.nanoTime();
    }

    /** @return the metrics of the latest step, or null before the first */
    public StepMetrics last() {
        return last;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        long now = System.nanoTime();
        double seconds = (now - lastNanos) / 1e9;
        StepMetrics m = measure(model, iteration, epoch, seconds);
        last = m;
        if (csv != null) {
            appendCsv(m);
        }
        if (logEvery > 0 && (iteration + 1) % logEvery == 0) {
            log.info(String.format(Locale.ROOT, "step %d: loss %.4f (Ls %.4f, Lu %.4f), mean weight %.3f, "
                    + "w>0 %.3f, confidence %.3f, pseudo-label acc %.3f, lr %.5f, %.3f s/step", iteration + 1,
                    m.totalLoss(), m.supervisedLoss(), m.unsupervisedLoss(), m.meanWeight(), m.fractionWeighted(),
                    m.meanConfidence(), m.pseudoLabelAccuracy(), m.learningRate(), m.stepSeconds()));
        }
        for (Consumer<StepMetrics> c : consumers) {
            c.accept(m);
        }
        // timing excludes this listener's own work
        lastNanos = System.nanoTime();
    }

    private StepMetrics measure(Model model, int iteration, int epoch, double seconds) {
        double score = model.score();
        PseudoLabelDiagnostics d = findLoss(model).flatMap(SmoothPseudoLabelLossFunction::getLastDiagnostics)
                .orElse(null);
        double lr = learningRate(model, iteration, epoch);
        if (d == null) {
            return new StepMetrics(iteration, Double.NaN, Double.NaN, score, score, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, lr, seconds);
        }
        return new StepMetrics(iteration, d.getSupervisedLoss(), d.getUnsupervisedLoss(), d.getTotalLoss(), score,
                d.getMeanWeight(), d.getFractionWeighted(), d.getMeanConfidence(), accuracy(d), lr, seconds);
    }

    private double accuracy(PseudoLabelDiagnostics d) {
        if (trueLabels == null || d.getUnlabeledCount() == 0) {
            return Double.NaN;
        }
        int[] truth = trueLabels.get();
        if (truth == null) {
            return Double.NaN;
        }
        if (truth.length != d.getUnlabeledCount()) {
            throw new IllegalStateException("the true-label supplier gave " + truth.length + " labels but the batch "
                    + "has " + d.getUnlabeledCount() + " unlabelled images: it must give them in batch order");
        }
        int[] pseudo = d.getPseudoLabels();
        int known = 0;
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] >= 0) {
                known++;
                if (truth[i] == pseudo[i]) {
                    correct++;
                }
            }
        }
        return known == 0 ? Double.NaN : correct / (double) known;
    }

    private static Layer[] layers(Model model) {
        if (model instanceof MultiLayerNetwork) {
            return ((MultiLayerNetwork) model).getLayers();
        }
        if (model instanceof ComputationGraph) {
            return ((ComputationGraph) model).getLayers();
        }
        return new Layer[0];
    }

    /**
     * @param model a network
     * @return the first {@link SmoothPseudoLabelLossFunction} of its output or loss layers, if any
     */
    public static java.util.Optional<SmoothPseudoLabelLossFunction> findLoss(Model model) {
        for (Layer l : layers(model)) {
            org.deeplearning4j.nn.conf.layers.Layer conf = l.conf().getLayer();
            ILossFunction fn = conf instanceof BaseOutputLayer ? ((BaseOutputLayer) conf).getLossFn()
                    : conf instanceof LossLayer ? ((LossLayer) conf).getLossFn() : null;
            if (fn instanceof SmoothPseudoLabelLossFunction) {
                return java.util.Optional.of((SmoothPseudoLabelLossFunction) fn);
            }
        }
        return java.util.Optional.empty();
    }

    /** The learning rate of the first trainable parameter with one (all share it in spl4j's models). */
    private static double learningRate(Model model, int iteration, int epoch) {
        for (Layer l : layers(model)) {
            for (String p : l.paramTable().keySet()) {
                IUpdater u = l.conf().getLayer().getUpdaterByParam(p);
                if (u != null && u.hasLearningRate()) {
                    return u.getLearningRate(iteration, epoch);
                }
            }
        }
        return Double.NaN;
    }

    private void appendCsv(StepMetrics m) {
        try {
            if (csvWriter == null) {
                boolean fresh = !Files.exists(csv) || Files.size(csv) == 0;
                csvWriter = Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                if (fresh) {
                    csvWriter.write(StepMetrics.CSV_HEADER);
                    csvWriter.newLine();
                }
            }
            // one whole line per write and flush: a killed run leaves at most a cut last line
            csvWriter.write(m.toCsvRow() + System.lineSeparator());
            csvWriter.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the metrics file " + csv + ": " + e.getMessage()
                    + " (is the disk full?)", e);
        }
    }

    /**
     * Cuts a metrics CSV back to the rows of steps before {@code step} (and drops a cut last line), so that a run
     * resumed from a checkpoint at {@code step} does not record steps twice. Writes a temporary file and renames it.
     *
     * @param file the CSV written by this listener; nothing happens if it does not exist
     * @param step the first step to drop, {@code >= 0}
     * @throws UncheckedIOException if the file cannot be read or written
     */
    public static void truncateCsv(Path file, long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, found " + step);
        }
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.equals(StepMetrics.CSV_HEADER)) {
                    kept.add(line);
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != StepMetrics.CSV_HEADER.split(",").length) {
                    continue;
                }
                try {
                    if (Long.parseLong(cells[0]) < step) {
                        kept.add(line);
                    }
                } catch (NumberFormatException e) {
                    // a cut line from a killed run: drop it
                }
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, kept, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate the metrics file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closes the CSV file. */
    @Override
    public void close() {
        if (csvWriter != null) {
            try {
                csvWriter.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the metrics file " + csv, e);
            } finally {
                csvWriter = null;
            }
        }
    }

    @Override
    public String toString() {
        return "SslMetricsListener(logEvery=" + logEvery + ", csv=" + csv + ", trueLabels="
                + (trueLabels != null) + ")";
    }

    /** Builder; setters validate their value. */
    public static final class Builder {
        private int logEvery = DEFAULT_LOG_EVERY;
        private Path csv;
        private Supplier<int[]> trueLabels;
        private final List<Consumer<StepMetrics>> consumers = new ArrayList<>();

        /**
         * @param logEvery log to SLF4J (INFO) every this many steps, {@code >= 0}; 0 turns logging off
         * @return this builder
         */
        public Builder logEvery(int logEvery) {
            if (logEvery < 0) {
                throw new IllegalArgumentException("logEvery must be >= 0 (0 = off), found " + logEvery);
            }
            this.logEvery = logEvery;
            return this;
        }

        /** @param csv file to append one line per step to (created with a header if new) @return this builder */
        public Builder csv(Path csv) {
            this.csv = Objects.requireNonNull(csv, "csv");
            return this;
        }

        /**
         * @param trueLabels gives the true labels of the current batch's unlabelled images in batch order (negative =
         *                   unknown), or null when unknown
         * @return this builder
         */
        public Builder trueLabels(Supplier<int[]> trueLabels) {
            this.trueLabels = Objects.requireNonNull(trueLabels, "trueLabels");
            return this;
        }

        /** @param consumer receives every step's metrics on the training thread @return this builder */
        public Builder consumer(Consumer<StepMetrics> consumer) {
            consumers.add(Objects.requireNonNull(consumer, "consumer"));
            return this;
        }

        /** @return the listener */
        public SslMetricsListener build() {
            return new SslMetricsListener(this);
        }
    }
}
