package io.github.spl4j.data;

import java.util.ArrayList;
import java.util.List;

import io.github.spl4j.augment.Augmentation;
import io.github.spl4j.augment.ByteImage;

/** Synthetic datasets and augmentations for the data tests. */
final class TestImages {

    /** Pixel (byte) offsets used to tag images. */
    static final int INDEX_LOW = 0;
    static final int INDEX_HIGH = 1;
    static final int TAG = 2;
    static final int WEAK_TAG = 77;
    static final int STRONG_TAG = 199;

    private TestImages() {
    }

    /**
     * A dataset whose image {@code i} stores {@code i} in its first two bytes, has label {@code i % classes}, and
     * whose other bytes are a fixed pattern.
     */
    static InMemoryImageDataset indexed(int size, int classes, int height, int width, int channels) {
        int bytes = height * width * channels;
        byte[] pixels = new byte[size * bytes];
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            for (int p = 0; p < bytes; p++) {
                pixels[i * bytes + p] = (byte) ((i * 31 + p * 7) & 0xFF);
            }
            pixels[i * bytes + INDEX_LOW] = (byte) (i & 0xFF);
            pixels[i * bytes + INDEX_HIGH] = (byte) ((i >> 8) & 0xFF);
            labels[i] = i % classes;
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class" + c);
        }
        return new InMemoryImageDataset("indexed", height, width, channels, pixels, labels, names);
    }

    /** Copies the image, writes {@code tag} at byte {@link #TAG} and random noise into bytes from 3 on. */
    static Augmentation tagging(int tag) {
        return (image, random) -> {
            byte[] data = image.data().clone();
            data[TAG] = (byte) tag;
            for (int p = TAG + 1; p < data.length; p++) {
                data[p] = (byte) random.nextInt(256);
            }
            return new ByteImage(image.height(), image.width(), image.channels(), data);
        };
    }

    /** Decodes the index stored by {@link #indexed} from an NHWC/unit-normalised feature row. */
    static int decodeIndex(float[] row) {
        return pixel(row[INDEX_LOW]) + 256 * pixel(row[INDEX_HIGH]);
    }

    /** @return the 0..255 value of a unit-normalised feature */
    static int pixel(float value) {
        return Math.round(value * 255f);
    }
}
