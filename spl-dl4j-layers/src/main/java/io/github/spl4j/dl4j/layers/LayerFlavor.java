package io.github.spl4j.dl4j.layers;

/** Which implementation of batch norm + leaky ReLU a model builder uses. */
public enum LayerFlavor {
    /** spl4j's {@link FastBatchNormalization} with the leaky ReLU fused in (one layer). */
    SPL4J,
    /**
     * DL4J's stock {@code BatchNormalization} followed by an {@code ActivationLayer} with {@code ActivationLReLU} (two
     * layers); for comparisons and benchmarks.
     */
    DL4J_STOCK
}
