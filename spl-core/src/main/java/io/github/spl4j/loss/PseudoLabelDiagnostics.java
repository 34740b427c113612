package io.github.spl4j.loss;

import java.io.Serializable;

/**
 * What one call of {@link SmoothPseudoLabelLossFunction} saw in its FixMatch minibatch: the two loss parts and the
 * pseudo-labels, confidences and weights of the unlabelled images. Listeners read it after each step instead of
 * running an extra forward pass.
 *
 * <p>Immutable: array getters return copies.
 */
public final class PseudoLabelDiagnostics implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int labeledCount;
    private final int unlabeledCount;
    private final double supervisedLoss;
    private final double unsupervisedLoss;
    private final double lambdaU;
    private final int[] pseudoLabels;
    private final double[] confidences;
    private final double[] weights;

    /**
     * @param labeledCount     B, labelled rows in the batch
     * @param unlabeledCount   N, unlabelled images in the batch
     * @param supervisedLoss   Ls, mean cross-entropy over the labelled rows (0 when B = 0)
     * @param unsupervisedLoss Lu, mean weighted pseudo-label cross-entropy over all N images (0 when N = 0)
     * @param lambdaU          λu, the weight of Lu in the total
     * @param pseudoLabels     N pseudo-labels (argmax of the weak view), copied
     * @param confidences      N confidences (max softmax of the weak view), copied
     * @param weights          N weights w(c), copied
     */
    PseudoLabelDiagnostics(int labeledCount, int unlabeledCount, double supervisedLoss, double unsupervisedLoss,
                           double lambdaU, int[] pseudoLabels, double[] confidences, double[] weights) {
        if (pseudoLabels.length != unlabeledCount || confidences.length != unlabeledCount
                || weights.length != unlabeledCount) {
            throw new IllegalArgumentException("pseudoLabels, confidences and weights must have unlabeledCount = "
                    + unlabeledCount + " entries");
        }
        this.labeledCount = labeledCount;
        this.unlabeledCount = unlabeledCount;
        this.supervisedLoss = supervisedLoss;
        this.unsupervisedLoss = unsupervisedLoss;
        this.lambdaU = lambdaU;
        this.pseudoLabels = pseudoLabels.clone();
        this.confidences = confidences.clone();
        this.weights = weights.clone();
    }

    /** @return B, the number of labelled rows */
    public int getLabeledCount() {
        return labeledCount;
    }

    /** @return N, the number of unlabelled images (each has a weak and a strong row) */
    public int getUnlabeledCount() {
        return unlabeledCount;
    }

    /** @return Ls, the mean cross-entropy over the labelled rows; 0 when B = 0 */
    public double getSupervisedLoss() {
        return supervisedLoss;
    }

    /** @return Lu, the weighted pseudo-label cross-entropy averaged over all N images; 0 when N = 0 */
    public double getUnsupervisedLoss() {
        return unsupervisedLoss;
    }

    /** @return L = Ls + λu·Lu, the score DL4J reports for the batch (without regularisation) */
    public double getTotalLoss() {
        return supervisedLoss + lambdaU * unsupervisedLoss;
    }

    /** @return the mean weight over the N unlabelled images (FixMatch's mask rate for a hard threshold); 0 if N = 0 */
    public double getMeanWeight() {
        return mean(weights);
    }

    /** @return the fraction of the N unlabelled images with w &gt; 0, in [0, 1]; 0 if N = 0 */
    public double getFractionWeighted() {
        if (unlabeledCount == 0) {
            return 0.0;
        }
        int positive = 0;
        for (double w : weights) {
            if (w > 0.0) {
                positive++;
            }
        }
        return positive / (double) unlabeledCount;
    }

    /** @return the mean confidence over the N unlabelled images; 0 if N = 0 */
    public double getMeanConfidence() {
        return mean(confidences);
    }

    /** @return a copy of the N pseudo-labels, class indices */
    public int[] getPseudoLabels() {
        return pseudoLabels.clone();
    }

    /** @return a copy of the N confidences, in [0, 1] */
    public double[] getConfidences() {
        return confidences.clone();
    }

    /** @return a copy of the N weights, in [0, 1] */
    public double[] getWeights() {
        return weights.clone();
    }

    /**
     * The fraction of pseudo-labels that equal the true labels, for benchmarks where the unlabelled images' labels
     * are known.
     *
     * @param trueLabels the N true labels in the batch's unlabelled order
     * @return the accuracy in [0, 1]; 0 if N = 0
     * @throws IllegalArgumentException if {@code trueLabels} does not have N entries
     */
    public double pseudoLabelAccuracy(int[] trueLabels) {
        if (trueLabels.length != unlabeledCount) {
            throw new IllegalArgumentException("trueLabels must have unlabeledCount = " + unlabeledCount
                    + " entries, found " + trueLabels.length);
        }
        if (unlabeledCount == 0) {
            return 0.0;
        }
        int correct = 0;
        for (int i = 0; i < unlabeledCount; i++) {
            if (pseudoLabels[i] == trueLabels[i]) {
                correct++;
            }
        }
        return correct / (double) unlabeledCount;
    }

    private static double mean(double[] values) {
        if (values.length == 0) {
            return 0.0;
        }
        double sum = 0.0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    @Override
    public String toString() {
        return "PseudoLabelDiagnostics(labeledCount=" + labeledCount + ",unlabeledCount=" + unlabeledCount
                + ",supervisedLoss=" + supervisedLoss + ",unsupervisedLoss=" + unsupervisedLoss
                + ",meanWeight=" + getMeanWeight() + ",fractionWeighted=" + getFractionWeighted()
                + ",meanConfidence=" + getMeanConfidence() + ")";
    }
}
