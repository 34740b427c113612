package io.github.spl4j.dl4j.metrics;

import java.io.Serializable;
import java.util.Locale;

/**
 * What one FixMatch training step measured. Values that are not known are {@code NaN} (for example the
 * pseudo-label accuracy when the true labels of the unlabelled images are not known). Serializable because DL4J's
 * storage records ({@link SslStatsReport}) are.
 *
 * @param step               the 0-based iteration of the step (DL4J's iteration count)
 * @param supervisedLoss     Ls, mean cross-entropy of the labelled rows
 * @param unsupervisedLoss   Lu, weighted pseudo-label cross-entropy averaged over all unlabelled images
 * @param totalLoss          Ls + λu·Lu (without regularisation)
 * @param score              the network's score (the total loss plus regularisation, as DL4J reports it)
 * @param meanWeight         mean pseudo-label weight (the mask rate for a hard threshold), in [0, 1]
 * @param fractionWeighted   fraction of unlabelled images with weight &gt; 0, in [0, 1]
 * @param meanConfidence     mean confidence of the weak views, in [0, 1]
 * @param pseudoLabelAccuracy fraction of pseudo-labels equal to the true label among images whose label is known
 * @param learningRate       the learning rate used in the step
 * @param stepSeconds        wall time since the previous step ended (data loading included), seconds
 */
public record StepMetrics(long step, double supervisedLoss, double unsupervisedLoss, double totalLoss, double score,
                          double meanWeight, double fractionWeighted, double meanConfidence,
                          double pseudoLabelAccuracy, double learningRate, double stepSeconds)
        implements Serializable {

    /** The CSV header matching {@link #toCsvRow()}. */
    public static final String CSV_HEADER = "step,supervised_loss,unsupervised_loss,total_loss,score,mean_weight,"
            + "fraction_weighted,mean_confidence,pseudo_label_accuracy,learning_rate,step_seconds";

    /** @return one CSV line (no newline), locale-independent, {@code NaN} for unknown values */
    public String toCsvRow() {
        return String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g", step,
                supervisedLoss, unsupervisedLoss, totalLoss, score, meanWeight, fractionWeighted, meanConfidence,
                pseudoLabelAccuracy, learningRate, stepSeconds);
    }
}
