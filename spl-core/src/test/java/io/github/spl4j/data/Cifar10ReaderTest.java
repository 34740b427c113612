package io.github.spl4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.spl4j.augment.ByteImage;

class Cifar10ReaderTest {

    private static final int RECORD = 1 + 3 * 1024;

    @TempDir
    Path dir;

    /** Record value of channel c at (y, x) of image {@code id}: distinct per plane so a transposition shows. */
    private static int value(int id, int c, int y, int x) {
        return (id * 17 + c * 85 + y * 3 + x * 5) & 0xFF;
    }

    private static byte[] batch(int firstId, int count, int firstLabel) {
        byte[] bytes = new byte[count * RECORD];
        for (int r = 0; r < count; r++) {
            int id = firstId + r;
            bytes[r * RECORD] = (byte) ((firstLabel + r) % 10);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        bytes[r * RECORD + 1 + c * 1024 + y * 32 + x] = (byte) value(id, c, y, x);
                    }
                }
            }
        }
        return bytes;
    }

    private void writeAll() throws IOException {
        for (int b = 1; b <= 5; b++) {
            Files.write(dir.resolve("data_batch_" + b + ".bin"), batch(b * 10, 3, b));
        }
        Files.write(dir.resolve("test_batch.bin"), batch(100, 2, 7));
    }

    @Test
    void readsTheOfficialBinaryFormatInHwcOrder() throws IOException {
        writeAll();
        ImageDataset train = new Cifar10Reader(dir).read(Subset.TRAIN);
        assertEquals(15, train.size());
        assertEquals(3, train.channels());
        assertEquals(32, train.height());
        assertEquals(Cifar10Reader.CLASS_NAMES, train.classNames());
        // image 4 is record 1 of data_batch_2: id 21, label 3
        assertEquals(3, train.label(4));
        ByteImage image = train.image(4);
        for (int[] p : new int[][] {{0, 0}, {5, 31}, {31, 7}}) {
            for (int c = 0; c < 3; c++) {
                assertEquals(value(21, c, p[0], p[1]), image.get(p[0], p[1], c), "pixel " + Arrays.toString(p));
            }
        }
        ImageDataset test = new Cifar10Reader(dir).read(Subset.TEST);
        assertEquals(2, test.size());
        assertEquals(8, test.label(1));
        assertEquals(value(101, 2, 9, 9), test.image(1).get(9, 9, 2));
    }

    @Test
    void classNamesComeFromBatchesMetaWhenPresent() throws IOException {
        writeAll();
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        Files.writeString(dir.resolve("batches.meta.txt"), String.join("\n", names) + "\n\n",
                StandardCharsets.UTF_8);
        assertEquals(names, new Cifar10Reader(dir).read(Subset.TEST).classNames());
    }

    @Test
    void missingTruncatedAndCorruptBatchesAreReported() throws IOException {
        Cifar10Reader reader = new Cifar10Reader(dir);
        DatasetException e = assertThrows(DatasetException.class, () -> reader.read(Subset.TRAIN));
        assertTrue(e.getMessage().contains("data_batch_1.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("cifar-10-binary.tar.gz"), e.getMessage());

        writeAll();
        byte[] full = batch(30, 3, 0);
        Files.write(dir.resolve("data_batch_3.bin"), Arrays.copyOf(full, full.length - 1));
        e = assertThrows(DatasetException.class, () -> reader.read(Subset.TRAIN));
        assertTrue(e.getMessage().contains("data_batch_3.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());

        Files.write(dir.resolve("data_batch_3.bin"), new byte[0]);
        assertThrows(DatasetException.class, () -> reader.read(Subset.TRAIN));

        full[RECORD] = 12;
        Files.write(dir.resolve("data_batch_3.bin"), full);
        e = assertThrows(DatasetException.class, () -> reader.read(Subset.TRAIN));
        assertTrue(e.getMessage().contains("record 1 has label 12"), e.getMessage());
    }
}
