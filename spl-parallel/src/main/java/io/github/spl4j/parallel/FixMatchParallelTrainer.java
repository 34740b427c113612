package io.github.spl4j.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.spl4j.data.FixMatchBatchLayout;
import io.github.spl4j.dl4j.distributed.AveragedModelListener;
import io.github.spl4j.dl4j.distributed.DistributedModels;
import io.github.spl4j.dl4j.distributed.FixMatchLayoutGuard;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.trainer.Trainer;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a FixMatch / Smooth FixMatch network on several devices of one machine with DL4J's {@link ParallelWrapper}
 * in parameter-averaging mode, without changing the FixMatch data, loss or teacher.
 *
 * <p><b>Whole minibatches.</b> {@code ParallelWrapper.fit(DataSetIterator)} takes one {@code DataSet} per worker from
 * the iterator and hands it to that worker's model as it is (DL4J 1.0.0-M2.1 never splits or merges them), so each
 * worker trains on complete {@code [B labelled | N weak | N strong]} minibatches. This trainer enforces it: every batch
 * is checked against the expected {@link FixMatchBatchLayout} before it is handed out, and a {@link
 * FixMatchLayoutGuard} listener on every worker model checks what the loss actually saw after each step. Either check
 * fails {@code fit} with a message that names both layouts.
 *
 * <p><b>EMA teacher.</b> After every averaging round (every {@code averagingFrequency} rounds of one minibatch per
 * worker) the {@link AveragedModelListener}s are called with the root model, which then holds the averaged parameters
 * (worker 0 trains the root model itself; the others are replicas). Attach the EMA teacher here, not as a training
 * listener: DL4J shares training listeners between the workers, so a teacher listener would be updated by every
 * replica from its private, un-averaged parameters.
 *
 * <p>Usage:
 * <pre>{@code
 * try (FixMatchParallelTrainer trainer = FixMatchParallelTrainer.builder(net, iterator.layout())
 *         .workers(2).averagedModelListener(AveragedModelListener.of(emaTeacher)).build()) {
 *     trainer.fit(iterator, steps);
 * }
 * }</pre>
 *
 * <p>The wrapper takes over the model's own training listeners (ParallelWrapper moves them to its workers). One step of
 * this trainer is one minibatch on one worker: {@code steps} batches train {@code steps / workers} rounds.
 */
public final class FixMatchParallelTrainer implements AutoCloseable {
    /** Default number of rounds between parameter averagings. */
    public static final int DEFAULT_AVERAGING_FREQUENCY = 1;
    /** Default number of batches ParallelWrapper prefetches per worker (used only if the source allows it). */
    public static final int DEFAULT_PREFETCH = 2;

    private static final Logger LOG = LoggerFactory.getLogger(FixMatchParallelTrainer.class);

    private final Model model;
    private final FixMatchBatchLayout layout;
    private final int workers;
    private final int averagingFrequency;
    private final int prefetch;
    private final List<AveragedModelListener> listeners;
    private final FixMatchLayoutGuard guard;
    private final ParallelWrapper wrapper;
    private long notifiedRounds;
    private boolean closed;

    private FixMatchParallelTrainer(Builder b) {
        this.model = b.model;
        this.layout = b.layout;
        this.workers = b.workers;
        this.averagingFrequency = b.averagingFrequency;
        this.prefetch = b.prefetch;
        this.listeners = List.copyOf(b.listeners);
        this.guard = new FixMatchLayoutGuard(layout);
        this.wrapper = new ParallelWrapper.Builder<>(model)
                .workers(workers)
                .trainingMode(ParallelWrapper.TrainingMode.AVERAGING)
                .averagingFrequency(averagingFrequency)
                .averageUpdaters(true)
                .prefetchBuffer(prefetch)
                .reportScoreAfterAveraging(false)
                .build();
        wrapper.setListeners(guard);
        wrapper.setModelParamsSupplier(() -> {
            notifyIfAveraged();
            return null; // never replaces parameters: the supplier is only the round-start hook
        });
    }

    /**
     * @param model  an initialised MultiLayerNetwork or ComputationGraph whose output layer uses
     *               {@link io.github.spl4j.loss.SmoothPseudoLabelLossFunction}
     * @param layout the layout of every minibatch the trainer will see
     * @return a builder
     */
    public static Builder builder(Model model, FixMatchBatchLayout layout) {
        return new Builder(model, layout);
    }

    /**
     * Trains on at most {@code maxBatches} minibatches of {@code source} (one per worker per round).
     *
     * @param source     FixMatch minibatches, each with the trainer's layout (for example a
     *                   {@code FixMatchDataSetIterator})
     * @param maxBatches how many minibatches to train on at most, &gt;= 1 (the FixMatch stream is infinite)
     * @return how many minibatches were trained on
     * @throws IllegalArgumentException if {@code maxBatches} &lt; 1 or {@code source} is null
     * @throws IllegalStateException    if the trainer is closed, or training failed (a batch with another layout, a
     *                                  worker error); the message carries the first cause's message
     */
    public synchronized long fit(DataSetIterator source, long maxBatches) {
        if (closed) {
            throw new IllegalStateException("the trainer is closed");
        }
        if (source == null) {
            throw new IllegalArgumentException("source must not be null");
        }
        if (maxBatches < 1) {
            throw new IllegalArgumentException("maxBatches must be >= 1, found " + maxBatches);
        }
        LayoutCheckingIterator checked = new LayoutCheckingIterator(source, guard, maxBatches);
        try {
            wrapper.fit(checked);
        } catch (RuntimeException e) {
            closeWrapperQuietly();
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException("parallel FixMatch training failed after " + checked.served()
                    + " batches: " + root.getMessage(), e);
        }
        notifyIfAveraged();
        LOG.debug("trained {} FixMatch batches on {} workers, {} averaging rounds so far", checked.served(), workers,
                notifiedRounds);
        return checked.served();
    }

    /** Calls the listeners if an averaging happened since the last call; runs while no worker trains. */
    private void notifyIfAveraged() {
        long completedRounds = wrapper.getIterationsCounter().get();
        long averagings = completedRounds / averagingFrequency;
        if (averagings > notifiedRounds) {
            notifiedRounds = averagings;
            for (AveragedModelListener l : listeners) {
                l.onAveraged(model, notifiedRounds);
            }
        }
    }

    /** @return the workers' models while {@code fit} runs (worker 0 is the root model), else an empty array */
    Model[] workerModels() {
        Trainer[] zoo = wrapper.getZoo();
        if (zoo == null) {
            return new Model[0];
        }
        Model[] models = new Model[zoo.length];
        for (int i = 0; i < zoo.length; i++) {
            models[i] = zoo[i].getModel();
        }
        return models;
    }

    /** @return the layout guard shared by the workers ({@link FixMatchLayoutGuard#checkedIterations()} counts steps) */
    public FixMatchLayoutGuard guard() {
        return guard;
    }

    /** @return averaging rounds so far (how often the listeners were called) */
    public synchronized long rounds() {
        return notifiedRounds;
    }

    /** @return the model being trained; it holds the averaged parameters after {@code fit} */
    public Model model() {
        return model;
    }

    /** @return the number of workers */
    public int workers() {
        return workers;
    }

    /** Stops the wrapper's worker threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeWrapperQuietly();
        }
    }

    private void closeWrapperQuietly() {
        try {
            wrapper.close();
        } catch (Exception e) {
            LOG.warn("closing the ParallelWrapper failed: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "FixMatchParallelTrainer(workers=" + workers + ", averagingFrequency=" + averagingFrequency
                + ", prefetch=" + prefetch + ", layout=" + layout + ", listeners=" + listeners.size() + ")";
    }

    /** Builder; the model and the layout are required and given to {@link #builder}. */
    public static final class Builder {
        private final Model model;
        private final FixMatchBatchLayout layout;
        private int workers = 2;
        private int averagingFrequency = DEFAULT_AVERAGING_FREQUENCY;
        private int prefetch = DEFAULT_PREFETCH;
        private final List<AveragedModelListener> listeners = new ArrayList<>();

        private Builder(Model model, FixMatchBatchLayout layout) {
            this.model = DistributedModels.requireInitialised(model);
            this.layout = Objects.requireNonNull(layout, "layout must not be null");
        }

        /**
         * @param workers worker threads (one model replica each; on CUDA, spread over the GPUs), &gt;= 1; default 2
         * @return this builder
         */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, found " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * @param averagingFrequency rounds (one minibatch per worker each) between parameter averagings, &gt;= 1;
         *                           default {@value #DEFAULT_AVERAGING_FREQUENCY}
         * @return this builder
         */
        public Builder averagingFrequency(int averagingFrequency) {
            if (averagingFrequency < 1) {
                throw new IllegalArgumentException("averagingFrequency must be >= 1, found " + averagingFrequency);
            }
            this.averagingFrequency = averagingFrequency;
            return this;
        }

        /**
         * @param prefetch batches ParallelWrapper prefetches per worker, &gt;= 0 (0 disables it; ignored when the
         *                 source does not support asynchronous use); default {@value #DEFAULT_PREFETCH}
         * @return this builder
         */
        public Builder prefetch(int prefetch) {
            if (prefetch < 0) {
                throw new IllegalArgumentException("prefetch must be >= 0, found " + prefetch);
            }
            this.prefetch = prefetch;
            return this;
        }

        /**
         * @param listener called with the averaged model after every averaging round (the EMA teacher)
         * @return this builder
         */
        public Builder averagedModelListener(AveragedModelListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /** @return the trainer (starts no thread until {@code fit}) */
        public FixMatchParallelTrainer build() {
            return new FixMatchParallelTrainer(this);
        }
    }
}
