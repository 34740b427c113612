package io.github.spl4j.samples.faults;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small synthetic datasets on disk for the app's fault tests. */
final class FaultData {
    static final int CIFAR_RECORD = 1 + 3 * 32 * 32;
    static final String[] CIFAR_FILES = {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
        "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"};

    private FaultData() {
    }

    /** CIFAR-10 binary batches of {@code perBatch} random images each (labels cycle through the 10 classes). */
    static Path cifar(Path dir, int perBatch, long seed) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(seed);
        for (String name : CIFAR_FILES) {
            byte[] bytes = new byte[perBatch * CIFAR_RECORD];
            r.nextBytes(bytes);
            for (int i = 0; i < perBatch; i++) {
                bytes[i * CIFAR_RECORD] = (byte) (i % 10);
            }
            Files.write(dir.resolve(name), bytes);
        }
        return dir;
    }

    /** A PNG of random pixels. */
    static void png(Path file, int width, int height, int type, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, r.nextInt(0xFFFFFF));
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    /** An image folder with two classes of {@code perClass} 12x10 RGB images. */
    static Path folder(Path dir, int perClass) throws IOException {
        for (String cls : new String[] {"circle", "square"}) {
            for (int i = 0; i < perClass; i++) {
                png(dir.resolve(cls).resolve(i + ".png"), 12, 10, BufferedImage.TYPE_INT_RGB, cls.hashCode() + i);
            }
        }
        return dir;
    }
}
