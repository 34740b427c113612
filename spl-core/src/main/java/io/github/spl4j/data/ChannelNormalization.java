package io.github.spl4j.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import io.github.spl4j.augment.ByteImage;

/**
 * Per-channel normalisation of 8-bit pixels: {@code x = (v / 255 - mean[c]) / std[c]}, with mean and std on the
 * [0, 1] pixel scale (the convention of torchvision and the FixMatch reference code). Immutable.
 *
 * <pre>{@code
 * ChannelNormalization norm = ChannelNormalization.compute(train, split.unlabeled());
 * }</pre>
 */
public final class ChannelNormalization implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final double MAX_PIXEL = 255.0;
    /** Lowest std accepted from {@link #compute}: constant channels are scaled as if std were this. */
    public static final double MIN_STD = 1e-6;

    private final double[] mean;
    private final double[] std;
    private final float[][] table;

    /**
     * @param mean per-channel mean on the [0, 1] scale, finite; 1 or 3 values
     * @param std  per-channel standard deviation on the [0, 1] scale, finite and {@code > 0}; as many as mean
     * @throws IllegalArgumentException if a value is out of range or the lengths differ
     */
    public ChannelNormalization(double[] mean, double[] std) {
        Objects.requireNonNull(mean, "mean must not be null");
        Objects.requireNonNull(std, "std must not be null");
        if (mean.length != 1 && mean.length != 3) {
            throw new IllegalArgumentException("mean must have 1 or 3 values (one per channel), found "
                    + mean.length);
        }
        if (std.length != mean.length) {
            throw new IllegalArgumentException("std must have as many values as mean (" + mean.length + "), found "
                    + std.length);
        }
        for (int c = 0; c < mean.length; c++) {
            if (!Double.isFinite(mean[c])) {
                throw new IllegalArgumentException("mean[" + c + "] must be finite, found " + mean[c]);
            }
            if (!(std[c] > 0) || !Double.isFinite(std[c])) {
                throw new IllegalArgumentException("std[" + c + "] must be finite and > 0, found " + std[c]);
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
        this.table = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            for (int v = 0; v < 256; v++) {
                table[c][v] = (float) ((v / MAX_PIXEL - mean[c]) / std[c]);
            }
        }
    }

    /**
     * @param channels 1 or 3
     * @return the normalisation {@code x = v / 255} (mean 0, std 1)
     */
    public static ChannelNormalization unit(int channels) {
        double[] zeros = new double[channels];
        double[] ones = new double[channels];
        Arrays.fill(ones, 1.0);
        return new ChannelNormalization(zeros, ones);
    }

    /**
     * Computes per-channel mean and (population) standard deviation over some images of a dataset.
     *
     * @param dataset the images
     * @param indices which images, at least one; {@code null} means all
     * @return the normalisation
     * @throws IllegalArgumentException if no image is selected
     */
    public static ChannelNormalization compute(ImageDataset dataset, int[] indices) {
        Objects.requireNonNull(dataset, "dataset must not be null");
        int n = indices == null ? dataset.size() : indices.length;
        if (n == 0) {
            throw new IllegalArgumentException("cannot compute a normalisation from 0 images");
        }
        int channels = dataset.channels();
        long[] sum = new long[channels];
        long[] sumSq = new long[channels];
        for (int k = 0; k < n; k++) {
            byte[] data = dataset.image(indices == null ? k : indices[k]).data();
            for (int p = 0; p < data.length; p++) {
                int v = data[p] & 0xFF;
                sum[p % channels] += v;
                sumSq[p % channels] += (long) v * v;
            }
        }
        double count = (double) n * dataset.height() * dataset.width();
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / count;
            double var = Math.max(0.0, sumSq[c] / count - m * m);
            mean[c] = m / MAX_PIXEL;
            std[c] = Math.max(MIN_STD, Math.sqrt(var) / MAX_PIXEL);
        }
        return new ChannelNormalization(mean, std);
    }

    /** @return the number of channels */
    public int channels() {
        return mean.length;
    }

    /** @return per-channel means on the [0, 1] scale (a copy) */
    public double[] mean() {
        return mean.clone();
    }

    /** @return per-channel standard deviations on the [0, 1] scale (a copy) */
    public double[] std() {
        return std.clone();
    }

    /**
     * @param value   pixel value 0..255
     * @param channel channel index
     * @return the normalised value
     */
    public float apply(int value, int channel) {
        return table[channel][value];
    }

    /**
     * Writes one image, normalised, into {@code out} starting at {@code offset}, in the given layout.
     *
     * @param image  the image; its channel count must equal {@link #channels()}
     * @param format NHWC copies the interleaved order, NCHW writes channel planes
     * @param out    destination
     * @param offset first index written
     */
    public void write(ByteImage image, ImageFormat format, float[] out, int offset) {
        if (image.channels() != mean.length) {
            throw new IllegalArgumentException("image must have " + mean.length + " channels, found "
                    + image.channels());
        }
        byte[] data = image.data();
        int channels = mean.length;
        if (format == ImageFormat.NHWC || channels == 1) {
            for (int p = 0; p < data.length; p++) {
                out[offset + p] = table[p % channels][data[p] & 0xFF];
            }
        } else {
            int plane = image.height() * image.width();
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < channels; c++) {
                    out[offset + c * plane + p] = table[c][data[p * channels + c] & 0xFF];
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ChannelNormalization)) {
            return false;
        }
        ChannelNormalization other = (ChannelNormalization) o;
        return Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ChannelNormalization(mean=%s,std=%s)", Arrays.toString(mean),
                Arrays.toString(std));
    }
}
