package io.github.spl4j.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.github.spl4j.data.FixMatchBatchLayout;
import io.github.spl4j.dl4j.distributed.AveragedModelListener;
import io.github.spl4j.dl4j.distributed.DistributedModels;
import io.github.spl4j.dl4j.distributed.FixMatchLayoutGuard;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a FixMatch / Smooth FixMatch network on Apache Spark with dl4j-spark's parameter averaging, keeping every
 * FixMatch minibatch whole and the EMA teacher on the averaged model.
 *
 * <p><b>Whole minibatches.</b> The training data are an RDD with one complete minibatch
 * {@code [B labelled | N weak | N strong]} per record (see {@link FixMatchBatches}). The training master is set up so
 * that dl4j-spark passes records through unchanged: {@code batchSizePerWorker} and {@code rddDataSetNumExamples} both
 * equal the layout's row count (its worker-side re-batching then neither cuts nor merges), the {@code Direct} RDD
 * approach (the default {@code Export} approach re-batches rows while writing them out), record-level repartitioning
 * only. Every record is checked with {@link FixMatchLayoutGuard#check} before training, and the guard also runs as a
 * training listener on every executor's network, failing the Spark job with a message naming both layouts if the loss
 * saw anything else.
 *
 * <p><b>Rounds and the EMA teacher.</b> One round trains {@code averagingFrequency} minibatches on each of
 * {@code workers} executor slots, then averages parameters (and updater state) on the driver. The trainer runs one
 * dl4j-spark fit per round over the round's records (in record order) and afterwards calls the
 * {@link AveragedModelListener}s with the driver's network, which then holds the averaged parameters: the EMA teacher
 * updates once per round from the averaged student.
 *
 * <p>Usage:
 * <pre>{@code
 * SparkFixMatchTrainer trainer = SparkFixMatchTrainer.builder(sc, net, layout)
 *         .workers(8).averagedModelListener(AveragedModelListener.of(emaTeacher)).build();
 * List<Double> scores = trainer.fit(FixMatchBatches.fromSteps(sc, 0, steps, 8, batchFactory));
 * }</pre>
 */
public final class SparkFixMatchTrainer {
    /** Default number of minibatches each worker trains between averagings. */
    public static final int DEFAULT_AVERAGING_FREQUENCY = 1;

    private static final Logger LOG = LoggerFactory.getLogger(SparkFixMatchTrainer.class);

    private final JavaSparkContext sc;
    private final Model model;
    private final FixMatchBatchLayout layout;
    private final int workers;
    private final int averagingFrequency;
    private final List<AveragedModelListener> listeners;
    private final FixMatchLayoutGuard guard;
    private final SparkDl4jMultiLayer sparkNet;
    private final SparkComputationGraph sparkGraph;
    private long rounds;

    private SparkFixMatchTrainer(Builder b) {
        this.sc = b.sc;
        this.model = b.model;
        this.layout = b.layout;
        this.workers = b.workers > 0 ? b.workers : sc.defaultParallelism();
        this.averagingFrequency = b.averagingFrequency;
        this.listeners = List.copyOf(b.listeners);
        this.guard = new FixMatchLayoutGuard(layout);
        int rows = layout.rows();
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, rows)
                .batchSizePerWorker(rows)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.NumPartitionsWorkersDiffers)
                .rngSeed(b.seed)
                .build();
        if (model instanceof MultiLayerNetwork) {
            this.sparkNet = new SparkDl4jMultiLayer(sc, (MultiLayerNetwork) model, master);
            this.sparkGraph = null;
            sparkNet.setListeners(guard);
        } else {
            this.sparkNet = null;
            this.sparkGraph = new SparkComputationGraph(sc, (ComputationGraph) model, master);
            sparkGraph.setListeners(guard);
        }
    }

    /**
     * @param sc     the Spark context
     * @param model  an initialised MultiLayerNetwork or ComputationGraph whose output layer uses
     *               {@link io.github.spl4j.loss.SmoothPseudoLabelLossFunction}
     * @param layout the layout of every minibatch
     * @return a builder
     */
    public static Builder builder(JavaSparkContext sc, Model model, FixMatchBatchLayout layout) {
        return new Builder(sc, model, layout);
    }

    /**
     * Trains on every record of {@code batches} once, in record order, one averaging round at a time.
     *
     * @param batches one whole FixMatch minibatch per record
     * @return the averaged training score (the FixMatch loss L) of every round, in order
     * @throws IllegalArgumentException if {@code batches} is null or empty, or a record does not have the trainer's
     *                                  layout (the message names the record)
     * @throws org.apache.spark.SparkException wrapped in a runtime exception if an executor failed (for example
     *                                  the layout guard saw a split minibatch)
     */
    public synchronized List<Double> fit(JavaRDD<DataSet> batches) {
        if (batches == null) {
            throw new IllegalArgumentException("batches must not be null");
        }
        JavaPairRDD<Long, DataSet> indexed = batches.zipWithIndex().mapToPair(t -> new scala.Tuple2<>(t._2, t._1))
                .persist(StorageLevel.MEMORY_ONLY());
        try {
            long count = validate(indexed);
            long perRound = (long) workers * averagingFrequency;
            int epoch = epochCount();
            List<Double> scores = new ArrayList<>();
            for (long start = 0; start < count; start += perRound) {
                final long from = start;
                final long to = Math.min(count, start + perRound);
                JavaRDD<DataSet> round = indexed.filter(t -> t._1 >= from && t._1 < to).values();
                scores.add(fitRound(round));
                setEpochCount(epoch); // dl4j-spark counts every fit as an epoch; one call of this method is one
                rounds++;
                for (AveragedModelListener l : listeners) {
                    l.onAveraged(network(), rounds);
                }
                LOG.debug("round {}: records [{}, {}), averaged score {}", rounds, from, to,
                        scores.get(scores.size() - 1));
            }
            setEpochCount(epoch + 1);
            return Collections.unmodifiableList(scores);
        } finally {
            indexed.unpersist(false);
        }
    }

    /** Checks every record's layout on the executors; returns the record count. */
    private long validate(JavaPairRDD<Long, DataSet> indexed) {
        FixMatchLayoutGuard g = guard;
        List<String> problems = indexed.flatMap(t -> {
            try {
                g.check(t._2);
                return Collections.<String>emptyIterator();
            } catch (IllegalArgumentException e) {
                return Collections.singletonList("record " + t._1 + ": " + e.getMessage()).iterator();
            }
        }).take(1);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
        long count = indexed.count();
        if (count == 0) {
            throw new IllegalArgumentException("batches must hold at least one FixMatch minibatch, found none");
        }
        return count;
    }

    private double fitRound(JavaRDD<DataSet> round) {
        if (sparkNet != null) {
            sparkNet.fit(round);
            return sparkNet.getScore();
        }
        sparkGraph.fit(round);
        return sparkGraph.getScore();
    }

    private int epochCount() {
        return sparkNet != null ? sparkNet.getNetwork().getEpochCount() : sparkGraph.getNetwork().getEpochCount();
    }

    private void setEpochCount(int epoch) {
        if (sparkNet != null) {
            sparkNet.getNetwork().setEpochCount(epoch);
        } else {
            sparkGraph.getNetwork().getConfiguration().setEpochCount(epoch);
        }
    }

    /** @return the driver's network; it holds the averaged parameters after each round */
    public Model network() {
        return sparkNet != null ? sparkNet.getNetwork() : sparkGraph.getNetwork();
    }

    /** @return the dl4j-spark wrapper of a MultiLayerNetwork (for distributed evaluation), or null for a graph */
    public SparkDl4jMultiLayer sparkMultiLayer() {
        return sparkNet;
    }

    /** @return the dl4j-spark wrapper of a ComputationGraph, or null for a MultiLayerNetwork */
    public SparkComputationGraph sparkGraph() {
        return sparkGraph;
    }

    /** @return the layout guard (the driver's copy; executors count on their own copies) */
    public FixMatchLayoutGuard guard() {
        return guard;
    }

    /** @return averaging rounds so far */
    public synchronized long rounds() {
        return rounds;
    }

    /** @return the number of worker slots per round */
    public int workers() {
        return workers;
    }

    @Override
    public String toString() {
        return "SparkFixMatchTrainer(workers=" + workers + ", averagingFrequency=" + averagingFrequency
                + ", layout=" + layout + ", listeners=" + listeners.size() + ")";
    }

    /** Builder; the Spark context, the model and the layout are given to {@link #builder}. */
    public static final class Builder {
        private final JavaSparkContext sc;
        private final Model model;
        private final FixMatchBatchLayout layout;
        private int workers;
        private int averagingFrequency = DEFAULT_AVERAGING_FREQUENCY;
        private long seed = 12345L;
        private final List<AveragedModelListener> listeners = new ArrayList<>();

        private Builder(JavaSparkContext sc, Model model, FixMatchBatchLayout layout) {
            this.sc = Objects.requireNonNull(sc, "sc must not be null");
            this.model = DistributedModels.requireInitialised(model);
            this.layout = Objects.requireNonNull(layout, "layout must not be null");
        }

        /**
         * @param workers minibatches trained in parallel per round (executor cores doing training), &gt;= 1;
         *                default: the context's default parallelism
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
         * @param averagingFrequency minibatches each worker trains between averagings, &gt;= 1; default
         *                           {@value #DEFAULT_AVERAGING_FREQUENCY}
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
         * @param seed seed of the training master's random split of an RDD (unused when every round fits in one
         *             split, which this trainer arranges); default 12345
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param listener called on the driver with the averaged network after every round (the EMA teacher)
         * @return this builder
         */
        public Builder averagedModelListener(AveragedModelListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /** @return the trainer */
        public SparkFixMatchTrainer build() {
            return new SparkFixMatchTrainer(this);
        }
    }
}
