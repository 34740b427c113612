package io.github.spl4j.loss;

import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Random FixMatch batches for the loss tests. */
final class LossTestData {
    private LossTestData() {
    }

    /** Logits spread wide enough that some weak views are confident (above 0.9) and some are not. */
    static double[][] logits(Random random, int rows, int classes) {
        double[][] z = new double[rows][classes];
        for (int r = 0; r < rows; r++) {
            double scale = 0.5 + 6 * random.nextDouble();
            for (int k = 0; k < classes; k++) {
                z[r][k] = scale * random.nextGaussian();
            }
        }
        return z;
    }

    static int[] labels(Random random, int b, int classes) {
        int[] y = new int[b];
        for (int i = 0; i < b; i++) {
            y[i] = random.nextInt(classes);
        }
        return y;
    }

    /** [B one-hot | 2N zero] label matrix. */
    static INDArray labelMatrix(int[] labels, int unlabeled, int classes) {
        double[][] y = new double[labels.length + 2 * unlabeled][classes];
        for (int i = 0; i < labels.length; i++) {
            y[i][labels[i]] = 1.0;
        }
        return Nd4j.createFromArray(y);
    }
}
