package io.github.spl4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.spl4j.augment.ByteImage;

class FashionMnistReaderTest {

    private static final int N = 5;

    @TempDir
    Path dir;

    @Test
    void readsTheRealFilesWhenInstalled() {
        FashionMnistReader reader = new FashionMnistReader();
        Assumptions.assumeTrue(reader.isAvailable(Subset.TRAIN) && reader.isAvailable(Subset.TEST),
                "Debian package dataset-fashion-mnist not installed");
        ImageDataset test = reader.read(Subset.TEST);
        assertEquals(10_000, test.size());
        int[] expected = new int[10];
        Arrays.fill(expected, 1_000);
        assertArrayEquals(expected, test.labelCounts());
        assertEquals(28, test.height());
        assertEquals(1, test.channels());
        assertEquals("Ankle boot", test.classNames().get(9));
        ImageDataset train = reader.read(Subset.TRAIN);
        assertEquals(60_000, train.size());
        Arrays.fill(expected, 6_000);
        assertArrayEquals(expected, train.labelCounts());
        int nonZero = 0;
        for (byte b : train.image(0).data()) {
            nonZero += b != 0 ? 1 : 0;
        }
        assertTrue(nonZero > 50, "the first training image has content, found " + nonZero + " non-zero pixels");
    }

    private static byte[] pixels(int count) {
        byte[] pixels = new byte[count * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 13 + 5);
        }
        return pixels;
    }

    static byte[] imagesFile(int magic, int count, int rows, int cols, byte[] pixels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            out.write(pixels);
        }
        return bytes.toByteArray();
    }

    static byte[] labelsFile(int count, byte[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x801);
            out.writeInt(count);
            out.write(labels);
        }
        return bytes.toByteArray();
    }

    private void write(String name, byte[] content, boolean gzip) throws IOException {
        if (gzip) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".gz")))) {
                out.write(content);
            }
        } else {
            Files.write(dir.resolve(name), content);
        }
    }

    private void writeValid(boolean gzip) throws IOException {
        write("t10k-images-idx3-ubyte", imagesFile(0x803, N, 28, 28, pixels(N)), gzip);
        write("t10k-labels-idx1-ubyte", labelsFile(N, new byte[] {9, 0, 3, 3, 7}), gzip);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsSmallIdxFilesPlainOrGzipped(boolean gzip) throws IOException {
        writeValid(gzip);
        ImageDataset data = new FashionMnistReader(dir).read(Subset.TEST);
        assertEquals(N, data.size());
        assertArrayEquals(new int[] {9, 0, 3, 3, 7}, java.util.stream.IntStream.range(0, N).map(data::label)
                .toArray());
        byte[] all = pixels(N);
        ByteImage third = data.image(2);
        assertArrayEquals(Arrays.copyOfRange(all, 2 * 784, 3 * 784), third.data());
        assertEquals("fashion-mnist/test", data.name());
    }

    @Test
    void missingFilesNameTheFileAndTheAptPackage() {
        DatasetException e = assertThrows(DatasetException.class, () -> new FashionMnistReader(dir)
                .read(Subset.TRAIN));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("--data"), e.getMessage());
        assertEquals(dir.resolve("train-images-idx3-ubyte.gz"), e.file());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedImagesAreReported(boolean gzip) throws IOException {
        writeValid(gzip);
        byte[] full = imagesFile(0x803, N, 28, 28, pixels(N));
        Files.deleteIfExists(dir.resolve("t10k-images-idx3-ubyte.gz"));
        write("t10k-images-idx3-ubyte", Arrays.copyOf(full, full.length - 100), gzip);
        DatasetException e = assertThrows(DatasetException.class, () -> new FashionMnistReader(dir)
                .read(Subset.TEST));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void corruptGzipIsReported() throws IOException {
        writeValid(true);
        byte[] gz = Files.readAllBytes(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        for (int i = 12; i < gz.length - 8; i++) {
            gz[i] = (byte) 0xFF;
        }
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gz);
        DatasetException e = assertThrows(DatasetException.class, () -> new FashionMnistReader(dir)
                .read(Subset.TEST));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz"), e.getMessage());
    }

    @Test
    void wrongMagicCountMismatchBadLabelAndTrailingBytesAreReported() throws IOException {
        writeValid(false);
        FashionMnistReader reader = new FashionMnistReader(dir);
        write("t10k-images-idx3-ubyte", imagesFile(0x801, N, 28, 28, pixels(N)), false);
        assertMessage(reader, "magic number 0x00000801, expected 0x00000803");
        write("t10k-images-idx3-ubyte", imagesFile(0x803, N - 1, 28, 28, pixels(N - 1)), false);
        assertMessage(reader, "holds 4 images but the label file holds 5 labels");
        write("t10k-images-idx3-ubyte", imagesFile(0x803, N, 32, 32, pixels(N)), false);
        assertMessage(reader, "images are 32x32, expected 28x28");
        write("t10k-images-idx3-ubyte", imagesFile(0x803, N, 28, 28, pixels(N + 1)), false);
        assertMessage(reader, "trailing bytes");
        write("t10k-images-idx3-ubyte", imagesFile(0x803, N, 28, 28, pixels(N)), false);
        write("t10k-labels-idx1-ubyte", labelsFile(N, new byte[] {9, 0, 10, 3, 7}), false);
        assertMessage(reader, "label 10 of image 2 is not in [0, 10)");
    }

    private static void assertMessage(FashionMnistReader reader, String part) {
        DatasetException e = assertThrows(DatasetException.class, () -> reader.read(Subset.TEST));
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }
}
