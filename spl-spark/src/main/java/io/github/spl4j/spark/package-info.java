/**
 * FixMatch / Smooth FixMatch training on Apache Spark through DL4J's dl4j-spark parameter averaging:
 * {@link io.github.spl4j.spark.SparkFixMatchTrainer} trains on an RDD with one whole FixMatch minibatch per record,
 * checks on every executor that the loss saw the expected layout, and updates the EMA teacher on the driver from the
 * averaged model after every round; {@link io.github.spl4j.spark.FixMatchBatches} builds such RDDs on the executors.
 */
package io.github.spl4j.spark;
