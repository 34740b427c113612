package io.github.spl4j.data;

/**
 * Memory layout of the feature arrays the iterators produce. The constant names match DL4J's {@code CNN2DFormat}
 * ({@code ImageFormat.valueOf(cnn2dFormat.name())} converts), which lives in {@code deeplearning4j-nn}, a module
 * spl-core does not depend on.
 */
public enum ImageFormat {
    /** {@code [minibatch, channels, height, width]}, DL4J's default for convolution layers. */
    NCHW,
    /** {@code [minibatch, height, width, channels]}, what spl4j's models use. */
    NHWC;

    /**
     * @param rows     minibatch size
     * @param height   image height
     * @param width    image width
     * @param channels channels
     * @return the feature array shape in this layout
     */
    public long[] shape(int rows, int height, int width, int channels) {
        return this == NCHW ? new long[] {rows, channels, height, width} : new long[] {rows, height, width, channels};
    }
}
