/**
 * Atomic, checksummed training checkpoints (model with updater state, EMA teacher, data position, split, config)
 * and resuming from the newest valid one ({@link io.github.spl4j.dl4j.checkpoint.CheckpointStore}).
 */
package io.github.spl4j.dl4j.checkpoint;
