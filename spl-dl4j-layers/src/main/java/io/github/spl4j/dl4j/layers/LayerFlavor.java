package io.github.spl4j.dl4j.layers;

/** Which implementation of convolution and batch norm + leaky ReLU a model builder uses. */
public enum LayerFlavor {
    /**
     * spl4j's layers: {@link FastConvolution} (the first one without an input gradient) and
     * {@link FastBatchNormalization} with the leaky ReLU fused in (one layer).
     */
    SPL4J,
    /**
     * spl4j's {@link FastBatchNormalization} with the fused leaky ReLU, but DL4J's stock {@code ConvolutionLayer}; for
     * benchmarks that separate the two layers' share.
     */
    SPL4J_BATCH_NORM_ONLY,
    /**
     * DL4J's stock {@code ConvolutionLayer}, {@code BatchNormalization} and an {@code ActivationLayer} with
     * {@code ActivationLReLU}; for comparisons and benchmarks.
     */
    DL4J_STOCK
}
