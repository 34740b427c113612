package io.github.spl4j.data;

import java.io.Serializable;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The row layout of one FixMatch minibatch: {@code [B labelled | N weak | N strong]}. Row {@code B + i} is the weak
 * view and row {@code B + N + i} the strong view of the same unlabelled image {@code i}. Labelled rows carry one-hot
 * labels, unlabelled rows all-zero label rows; nothing else marks the layout, so a FixMatch batch is an ordinary DL4J
 * {@link DataSet} and every DL4J tool keeps working.
 *
 * <p>{@link #infer(INDArray)} reads the layout back from the labels alone, which is what the loss does.
 */
public final class FixMatchBatchLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int labeledCount;
    private final int unlabeledCount;

    /**
     * @param labeledCount   B, the number of labelled rows, {@code >= 0}
     * @param unlabeledCount N, the number of unlabelled images (each has a weak and a strong row), {@code >= 0}
     * @throws IllegalArgumentException if a count is negative or both are zero
     */
    public FixMatchBatchLayout(int labeledCount, int unlabeledCount) {
        if (labeledCount < 0) {
            throw new IllegalArgumentException("labeledCount must be >= 0, found " + labeledCount);
        }
        if (unlabeledCount < 0) {
            throw new IllegalArgumentException("unlabeledCount must be >= 0, found " + unlabeledCount);
        }
        if (labeledCount == 0 && unlabeledCount == 0) {
            throw new IllegalArgumentException("a FixMatch batch needs at least one row: labeledCount and "
                    + "unlabeledCount are both 0");
        }
        if ((long) labeledCount + 2L * unlabeledCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("labeledCount + 2*unlabeledCount overflows an int: labeledCount="
                    + labeledCount + ", unlabeledCount=" + unlabeledCount);
        }
        this.labeledCount = labeledCount;
        this.unlabeledCount = unlabeledCount;
    }

    /**
     * The layout of a batch with {@code batchSize} labelled images and {@code unlabeledRatio * batchSize} unlabelled.
     *
     * @param batchSize      B, {@code >= 1}
     * @param unlabeledRatio FixMatch's µ (called unlabeledRatio here), {@code >= 0}
     * @return the layout
     */
    public static FixMatchBatchLayout of(int batchSize, int unlabeledRatio) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, found " + batchSize);
        }
        if (unlabeledRatio < 0) {
            throw new IllegalArgumentException("unlabeledRatio must be >= 0, found " + unlabeledRatio);
        }
        return new FixMatchBatchLayout(batchSize, Math.multiplyExact(batchSize, unlabeledRatio));
    }

    /**
     * Reads the layout from a label matrix: the labelled rows are the leading one-hot rows, the rest must be
     * all-zero and even in number.
     *
     * @param labels {@code [rows, classes]} labels
     * @return the layout
     * @throws IllegalArgumentException if the labels are not a FixMatch layout; the message says which row is wrong
     */
    public static FixMatchBatchLayout infer(INDArray labels) {
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        if (labels.rank() != 2) {
            throw new IllegalArgumentException("labels must be a 2-d [rows, classes] matrix, found shape "
                    + java.util.Arrays.toString(labels.shape()));
        }
        long rows = labels.size(0);
        int classes = (int) labels.size(1);
        double[] values = labels.dup('c').data().asDouble();
        int labeled = 0;
        boolean seenUnlabeled = false;
        for (int r = 0; r < rows; r++) {
            int ones = 0;
            for (int c = 0; c < classes; c++) {
                double v = values[r * classes + c];
                if (v == 1.0) {
                    ones++;
                } else if (v != 0.0) {
                    throw new IllegalArgumentException("labels must be one-hot (labelled rows) or all zero "
                            + "(unlabelled rows), found value " + v + " at row " + r + ", column " + c);
                }
            }
            if (ones > 1) {
                throw new IllegalArgumentException("labels must be one-hot (labelled rows) or all zero (unlabelled"
                        + " rows), found " + ones + " ones in row " + r);
            }
            if (ones == 1) {
                if (seenUnlabeled) {
                    throw new IllegalArgumentException("labelled rows must come first ([B labelled | N weak | N "
                            + "strong]), found a one-hot row at row " + r + " after the first all-zero row at row "
                            + labeled);
                }
                labeled++;
            } else {
                seenUnlabeled = true;
            }
        }
        long unlabeledRows = rows - labeled;
        if (unlabeledRows % 2 != 0) {
            throw new IllegalArgumentException("the unlabelled rows must be N weak then N strong views (an even "
                    + "number), found " + unlabeledRows + " unlabelled rows after " + labeled + " labelled rows");
        }
        return new FixMatchBatchLayout(labeled, (int) (unlabeledRows / 2));
    }

    /**
     * Builds the FixMatch minibatch {@code [labeled | weak | strong]} from its parts.
     *
     * @param labeledFeatures B feature rows (may have 0 rows only if {@code weakFeatures} has rows)
     * @param labels          B one-hot label rows, {@code [B, classes]}
     * @param weakFeatures    N weak views
     * @param strongFeatures  N strong views, same order as {@code weakFeatures}
     * @return one {@link DataSet}, unlabelled rows with all-zero labels
     */
    public static DataSet assemble(INDArray labeledFeatures, INDArray labels, INDArray weakFeatures,
                                   INDArray strongFeatures) {
        long b = labeledFeatures.size(0);
        long n = weakFeatures.size(0);
        if (labels.size(0) != b) {
            throw new IllegalArgumentException("labels must have one row per labelled feature row: "
                    + labels.size(0) + " label rows vs " + b + " feature rows");
        }
        if (strongFeatures.size(0) != n) {
            throw new IllegalArgumentException("weakFeatures and strongFeatures must have the same number of rows,"
                    + " found " + n + " and " + strongFeatures.size(0));
        }
        new FixMatchBatchLayout((int) b, (int) n);
        if (n == 0) {
            return new DataSet(labeledFeatures, labels);
        }
        INDArray unlabeled = Nd4j.zeros(labels.dataType(), 2 * n, labels.size(1));
        if (b == 0) {
            return new DataSet(Nd4j.concat(0, weakFeatures, strongFeatures), unlabeled);
        }
        INDArray features = Nd4j.concat(0, labeledFeatures, weakFeatures, strongFeatures);
        return new DataSet(features, Nd4j.concat(0, labels, unlabeled));
    }

    /** @return B, the number of labelled rows */
    public int labeledCount() {
        return labeledCount;
    }

    /** @return N, the number of unlabelled images */
    public int unlabeledCount() {
        return unlabeledCount;
    }

    /** @return B + 2N */
    public int rows() {
        return labeledCount + 2 * unlabeledCount;
    }

    /** @return the first weak row, B */
    public int weakStart() {
        return labeledCount;
    }

    /** @return the first strong row, B + N */
    public int strongStart() {
        return labeledCount + unlabeledCount;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FixMatchBatchLayout)) {
            return false;
        }
        FixMatchBatchLayout other = (FixMatchBatchLayout) o;
        return labeledCount == other.labeledCount && unlabeledCount == other.unlabeledCount;
    }

    @Override
    public int hashCode() {
        return 31 * labeledCount + unlabeledCount;
    }

    @Override
    public String toString() {
        return "FixMatchBatchLayout(labeledCount=" + labeledCount + ",unlabeledCount=" + unlabeledCount + ")";
    }
}
