/**
 * Pieces shared by the distributed trainers (spl-parallel's ParallelWrapper trainer, spl-spark's Spark trainer):
 * {@link io.github.spl4j.dl4j.distributed.FixMatchLayoutGuard} makes sure FixMatch minibatches reach each worker's
 * loss whole, and {@link io.github.spl4j.dl4j.distributed.AveragedModelListener} is the hook through which the EMA
 * teacher follows the averaged model.
 */
package io.github.spl4j.dl4j.distributed;
