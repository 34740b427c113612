package io.github.spl4j.data;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A plain, finite, ordered pass over labelled images for test or validation error: normalised like the training
 * batches, no augmentation, one-hot labels, the last batch possibly smaller. Resettable; single-threaded.
 *
 * <pre>{@code
 * DataSetIterator test = new EvaluationDataSetIterator(testSet, null, 256, it.normalization(), ImageFormat.NHWC);
 * Evaluation eval = teacher.evaluate(test);
 * }</pre>
 */
public final class EvaluationDataSetIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final transient ImageDataset dataset;
    private final int[] indices;
    private final int batchSize;
    private final ChannelNormalization normalization;
    private final ImageFormat format;
    private int cursor;
    private transient DataSetPreProcessor preProcessor;

    /**
     * @param dataset       the images; every selected image must have a label
     * @param indices       which images, in this order; {@code null} means all
     * @param batchSize     rows per batch, {@code >= 1}
     * @param normalization the training normalisation, same channel count as the dataset
     * @param format        feature layout
     * @throws IllegalArgumentException if an argument is out of range or a selected image has no label
     */
    public EvaluationDataSetIterator(ImageDataset dataset, int[] indices, int batchSize,
                                     ChannelNormalization normalization, ImageFormat format) {
        this.dataset = Objects.requireNonNull(dataset, "dataset must not be null");
        this.normalization = Objects.requireNonNull(normalization, "normalization must not be null");
        this.format = Objects.requireNonNull(format, "format must not be null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, found " + batchSize);
        }
        if (normalization.channels() != dataset.channels()) {
            throw new IllegalArgumentException("normalization must have " + dataset.channels()
                    + " channels like the dataset, found " + normalization.channels());
        }
        int[] chosen = indices == null ? java.util.stream.IntStream.range(0, dataset.size()).toArray()
                : indices.clone();
        for (int index : chosen) {
            Objects.checkIndex(index, dataset.size());
            if (dataset.label(index) < 0) {
                throw new IllegalArgumentException("evaluation images must have a class, found image " + index
                        + " with label " + dataset.label(index));
            }
        }
        this.indices = chosen;
        this.batchSize = batchSize;
    }

    @Override
    public boolean hasNext() {
        return cursor < indices.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    /**
     * @param num rows wanted, {@code >= 1}; fewer are returned at the end
     * @return the next batch
     * @throws NoSuchElementException if no image is left
     */
    @Override
    public DataSet next(int num) {
        if (num < 1) {
            throw new IllegalArgumentException("num must be >= 1, found " + num);
        }
        if (!hasNext()) {
            throw new NoSuchElementException("all " + indices.length + " images were returned; call reset()");
        }
        int rows = Math.min(num, indices.length - cursor);
        int h = dataset.height();
        int w = dataset.width();
        int c = dataset.channels();
        int pixels = h * w * c;
        int classes = dataset.numClasses();
        float[] x = new float[rows * pixels];
        float[] y = new float[rows * classes];
        for (int r = 0; r < rows; r++) {
            int index = indices[cursor + r];
            normalization.write(dataset.image(index), format, x, r * pixels);
            y[r * classes + dataset.label(index)] = 1f;
        }
        cursor += rows;
        DataSet ds = new DataSet(Nd4j.create(x, format.shape(rows, h, w, c), 'c'),
                Nd4j.create(y, new long[] {rows, classes}, 'c'));
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** @return the number of images in one pass */
    public int numExamples() {
        return indices.length;
    }

    @Override
    public int inputColumns() {
        return dataset.height() * dataset.width() * dataset.channels();
    }

    @Override
    public int totalOutcomes() {
        return dataset.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    /** Starts a new pass from the first image. */
    @Override
    public void reset() {
        cursor = 0;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return dataset.classNames();
    }

    @Override
    public String toString() {
        return "EvaluationDataSetIterator(dataset=" + dataset.name() + ",images=" + indices.length + ",batchSize="
                + batchSize + ",format=" + format + ")";
    }
}
