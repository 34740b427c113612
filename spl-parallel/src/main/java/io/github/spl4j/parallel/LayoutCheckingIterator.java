package io.github.spl4j.parallel;

import java.util.List;

import io.github.spl4j.dl4j.distributed.FixMatchLayoutGuard;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Passes a source's FixMatch minibatches through unchanged after {@link FixMatchLayoutGuard#check}, optionally
 * stopping after a number of batches (the FixMatch stream is infinite).
 */
final class LayoutCheckingIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final DataSetIterator source;
    private final FixMatchLayoutGuard guard;
    private final long limit;
    private long served;

    /**
     * @param source the FixMatch batches
     * @param guard  the layout check
     * @param limit  batches to serve at most (Long.MAX_VALUE for all)
     */
    LayoutCheckingIterator(DataSetIterator source, FixMatchLayoutGuard guard, long limit) {
        this.source = source;
        this.guard = guard;
        this.limit = limit;
    }

    long served() {
        return served;
    }

    @Override
    public boolean hasNext() {
        return served < limit && source.hasNext();
    }

    @Override
    public DataSet next() {
        DataSet batch = source.next();
        guard.check(batch);
        served++;
        return batch;
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("FixMatch minibatches are served whole; next(" + num
                + ") would re-batch them");
    }

    @Override
    public int inputColumns() {
        return source.inputColumns();
    }

    @Override
    public int totalOutcomes() {
        return source.totalOutcomes();
    }

    @Override
    public boolean resetSupported() {
        return false;
    }

    @Override
    public boolean asyncSupported() {
        return source.asyncSupported();
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("reset the source iterator instead");
    }

    @Override
    public int batch() {
        return guard.expected().rows();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        source.setPreProcessor(preProcessor);
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return source.getPreProcessor();
    }

    @Override
    public List<String> getLabels() {
        return source.getLabels();
    }
}
