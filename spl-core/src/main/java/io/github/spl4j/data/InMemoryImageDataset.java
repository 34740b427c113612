package io.github.spl4j.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.github.spl4j.augment.ByteImage;

/**
 * An {@link ImageDataset} held in memory as one byte array of {@code size * height * width * channels} pixels (HWC
 * interleaved per image) and one label array. This is what every reader returns; Fashion-MNIST's 70,000 images take
 * 55 MB, CIFAR-10's 60,000 take 184 MB.
 */
public final class InMemoryImageDataset implements ImageDataset {

    private final String name;
    private final int height;
    private final int width;
    private final int channels;
    private final byte[] pixels;
    private final int[] labels;
    private final List<String> classNames;

    /**
     * @param name       a short name for messages and logs
     * @param height     image height, {@code >= 1}
     * @param width      image width, {@code >= 1}
     * @param channels   1 or 3
     * @param pixels     all images back to back, HWC interleaved; not copied, must not be modified afterwards
     * @param labels     one label per image in {@code [0, classNames.size())} or {@link #UNLABELED}; not copied
     * @param classNames class names, at least one
     * @throws IllegalArgumentException if sizes or labels are inconsistent
     */
    public InMemoryImageDataset(String name, int height, int width, int channels, byte[] pixels, int[] labels,
                                List<String> classNames) {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(pixels, "pixels must not be null");
        Objects.requireNonNull(labels, "labels must not be null");
        Objects.requireNonNull(classNames, "classNames must not be null");
        if (height < 1) {
            throw new IllegalArgumentException("height must be >= 1, found " + height);
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, found " + width);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, found " + channels);
        }
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("classNames must not be empty");
        }
        long imageBytes = (long) height * width * channels;
        if (pixels.length != imageBytes * labels.length) {
            throw new IllegalArgumentException("pixels must hold labels.length * height * width * channels = "
                    + imageBytes * labels.length + " bytes, found " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < UNLABELED || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("labels[" + i + "] must be in [-1, " + classNames.size()
                        + "), found " + labels[i]);
            }
        }
        this.name = name;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.pixels = pixels;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public ByteImage image(int index) {
        Objects.checkIndex(index, labels.length);
        int bytes = height * width * channels;
        return new ByteImage(height, width, channels,
                Arrays.copyOfRange(pixels, index * bytes, (index + 1) * bytes));
    }

    @Override
    public int label(int index) {
        Objects.checkIndex(index, labels.length);
        return labels[index];
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "InMemoryImageDataset(name=" + name + ",size=" + size() + ",height=" + height + ",width=" + width
                + ",channels=" + channels + ",classes=" + classNames.size() + ")";
    }
}
