package io.github.spl4j.dl4j.distributed;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** The check every multi-worker trainer makes on the network it is given. */
public final class DistributedModels {
    private DistributedModels() {
    }

    /**
     * @param model the network to train
     * @return {@code model}
     * @throws IllegalArgumentException if it is not an initialised {@link MultiLayerNetwork} or {@link ComputationGraph}
     */
    public static Model requireInitialised(Model model) {
        if (!(model instanceof MultiLayerNetwork) && !(model instanceof ComputationGraph)) {
            throw new IllegalArgumentException("model must be a MultiLayerNetwork or ComputationGraph, found "
                    + (model == null ? "null" : model.getClass().getName()));
        }
        if (model.params() == null) {
            throw new IllegalArgumentException("model must be initialised (call init()) before training");
        }
        return model;
    }
}
