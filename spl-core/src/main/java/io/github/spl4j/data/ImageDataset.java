package io.github.spl4j.data;

import java.util.List;

import io.github.spl4j.augment.ByteImage;

/**
 * A finite, indexed collection of same-sized 8-bit images with optional class labels: what the dataset readers
 * produce and what {@link LabelSplit} and the FixMatch iterators consume.
 *
 * <p>Implementations are immutable and safe to read from several threads.
 */
public interface ImageDataset {

    /** Label of an image whose class is not known (an image from an unlabelled folder). */
    int UNLABELED = -1;

    /** @return the number of images, {@code >= 0} */
    int size();

    /**
     * @param index {@code 0 <= index < size()}
     * @return the image (HWC interleaved); callers must not modify it
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    ByteImage image(int index);

    /**
     * @param index {@code 0 <= index < size()}
     * @return the class index in {@code [0, numClasses())}, or {@link #UNLABELED}
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    int label(int index);

    /** @return class names, index = class label; never empty */
    List<String> classNames();

    /** @return the number of classes, {@code classNames().size()} */
    default int numClasses() {
        return classNames().size();
    }

    /** @return image height in pixels */
    int height();

    /** @return image width in pixels */
    int width();

    /** @return channels per pixel, 1 or 3 */
    int channels();

    /** @return a short human-readable name, e.g. {@code fashion-mnist/train} */
    String name();

    /**
     * @return how many images carry each label, index = class; unlabelled images are not counted
     */
    default int[] labelCounts() {
        int[] counts = new int[numClasses()];
        for (int i = 0; i < size(); i++) {
            int label = label(i);
            if (label >= 0) {
                counts[label]++;
            }
        }
        return counts;
    }
}
