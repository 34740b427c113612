package io.github.spl4j.loss;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import io.github.spl4j.data.FixMatchBatchLayout;
import io.github.spl4j.weighting.PseudoLabelWeighting;
import io.github.spl4j.weighting.SmoothRamp;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The FixMatch loss with a pluggable pseudo-label weighting: FixMatch with {@link io.github.spl4j.weighting.HardThreshold},
 * Smooth FixMatch (Smooth Pseudo-Labeling, arXiv 2405.14313) with {@link SmoothRamp}. FixMatch: arXiv 2001.07685.
 *
 * <p>It reads a FixMatch minibatch {@code [B labelled | N weak | N strong]} (see {@link FixMatchBatchLayout}: labelled
 * rows carry one-hot labels, unlabelled rows all-zero label rows) and computes
 *
 * <pre>
 *   p(u) = softmax(z_weak(u))   (no gradient flows through it)   yhat(u) = argmax p(u)   c(u) = max p(u)
 *   Ls   = (1/B) sum_labelled CE(z, y)
 *   Lu   = (1/N) sum_unlabelled w(c(u)) * CE(z_strong(u), yhat(u))      (images with w = 0 count in N)
 *   L    = Ls + lambdaU * Lu
 * </pre>
 *
 * with numerically stable log-softmax cross-entropy. B = 0 (unlabelled rows only) and N = 0 (plain supervised
 * cross-entropy) both work.
 *
 * <p><b>Scaling.</b> DL4J divides the score and the gradient by the number of rows B + 2N of the minibatch (with
 * {@code miniBatch(true)}, its default). This loss returns {@code (B + 2N)·L} as its un-averaged score and
 * {@code (B + 2N)·∂L/∂z} as its gradient, so that the score DL4J reports is exactly L and the parameter gradient
 * exactly ∇L, whatever B and N are. Weak rows get a zero gradient. The per-example score array holds each row's share
 * of {@code (B + 2N)·L}, so its mean is L.
 *
 * <p>Use it in an {@code OutputLayer} or {@code LossLayer} with softmax activation:
 * <pre>{@code
 * new OutputLayer.Builder(new SmoothPseudoLabelLossFunction(new HardThreshold(0.95), 1.0))   // FixMatch
 * new OutputLayer.Builder(new SmoothPseudoLabelLossFunction(SmoothRamp.linear(0.95), 1.0))   // Smooth FixMatch
 *         .activation(Activation.SOFTMAX).nOut(10).build()
 * }</pre>
 *
 * <p><b>Pseudo-label source.</b> By default p(u) is the student's own softmax of the weak rows. With
 * {@link #setPseudoLabelSource(PseudoLabelSource)} it comes from elsewhere (e.g. the EMA teacher's prediction on the
 * same weak rows); the targets stay constants and the weak rows keep their zero gradient.
 *
 * <p>After each call, {@link #getLastDiagnostics()} holds the batch's B, N, Ls, Lu, pseudo-labels, confidences and
 * weights for listeners. That transient state is not part of the configuration (not in JSON, equals or hashCode).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class SmoothPseudoLabelLossFunction implements ILossFunction {
    private static final long serialVersionUID = 1L;

    /** FixMatch's default weight of the unlabelled loss. */
    public static final double DEFAULT_LAMBDA_U = 1.0;

    @JsonProperty("weighting")
    private final PseudoLabelWeighting weighting;
    @JsonProperty("lambdaU")
    private final double lambdaU;

    @JsonIgnore
    private transient volatile PseudoLabelDiagnostics lastDiagnostics;
    @JsonIgnore
    private transient volatile PseudoLabelSource pseudoLabelSource;

    /**
     * @param weighting how confidence maps to a pseudo-label weight; not null
     * @param lambdaU   λu, the weight of the unlabelled loss, finite and {@code >= 0}
     * @throws IllegalArgumentException if {@code weighting} is null or {@code lambdaU} is out of range
     */
    @JsonCreator
    public SmoothPseudoLabelLossFunction(@JsonProperty("weighting") PseudoLabelWeighting weighting,
                                         @JsonProperty("lambdaU") double lambdaU) {
        if (weighting == null) {
            throw new IllegalArgumentException("weighting must not be null: use new HardThreshold(tau) for FixMatch "
                    + "or new SmoothRamp(tau, mu) for Smooth FixMatch");
        }
        if (!(lambdaU >= 0.0 && lambdaU < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("lambdaU must be finite and >= 0, found " + lambdaU);
        }
        this.weighting = weighting;
        this.lambdaU = lambdaU;
    }

    /** @param weighting how confidence maps to a pseudo-label weight; λu = {@link #DEFAULT_LAMBDA_U} */
    public SmoothPseudoLabelLossFunction(PseudoLabelWeighting weighting) {
        this(weighting, DEFAULT_LAMBDA_U);
    }

    /** Smooth FixMatch with the defaults: a linear ramp from τ = 0.95, λu = 1. */
    public SmoothPseudoLabelLossFunction() {
        this(new SmoothRamp(), DEFAULT_LAMBDA_U);
    }

    /** @return the pseudo-label weighting */
    public PseudoLabelWeighting getWeighting() {
        return weighting;
    }

    /** @return λu, the weight of the unlabelled loss */
    public double getLambdaU() {
        return lambdaU;
    }

    /**
     * @return what the most recent score or gradient call of this instance saw (per-batch diagnostics), or empty
     *         before the first call
     */
    public Optional<PseudoLabelDiagnostics> getLastDiagnostics() {
        return Optional.ofNullable(lastDiagnostics);
    }

    /**
     * Sets where the weak-view probabilities p(u) come from (pseudo-labels and confidences); null (the default) takes
     * them from the student's own weak rows. Run state like {@link #getLastDiagnostics()}: not serialised, not part of
     * equals or hashCode, so a reloaded or cloned network has none until it is set again.
     *
     * @param source the source, or null for the student's weak rows
     */
    public void setPseudoLabelSource(PseudoLabelSource source) {
        this.pseudoLabelSource = source;
    }

    /** @return the source of the weak-view probabilities, or null if the student's own weak rows are used */
    public PseudoLabelSource getPseudoLabelSource() {
        return pseudoLabelSource;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        Evaluation e = evaluate(labels, preOutput, activationFn, mask, false);
        return average ? e.loss : e.loss * e.layout.rows();
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return evaluate(labels, preOutput, activationFn, mask, false).scoreArray;
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return evaluate(labels, preOutput, activationFn, mask, true).gradient;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                          IActivation activationFn, INDArray mask, boolean average) {
        Evaluation e = evaluate(labels, preOutput, activationFn, mask, true);
        return new Pair<>(average ? e.loss : e.loss * e.layout.rows(), e.gradient);
    }

    @Override
    public String name() {
        return toString();
    }

    /** The single computation behind score, score array and gradient. */
    private Evaluation evaluate(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                                boolean withGradient) {
        validate(labels, preOutput, activationFn, mask);
        FixMatchBatchLayout layout = FixMatchBatchLayout.infer(labels);
        int b = layout.labeledCount();
        int n = layout.unlabeledCount();
        int rows = layout.rows();
        long classes = preOutput.size(1);
        DataType dtype = preOutput.dataType();

        // Stable softmax and log-softmax: z - max(z) - log(sum(exp(z - max(z)))).
        INDArray shifted = preOutput.subColumnVector(preOutput.max(true, 1));
        INDArray probabilities = Transforms.exp(shifted, true);
        INDArray sumExp = probabilities.sum(true, 1);
        probabilities.diviColumnVector(sumExp);
        INDArray logProbabilities = shifted.subiColumnVector(Transforms.log(sumExp, false));

        INDArray scoreArray = Nd4j.zeros(dtype, rows, 1);
        INDArray gradient = withGradient ? Nd4j.zeros(dtype, rows, classes) : null;

        double supervisedLoss = 0.0;
        if (b > 0) {
            INDArrayIndex[] labelled = rowRange(0, b);
            INDArray y = labels.get(labelled).castTo(dtype);
            INDArray ce = logProbabilities.get(labelled).mul(y).sum(true, 1).negi();
            supervisedLoss = ce.sumNumber().doubleValue() / b;
            double scale = rows / (double) b;
            scoreArray.get(labelled).assign(ce.muli(scale));
            if (withGradient) {
                gradient.get(labelled).assign(probabilities.get(labelled).sub(y).muli(scale));
            }
        }

        double unsupervisedLoss = 0.0;
        int[] pseudoLabels = new int[n];
        double[] confidences = new double[n];
        double[] weights = new double[n];
        if (n > 0) {
            INDArray weakProbabilities = probabilities.get(rowRange(b, b + n));
            PseudoLabelSource source = pseudoLabelSource;
            if (source != null) {
                weakProbabilities = checkedSourceProbabilities(source.weakProbabilities(layout, weakProbabilities),
                        n, classes).castTo(dtype);
            }
            INDArray confidence = weakProbabilities.max(1);
            long[] argMax = weakProbabilities.argMax(1).toLongVector();
            double[] oneHot = new double[(int) (n * classes)];
            for (int i = 0; i < n; i++) {
                pseudoLabels[i] = (int) argMax[i];
                oneHot[(int) (i * classes + argMax[i])] = 1.0;
            }
            INDArray pseudo = Nd4j.create(oneHot, new long[] {n, classes}, DataType.DOUBLE).castTo(dtype);
            INDArray w = weighting.weights(confidence).reshape(n, 1);

            INDArrayIndex[] strong = rowRange(b + n, rows);
            INDArray weightedCe = logProbabilities.get(strong).mul(pseudo).sum(true, 1).negi().muli(w);
            unsupervisedLoss = weightedCe.sumNumber().doubleValue() / n;
            double scale = rows * lambdaU / n;
            scoreArray.get(strong).assign(weightedCe.muli(scale));
            if (withGradient) {
                gradient.get(strong).assign(probabilities.get(strong).sub(pseudo).muliColumnVector(w).muli(scale));
            }
            confidences = confidence.castTo(DataType.DOUBLE).toDoubleVector();
            weights = w.castTo(DataType.DOUBLE).reshape(n).toDoubleVector();
        }

        lastDiagnostics = new PseudoLabelDiagnostics(b, n, supervisedLoss, unsupervisedLoss, lambdaU, pseudoLabels,
                confidences, weights);
        return new Evaluation(layout, supervisedLoss + lambdaU * unsupervisedLoss, scoreArray, gradient);
    }

    private static INDArray checkedSourceProbabilities(INDArray p, int n, long classes) {
        if (p == null || p.rank() != 2 || p.size(0) != n || p.size(1) != classes) {
            throw new IllegalStateException("the pseudo-label source must give [" + n + ", " + classes
                    + "] weak-view probabilities for this minibatch, found "
                    + (p == null ? "null" : Arrays.toString(p.shape())));
        }
        if (BooleanIndexing.or(p, Conditions.notFinite())) {
            throw new IllegalStateException("the pseudo-label source gave NaN or infinite probabilities: the "
                    + "teacher has diverged");
        }
        return p;
    }

    private static INDArrayIndex[] rowRange(int from, int to) {
        return new INDArrayIndex[] {NDArrayIndex.interval(from, to), NDArrayIndex.all()};
    }

    private static void validate(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        if (!(activationFn instanceof ActivationSoftmax)) {
            throw new IllegalArgumentException("SmoothPseudoLabelLossFunction needs a softmax output activation, "
                    + "found " + activationFn + ": use .activation(Activation.SOFTMAX) on the output layer");
        }
        if (labels == null || preOutput == null) {
            throw new IllegalArgumentException("labels and preOutput must not be null");
        }
        if (preOutput.rank() != 2 || !Arrays.equals(labels.shape(), preOutput.shape())) {
            throw new IllegalArgumentException("labels and preOutput must both be [rows, classes] matrices of the "
                    + "same shape, found labels " + Arrays.toString(labels.shape()) + " and preOutput "
                    + Arrays.toString(preOutput.shape()));
        }
        if (!preOutput.dataType().isFPType()) {
            throw new IllegalArgumentException("preOutput must be floating-point, found " + preOutput.dataType());
        }
        if (BooleanIndexing.or(preOutput, Conditions.notFinite())) {
            throw new IllegalArgumentException("preOutput (the network's pre-softmax outputs) contains NaN or "
                    + "infinite values: training has diverged (try a lower learning rate)");
        }
        if (mask != null && BooleanIndexing.or(mask, Conditions.notEquals(1.0))) {
            throw new IllegalArgumentException("label masks are not supported by SmoothPseudoLabelLossFunction: "
                    + "it marks unlabelled rows by all-zero labels, found a mask with entries other than 1");
        }
    }

    /** One evaluation of the loss on a batch. */
    private static final class Evaluation {
        final FixMatchBatchLayout layout;
        final double loss;
        final INDArray scoreArray;
        final INDArray gradient;

        Evaluation(FixMatchBatchLayout layout, double loss, INDArray scoreArray, INDArray gradient) {
            this.layout = layout;
            this.loss = loss;
            this.scoreArray = scoreArray;
            this.gradient = gradient;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        SmoothPseudoLabelLossFunction other = (SmoothPseudoLabelLossFunction) o;
        return Double.compare(lambdaU, other.lambdaU) == 0 && weighting.equals(other.weighting);
    }

    @Override
    public int hashCode() {
        return Objects.hash(weighting, lambdaU);
    }

    @Override
    public String toString() {
        return "SmoothPseudoLabelLossFunction(weighting=" + weighting + ",lambdaU=" + lambdaU + ")";
    }
}
