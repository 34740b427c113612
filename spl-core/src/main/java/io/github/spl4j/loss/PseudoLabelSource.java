package io.github.spl4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

import io.github.spl4j.data.FixMatchBatchLayout;

/**
 * Where {@link SmoothPseudoLabelLossFunction} takes the weak-view class probabilities p(u) from, for the pseudo-labels
 * {@code yhat = argmax p} and confidences {@code c = max p}: by default (no source set) the student's own softmax of
 * its weak rows; with a source, e.g. an EMA teacher's predictions on the same weak rows (Mean Teacher style targets).
 *
 * <p>The probabilities are treated as constants: no gradient flows into them and the weak rows of the student still
 * get a zero gradient, so the loss stays an ordinary DL4J loss over an ordinary FixMatch {@code DataSet}. A source is
 * transient run state (not part of the loss's JSON, equals or hashCode); whoever sets it prepares it for each
 * minibatch before {@code fit} (see {@code io.github.spl4j.dl4j.ema.TeacherPseudoLabels}).
 */
@FunctionalInterface
public interface PseudoLabelSource {

    /**
     * @param layout                 the layout of the minibatch the loss is evaluating
     * @param studentWeakProbability the student's softmax of the N weak rows, [N, classes] (detached; do not modify)
     * @return the probabilities to take pseudo-labels and confidences from, [N, classes], finite, each row a
     *         distribution; the loss casts them to its data type
     * @throws IllegalStateException if the source has nothing prepared for a minibatch of this layout
     */
    INDArray weakProbabilities(FixMatchBatchLayout layout, INDArray studentWeakProbability);
}
