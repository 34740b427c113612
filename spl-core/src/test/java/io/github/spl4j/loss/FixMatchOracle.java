package io.github.spl4j.loss;

import java.util.function.DoubleUnaryOperator;

/**
 * An independent, loop-based reimplementation of the FixMatch unlabelled + supervised loss, as the reference PyTorch
 * implementations compute it (cross_entropy(mean) on the labelled logits; cross_entropy(reduction=none) on the strong
 * logits times mask, then mean over all unlabelled images), with its gradient w.r.t. the logits.
 */
final class FixMatchOracle {
    final double loss;
    final double supervised;
    final double unsupervised;
    /** dL/dz, [rows][classes]. */
    final double[][] gradient;

    FixMatchOracle(double[][] logits, int[] labels, int unlabeled, DoubleUnaryOperator weight, double lambdaU) {
        int b = labels.length;
        int rows = logits.length;
        int classes = logits[0].length;
        gradient = new double[rows][classes];
        double ls = 0;
        for (int i = 0; i < b; i++) {
            double[] logSoftmax = logSoftmax(logits[i]);
            ls -= logSoftmax[labels[i]];
            for (int k = 0; k < classes; k++) {
                gradient[i][k] = (Math.exp(logSoftmax[k]) - (k == labels[i] ? 1 : 0)) / b;
            }
        }
        supervised = b == 0 ? 0 : ls / b;
        double lu = 0;
        for (int j = 0; j < unlabeled; j++) {
            double[] weak = logSoftmax(logits[b + j]);
            int target = 0;
            for (int k = 1; k < classes; k++) {
                if (weak[k] > weak[target]) {
                    target = k;
                }
            }
            double mask = weight.applyAsDouble(Math.exp(weak[target]));
            double[] strong = logSoftmax(logits[b + unlabeled + j]);
            lu -= mask * strong[target];
            for (int k = 0; k < classes; k++) {
                gradient[b + unlabeled + j][k] =
                        lambdaU * mask * (Math.exp(strong[k]) - (k == target ? 1 : 0)) / unlabeled;
            }
        }
        unsupervised = unlabeled == 0 ? 0 : lu / unlabeled;
        loss = supervised + lambdaU * unsupervised;
    }

    private static double[] logSoftmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        double log = Math.log(sum);
        double[] out = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            out[k] = z[k] - max - log;
        }
        return out;
    }
}
