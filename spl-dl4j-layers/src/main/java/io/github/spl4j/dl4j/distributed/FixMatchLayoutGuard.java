package io.github.spl4j.dl4j.distributed;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import io.github.spl4j.data.FixMatchBatchLayout;
import io.github.spl4j.loss.PseudoLabelDiagnostics;
import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Makes sure every FixMatch minibatch reaches the loss whole, with the expected layout
 * {@code [B labelled | N weak | N strong]}, when training is distributed.
 *
 * <p>Distributed trainers (DL4J's {@code ParallelWrapper}, dl4j-spark's training masters) may re-batch data: a FixMatch
 * minibatch cut into pieces can still look like a valid layout to the loss (for example its first half is B labelled
 * rows and an even number of weak rows) and would train silently on wrong pairs. This guard compares against the
 * layout the batches were built with, in two places:
 * <ul>
 *   <li>{@link #check(DataSet)} on a batch before it is handed to the trainer (driver side);</li>
 *   <li>as a {@link org.deeplearning4j.optimize.api.TrainingListener} on the network: after every iteration it reads
 *       what each {@link SmoothPseudoLabelLossFunction} of the model saw ({@link
 *       SmoothPseudoLabelLossFunction#getLastDiagnostics()}) and throws {@link IllegalStateException} if B or N differ
 *       (worker side; in Spark the task, and so the job, fails with that message).</li>
 * </ul>
 *
 * <p>Stateless apart from a counter of checked iterations, so one instance may be shared by several worker threads;
 * serializable so that Spark can ship it to executors.
 */
public final class FixMatchLayoutGuard extends BaseTrainingListener implements Serializable {
    private static final long serialVersionUID = 1L;

    private final FixMatchBatchLayout expected;
    private final AtomicLong checkedIterations = new AtomicLong();

    /**
     * @param expected the layout every minibatch must have
     * @throws NullPointerException if {@code expected} is null
     */
    public FixMatchLayoutGuard(FixMatchBatchLayout expected) {
        this.expected = Objects.requireNonNull(expected, "expected layout must not be null");
    }

    /** @return the layout every minibatch must have */
    public FixMatchBatchLayout expected() {
        return expected;
    }

    /** @return how many training iterations this instance has checked so far (all threads of this JVM) */
    public long checkedIterations() {
        return checkedIterations.get();
    }

    /**
     * Checks one FixMatch minibatch before training on it.
     *
     * @param batch a FixMatch minibatch
     * @throws IllegalArgumentException if the batch is null, has no labels, is not a FixMatch layout, or its layout
     *                                  differs from {@link #expected()}; the message names both layouts
     */
    public void check(DataSet batch) {
        if (batch == null || batch.getLabels() == null) {
            throw new IllegalArgumentException("a FixMatch minibatch with labels is required, found "
                    + (batch == null ? "null" : "a DataSet without labels"));
        }
        FixMatchBatchLayout found = FixMatchBatchLayout.infer(batch.getLabels());
        if (!found.equals(expected) || batch.getFeatures().size(0) != expected.rows()) {
            throw new IllegalArgumentException(mismatch(found.labeledCount(), found.unlabeledCount(),
                    batch.getFeatures().size(0)));
        }
    }

    /**
     * Checks what the model's FixMatch loss saw in the iteration that just finished.
     *
     * @throws IllegalStateException if the model has no {@link SmoothPseudoLabelLossFunction} output, if the loss was
     *                               not called, or if it saw another layout than {@link #expected()}
     */
    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        List<SmoothPseudoLabelLossFunction> losses = fixMatchLosses(model);
        if (losses.isEmpty()) {
            throw new IllegalStateException("FixMatchLayoutGuard needs a model whose output layer uses "
                    + "SmoothPseudoLabelLossFunction, found none in " + model.getClass().getSimpleName());
        }
        for (SmoothPseudoLabelLossFunction loss : losses) {
            PseudoLabelDiagnostics seen = loss.getLastDiagnostics().orElseThrow(() -> new IllegalStateException(
                    "the FixMatch loss has not been called before iteration " + iteration + " ended"));
            if (seen.getLabeledCount() != expected.labeledCount()
                    || seen.getUnlabeledCount() != expected.unlabeledCount()) {
                throw new IllegalStateException("iteration " + iteration + ": "
                        + mismatch(seen.getLabeledCount(), seen.getUnlabeledCount(),
                        seen.getLabeledCount() + 2L * seen.getUnlabeledCount()));
            }
        }
        checkedIterations.incrementAndGet();
    }

    private String mismatch(int labeled, int unlabeled, long rows) {
        return "FixMatch minibatch was split, merged or reordered on its way to the loss: expected " + expected
                + " (" + expected.rows() + " rows), found B = " + labeled + ", N = " + unlabeled + " (" + rows
                + " rows). Give each worker whole FixMatch minibatches (one minibatch per record, no repartitioning "
                + "of rows, batch size per worker = " + expected.rows() + ")";
    }

    /**
     * @param model a MultiLayerNetwork or ComputationGraph
     * @return the FixMatch losses of its output layers (empty if none)
     */
    static List<SmoothPseudoLabelLossFunction> fixMatchLosses(Model model) {
        List<SmoothPseudoLabelLossFunction> found = new ArrayList<>();
        Layer[] layers;
        if (model instanceof MultiLayerNetwork) {
            layers = new Layer[] {((MultiLayerNetwork) model).getOutputLayer()};
        } else if (model instanceof ComputationGraph) {
            ComputationGraph graph = (ComputationGraph) model;
            layers = new Layer[graph.getNumOutputArrays()];
            for (int i = 0; i < layers.length; i++) {
                layers[i] = graph.getOutputLayer(i);
            }
        } else {
            return found;
        }
        for (Layer layer : layers) {
            ILossFunction loss = lossOf(layer);
            if (loss instanceof SmoothPseudoLabelLossFunction) {
                found.add((SmoothPseudoLabelLossFunction) loss);
            }
        }
        return found;
    }

    private static ILossFunction lossOf(Layer layer) {
        if (layer == null || layer.conf() == null) {
            return null;
        }
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf instanceof BaseOutputLayer) {
            return ((BaseOutputLayer) conf).getLossFn();
        }
        if (conf instanceof LossLayer) {
            return ((LossLayer) conf).getLossFn();
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixMatchLayoutGuard && ((FixMatchLayoutGuard) o).expected.equals(expected);
    }

    @Override
    public int hashCode() {
        return expected.hashCode();
    }

    @Override
    public String toString() {
        return "FixMatchLayoutGuard(expected=" + expected + ")";
    }
}
