/**
 * FixMatch / Smooth FixMatch training on several devices (CPU cores or GPUs) of one machine through DL4J's
 * {@code ParallelWrapper}: {@link io.github.spl4j.parallel.FixMatchParallelTrainer} hands every worker whole FixMatch
 * minibatches, checks the layout on both sides, and calls {@link io.github.spl4j.parallel.AveragedModelListener}s
 * (the EMA teacher) with the averaged model after every averaging round.
 */
package io.github.spl4j.parallel;
