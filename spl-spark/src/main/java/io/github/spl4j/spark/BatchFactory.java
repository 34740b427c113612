package io.github.spl4j.spark;

import java.io.Serializable;

import org.nd4j.linalg.dataset.DataSet;

/**
 * Builds the FixMatch minibatch of one training step on a Spark executor. Spark serialises the factory to every
 * executor, so it must be {@link Serializable} and should hold only a recipe (paths on a shared file system, a label
 * split, augmentation settings, a root seed), never loaded arrays. It must be deterministic in {@code step} so that a
 * re-executed task (Spark retries failed tasks) trains on the same batch.
 */
@FunctionalInterface
public interface BatchFactory extends Serializable {

    /**
     * @param step the global training step, &gt;= 0
     * @return the whole FixMatch minibatch {@code [B labelled | N weak | N strong]} of that step
     */
    DataSet batch(long step);
}
