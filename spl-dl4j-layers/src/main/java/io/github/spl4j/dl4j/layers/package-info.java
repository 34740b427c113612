/**
 * Fast CPU layers for DL4J: {@link io.github.spl4j.dl4j.layers.FastBatchNormalization} (batch normalisation with an
 * optional fused, branch-free leaky ReLU; NCHW and NHWC; a drop-in for DL4J's configuration) and
 * {@link io.github.spl4j.dl4j.layers.ConvBlocks}, which adds the convolution + batch norm + leaky ReLU block to
 * {@code MultiLayerNetwork} lists and {@code ComputationGraph} graphs.
 */
package io.github.spl4j.dl4j.layers;
