package io.github.spl4j.augment;

import java.io.Serializable;
import java.util.Arrays;

/**
 * An 8-bit image stored as interleaved channels, row-major ({@code data[(y * width + x) * channels + c]}), values
 * 0..255 read as unsigned. This is the raw form every spl4j augmentation works on: it avoids a JNI call per image,
 * which dominates on 28×28 images.
 *
 * <p>Instances are immutable views by convention: {@link #data()} returns the backing array for speed and callers
 * must not modify an image they did not create.
 */
public final class ByteImage implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int height;
    private final int width;
    private final int channels;
    private final byte[] data;

    /**
     * @param height   rows, at least 1
     * @param width    columns, at least 1
     * @param channels 1 (grey) or 3 (RGB)
     * @param data     {@code height * width * channels} bytes, interleaved, row-major; not copied
     * @throws IllegalArgumentException if a size is out of range or {@code data} has the wrong length
     */
    public ByteImage(int height, int width, int channels, byte[] data) {
        if (height < 1) {
            throw new IllegalArgumentException("height must be >= 1, found " + height);
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, found " + width);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, found " + channels);
        }
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        long expected = (long) height * width * channels;
        if (data.length != expected) {
            throw new IllegalArgumentException("data must hold height*width*channels = " + expected
                    + " bytes, found " + data.length);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.data = data;
    }

    /** A new black image of the given size. */
    public static ByteImage blank(int height, int width, int channels) {
        return new ByteImage(height, width, channels, new byte[height * width * channels]);
    }

    /** @return rows */
    public int height() {
        return height;
    }

    /** @return columns */
    public int width() {
        return width;
    }

    /** @return 1 or 3 */
    public int channels() {
        return channels;
    }

    /** @return the backing array (not a copy), interleaved row-major */
    public byte[] data() {
        return data;
    }

    /** @return the unsigned value 0..255 at (y, x, c) */
    public int get(int y, int x, int c) {
        return data[(y * width + x) * channels + c] & 0xFF;
    }

    /** @return a deep copy */
    public ByteImage copy() {
        return new ByteImage(height, width, channels, data.clone());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ByteImage)) {
            return false;
        }
        ByteImage other = (ByteImage) o;
        return height == other.height && width == other.width && channels == other.channels
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * height + width) + channels) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ByteImage(height=" + height + ",width=" + width + ",channels=" + channels + ")";
    }
}
