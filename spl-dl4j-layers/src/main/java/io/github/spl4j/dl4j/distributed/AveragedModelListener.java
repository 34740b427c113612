package io.github.spl4j.dl4j.distributed;

import java.util.Objects;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * Called by a distributed trainer after every parameter-averaging round with the averaged model, on the
 * thread that called {@code fit}, while no worker is training. This is where an EMA teacher updates: from the averaged
 * student, once per round, instead of from each worker's private replica after each of its steps.
 *
 * <p>Implementations must not keep a view of {@code averagedModel.params()} (the next round overwrites it); copy it
 * ({@code dup()}) if needed.
 */
@FunctionalInterface
public interface AveragedModelListener {

    /**
     * @param averagedModel the model holding the averaged parameters (the root model of a ParallelWrapper, the driver's network on Spark)
     * @param round         1 for the first averaging round of this trainer, then 2, 3, ...
     */
    void onAveraged(Model averagedModel, long round);

    /**
     * Adapts a DL4J training listener (for example an EMA teacher written as a {@link TrainingListener}): its
     * {@code iterationDone(model, iteration, epoch)} is called with the averaged model, iteration = round - 1 and
     * epoch 0.
     *
     * @param listener the listener to drive from averaging rounds
     * @return an adapter
     * @throws NullPointerException if {@code listener} is null
     */
    static AveragedModelListener of(TrainingListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        return (model, round) -> listener.iterationDone(model, (int) Math.min(Integer.MAX_VALUE, round - 1), 0);
    }
}
