package io.github.spl4j.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.dataset.DataSet;

/**
 * RDDs with exactly one whole FixMatch minibatch per record, the only shape {@link SparkFixMatchTrainer} accepts.
 *
 * <p>Build batches with these methods (or with {@code map} over step numbers yourself); never with operations that
 * work on rows ({@code flatMap} into examples, DL4J's {@code BatchDataSetsFunction} / {@code SplitDataSetsFunction},
 * exporting with another batch size): they would cut or merge FixMatch minibatches. Record-level operations
 * ({@code repartition}, {@code coalesce}, {@code union}, {@code sample}) are safe: they move whole records.
 */
public final class FixMatchBatches {

    private FixMatchBatches() {
    }

    /**
     * Distributes step numbers and builds each step's batch on the executor that trains on it, so that image data
     * are read there (from a shared file system) instead of being shipped from the driver.
     *
     * @param sc         the Spark context
     * @param firstStep  first global step, &gt;= 0
     * @param steps      number of steps (records), &gt;= 1
     * @param partitions number of partitions, &gt;= 1 (usually the number of workers)
     * @param factory    builds the batch of a step on the executor
     * @return an RDD of {@code steps} FixMatch minibatches, in step order
     * @throws IllegalArgumentException if a number is out of range or an argument is null
     */
    public static JavaRDD<DataSet> fromSteps(JavaSparkContext sc, long firstStep, int steps, int partitions,
                                             BatchFactory factory) {
        if (sc == null || factory == null) {
            throw new IllegalArgumentException("sc and factory must not be null");
        }
        if (firstStep < 0) {
            throw new IllegalArgumentException("firstStep must be >= 0, found " + firstStep);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, found " + steps);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, found " + partitions);
        }
        List<Long> stepNumbers = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            stepNumbers.add(firstStep + i);
        }
        return sc.parallelize(stepNumbers, partitions).map(factory::batch);
    }

    /**
     * Ships batches built on the driver (small data sets, tests).
     *
     * @param sc         the Spark context
     * @param batches    whole FixMatch minibatches, at least one
     * @param partitions number of partitions, &gt;= 1
     * @return an RDD with one record per batch
     * @throws IllegalArgumentException if {@code batches} is empty or {@code partitions} &lt; 1
     */
    public static JavaRDD<DataSet> fromDriver(JavaSparkContext sc, List<DataSet> batches, int partitions) {
        if (sc == null || batches == null || batches.isEmpty()) {
            throw new IllegalArgumentException("sc must not be null and batches must hold at least one batch");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, found " + partitions);
        }
        return sc.parallelize(batches, partitions);
    }
}
