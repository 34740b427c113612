package io.github.spl4j.augment;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The batch path from 8-bit images to network input: writes images, optionally augmenting them first, into a
 * preallocated {@code float[]} holding a whole minibatch, normalised per channel as torchvision's
 * {@code ToTensor()} + {@code Normalize(mean, std)} do ({@code (v/255 − mean[c]) / std[c]}), in NCHW or NHWC order.
 * Normalisation is one table lookup per value (a 256-entry table per channel), so the cost per image is a single pass.
 *
 * <p>Typical use by an iterator filling rows {@code [B labelled | N weak | N strong]}:
 * <pre>{@code
 * ImageBatchWriter w = new ImageBatchWriter(32, 32, 3, Layout.NCHW, CIFAR10_MEAN, CIFAR10_STD);
 * float[] x = w.allocate(b + 2 * n);
 * w.augmentInto(weak, labelled, i -> AugmentRandoms.forImage(seed, step, i), x, 0);
 * w.augmentInto(weak, unlabelled, i -> AugmentRandoms.forImage(seed ^ WEAK, step, i), x, b);
 * w.augmentInto(strong, unlabelled, i -> AugmentRandoms.forImage(seed ^ STRONG, step, i), x, b + n);
 * INDArray features = Nd4j.create(x, new long[] {b + 2 * n, 3, 32, 32}, 'c');
 * }</pre>
 * Calls on disjoint index ranges of the same array may run on different threads. Immutable and thread-safe.
 */
public final class ImageBatchWriter implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int LEVELS = 256;
    private static final float MAX = 255f;

    /** Memory order of one image in the output. */
    public enum Layout {
        /** channels, then rows, then columns (DL4J's default for CNNs). */
        NCHW,
        /** rows, then columns, then channels. */
        NHWC
    }

    private final int height;
    private final int width;
    private final int channels;
    private final Layout layout;
    private final float[] mean;
    private final float[] std;
    private final float[][] lut;

    /**
     * @param height   image rows, >= 1
     * @param width    image columns, >= 1
     * @param channels 1 or 3
     * @param layout   output order, not null
     * @param mean     per-channel mean in [0, 1] units ({@code channels} finite values)
     * @param std      per-channel standard deviation in [0, 1] units ({@code channels} finite values &gt; 0)
     * @throws IllegalArgumentException if an argument is out of range
     */
    public ImageBatchWriter(int height, int width, int channels, Layout layout, float[] mean, float[] std) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("height and width must be >= 1, found " + height + "x" + width);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, found " + channels);
        }
        if (layout == null) {
            throw new IllegalArgumentException("layout must not be null");
        }
        if (mean == null || mean.length != channels) {
            throw new IllegalArgumentException("mean must hold " + channels + " values, found "
                    + (mean == null ? "null" : Arrays.toString(mean)));
        }
        if (std == null || std.length != channels) {
            throw new IllegalArgumentException("std must hold " + channels + " values, found "
                    + (std == null ? "null" : Arrays.toString(std)));
        }
        for (int c = 0; c < channels; c++) {
            if (!Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("mean must be finite, found " + Arrays.toString(mean));
            }
            if (!(std[c] > 0) || !Float.isFinite(std[c])) {
                throw new IllegalArgumentException("std must be finite and > 0, found " + Arrays.toString(std));
            }
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.layout = layout;
        this.mean = mean.clone();
        this.std = std.clone();
        this.lut = new float[channels][LEVELS];
        for (int c = 0; c < channels; c++) {
            for (int v = 0; v < LEVELS; v++) {
                lut[c][v] = (v / MAX - mean[c]) / std[c];
            }
        }
    }

    /** @return a writer scaling values to [0, 1] (mean 0, std 1) */
    public static ImageBatchWriter unitRange(int height, int width, int channels, Layout layout) {
        float[] zeros = new float[channels];
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        return new ImageBatchWriter(height, width, channels, layout, zeros, ones);
    }

    /** @return floats per image, {@code height · width · channels} */
    public int imageLength() {
        return height * width * channels;
    }

    /** @return a zeroed buffer for {@code images} images */
    public float[] allocate(int images) {
        if (images < 0) {
            throw new IllegalArgumentException("images must be >= 0, found " + images);
        }
        return new float[Math.multiplyExact(images, imageLength())];
    }

    /**
     * Writes one normalised image at position {@code index} of {@code dest}.
     *
     * @throws IllegalArgumentException if the image has another shape or {@code index} is outside {@code dest}
     */
    public void write(ByteImage image, float[] dest, int index) {
        if (image.height() != height || image.width() != width || image.channels() != channels) {
            throw new IllegalArgumentException("image must be " + height + "x" + width + "x" + channels
                    + ", found " + image.height() + "x" + image.width() + "x" + image.channels());
        }
        int n = imageLength();
        if (index < 0 || (long) (index + 1) * n > dest.length) {
            throw new IllegalArgumentException("index must be in [0, " + dest.length / n + "), found " + index);
        }
        byte[] in = image.data();
        int base = index * n;
        if (channels == 1) {
            float[] l = lut[0];
            for (int i = 0; i < n; i++) {
                dest[base + i] = l[in[i] & 0xFF];
            }
        } else if (layout == Layout.NHWC) {
            float[] l0 = lut[0];
            float[] l1 = lut[1];
            float[] l2 = lut[2];
            for (int i = 0; i < n; i += 3) {
                dest[base + i] = l0[in[i] & 0xFF];
                dest[base + i + 1] = l1[in[i + 1] & 0xFF];
                dest[base + i + 2] = l2[in[i + 2] & 0xFF];
            }
        } else {
            int plane = height * width;
            for (int c = 0; c < 3; c++) {
                float[] l = lut[c];
                int o = base + c * plane;
                for (int p = 0, i = c; p < plane; p++, i += 3) {
                    dest[o + p] = l[in[i] & 0xFF];
                }
            }
        }
    }

    /**
     * Augments {@code images.get(i)} with {@code randoms.apply(i)} and writes it at {@code firstIndex + i}, for every
     * {@code i}.
     *
     * @param augmentation applied to each image (use {@link Augmentation#IDENTITY} for none)
     * @param images       source images, all of this writer's shape
     * @param randoms      the {@link Random} for the i-th image, e.g. {@link AugmentRandoms#forImage}
     * @param dest         the batch buffer
     * @param firstIndex   position of the first image in {@code dest}
     */
    public void augmentInto(Augmentation augmentation, List<ByteImage> images, IntFunction<Random> randoms,
                            float[] dest, int firstIndex) {
        for (int i = 0; i < images.size(); i++) {
            write(augmentation.apply(images.get(i), randoms.apply(i)), dest, firstIndex + i);
        }
    }

    /** @return image rows */
    public int getHeight() {
        return height;
    }

    /** @return image columns */
    public int getWidth() {
        return width;
    }

    /** @return channels */
    public int getChannels() {
        return channels;
    }

    /** @return output order */
    public Layout getLayout() {
        return layout;
    }

    /** @return a copy of the per-channel mean */
    public float[] getMean() {
        return mean.clone();
    }

    /** @return a copy of the per-channel standard deviation */
    public float[] getStd() {
        return std.clone();
    }

    @Override
    public String toString() {
        return "ImageBatchWriter(height=" + height + ",width=" + width + ",channels=" + channels + ",layout=" + layout
                + ",mean=" + Arrays.toString(mean) + ",std=" + Arrays.toString(std) + ")";
    }
}
