package io.github.spl4j.dl4j.ema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import io.github.spl4j.data.FixMatchBatchLayout;
import io.github.spl4j.loss.PseudoLabelSource;
import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;

/**
 * Pseudo-labels from the EMA teacher instead of the student: a {@link PseudoLabelSource} that gives
 * {@link SmoothPseudoLabelLossFunction} the teacher's softmax of the weak rows, so that
 *
 * <pre>
 *   p(u) = softmax(f_teacher(α(u)))    yhat(u) = argmax p(u)    c(u) = max p(u)    w = w(c(u))
 * </pre>
 *
 * while the student is trained exactly as before on {@code [B labelled | N weak | N strong]} (the weak rows still get
 * a zero gradient; p is a constant for backprop).
 *
 * <p>Call {@link #prepare(DataSet)} with each minibatch right before {@code fit} on it: it runs the teacher of an
 * {@link EmaTeacherListener} (the shadow weights as of the end of the previous step) over the whole minibatch <b>in
 * training mode</b>, so batch normalisation uses the minibatch's statistics exactly as the student's own forward pass
 * does, and keeps the rows {@code [B, B + N)}. With the teacher's weights equal to the student's, the loss, its
 * pseudo-labels and its gradient therefore equal the student-source ones. The forward pass does not change the
 * teacher's parameters (DL4J updates batch-norm running statistics only in backprop). Cost: one extra forward pass of
 * the B + 2N rows per step.
 *
 * <p>The prepared probabilities are transient: they belong to one minibatch, {@link #clear()} drops them, and a loss
 * call with another layout or without a preparation fails instead of silently using stale targets. Nothing of this
 * object goes into checkpoints: everything it computes derives from the EMA state (checkpointed) and the minibatch
 * (restored by the iterator position), so a resumed run continues bit-identically. Not thread-safe; one per network.
 *
 * <pre>{@code
 * TeacherPseudoLabels teacherLabels = new TeacherPseudoLabels(ema);
 * teacherLabels.installOn(net);
 * DataSet batch = iterator.next();
 * teacherLabels.prepare(batch);
 * net.fit(batch);
 * }</pre>
 */
public final class TeacherPseudoLabels implements PseudoLabelSource {
    private final EmaTeacherListener ema;
    private FixMatchBatchLayout preparedLayout;
    private INDArray prepared;

    /**
     * @param ema the EMA teacher whose predictions become the pseudo-labels
     * @throws NullPointerException if {@code ema} is null
     */
    public TeacherPseudoLabels(EmaTeacherListener ema) {
        this.ema = Objects.requireNonNull(ema, "ema");
    }

    /**
     * Makes every {@link SmoothPseudoLabelLossFunction} of the network's output and loss layers take its pseudo-labels
     * from this source. Needed again after the network is reloaded (the source is not serialised).
     *
     * @param net a {@link MultiLayerNetwork} or {@link ComputationGraph}
     * @return the losses the source was installed on (at least one)
     * @throws IllegalArgumentException if the network has no {@link SmoothPseudoLabelLossFunction}
     */
    public List<SmoothPseudoLabelLossFunction> installOn(Model net) {
        List<SmoothPseudoLabelLossFunction> losses = losses(net);
        if (losses.isEmpty()) {
            throw new IllegalArgumentException("the network has no output or loss layer with a "
                    + "SmoothPseudoLabelLossFunction: teacher pseudo-labels need the FixMatch loss");
        }
        for (SmoothPseudoLabelLossFunction loss : losses) {
            loss.setPseudoLabelSource(this);
        }
        return losses;
    }

    /**
     * Runs the teacher over the minibatch in training mode and keeps its probabilities of the weak rows.
     *
     * @param batch a FixMatch minibatch {@code [B labelled | N weak | N strong]}
     * @throws IllegalArgumentException if the labels do not have the FixMatch layout
     * @throws IllegalStateException    if the EMA listener has not seen the student yet
     */
    public void prepare(DataSet batch) {
        Objects.requireNonNull(batch, "batch");
        clear();
        FixMatchBatchLayout layout = FixMatchBatchLayout.infer(batch.getLabels());
        int n = layout.unlabeledCount();
        if (n > 0) {
            Model teacher = ema.teacher();
            INDArray out = teacher instanceof MultiLayerNetwork
                    ? ((MultiLayerNetwork) teacher).output(batch.getFeatures(), true)
                    : ((ComputationGraph) teacher).outputSingle(true, batch.getFeatures());
            prepared = out.get(NDArrayIndex.interval(layout.weakStart(), layout.weakStart() + n),
                    NDArrayIndex.all()).dup();
        }
        preparedLayout = layout;
    }

    /** Drops the prepared probabilities (after the step they were made for). */
    public void clear() {
        prepared = null;
        preparedLayout = null;
    }

    /**
     * @return the teacher probabilities of the prepared minibatch's weak rows (a copy), or null if nothing is
     *         prepared or the minibatch had no unlabelled images
     */
    public INDArray preparedProbabilities() {
        return prepared == null ? null : prepared.dup();
    }

    @Override
    public INDArray weakProbabilities(FixMatchBatchLayout layout, INDArray studentWeakProbability) {
        if (preparedLayout == null) {
            throw new IllegalStateException("no teacher pseudo-labels were prepared for this minibatch: call "
                    + "TeacherPseudoLabels.prepare(batch) before fitting it");
        }
        if (!preparedLayout.equals(layout)) {
            throw new IllegalStateException("the teacher pseudo-labels were prepared for a minibatch of layout "
                    + preparedLayout + " but the loss sees " + layout + ": call prepare(batch) with the batch that "
                    + "is fitted");
        }
        return prepared;
    }

    private static List<SmoothPseudoLabelLossFunction> losses(Model net) {
        if (!(net instanceof MultiLayerNetwork) && !(net instanceof ComputationGraph)) {
            throw new IllegalArgumentException("net must be a MultiLayerNetwork or ComputationGraph, found "
                    + (net == null ? "null" : net.getClass().getName()));
        }
        Layer[] layers = net instanceof MultiLayerNetwork ? ((MultiLayerNetwork) net).getLayers()
                : ((ComputationGraph) net).getLayers();
        List<SmoothPseudoLabelLossFunction> out = new ArrayList<>();
        for (Layer l : layers) {
            org.deeplearning4j.nn.conf.layers.Layer conf = l.conf().getLayer();
            ILossFunction fn = conf instanceof BaseOutputLayer ? ((BaseOutputLayer) conf).getLossFn()
                    : conf instanceof LossLayer ? ((LossLayer) conf).getLossFn() : null;
            if (fn instanceof SmoothPseudoLabelLossFunction && out.stream().noneMatch(x -> x == fn)) {
                out.add((SmoothPseudoLabelLossFunction) fn);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "TeacherPseudoLabels(ema=" + ema + ", prepared=" + (preparedLayout == null ? "none" : preparedLayout)
                + ")";
    }
}
