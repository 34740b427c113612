/**
 * Fast CPU layers for DL4J: {@link io.github.spl4j.dl4j.layers.FastConvolution} (libnd4j's conv2d ops called
 * directly, optionally without the input gradient for the first layer) and
 * {@link io.github.spl4j.dl4j.layers.FastBatchNormalization} (batch normalisation with an optional fused, branch-free
 * leaky ReLU), both NCHW and NHWC drop-ins for DL4J's configurations with the same parameters; and
 * {@link io.github.spl4j.dl4j.layers.ConvBlocks}, which adds convolution and batch norm + leaky ReLU in a chosen
 * {@link io.github.spl4j.dl4j.layers.LayerFlavor} to {@code MultiLayerNetwork} lists and {@code ComputationGraph}
 * graphs.
 */
package io.github.spl4j.dl4j.layers;
