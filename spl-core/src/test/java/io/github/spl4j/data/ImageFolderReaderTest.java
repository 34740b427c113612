package io.github.spl4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.spl4j.augment.ByteImage;

class ImageFolderReaderTest {

    @TempDir
    Path dir;

    /** Writes an RGB PNG whose pixel (y, x) is (r0 + x, 10 * y, 200). */
    private static void png(Path file, int height, int width, int r0) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((r0 + x) << 16) | ((10 * y) << 8) | 200);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    @Test
    void readsClassFoldersAndUnlabelledImagesAsRgb() throws IOException {
        png(dir.resolve("root/cat/a.png"), 4, 3, 1);
        png(dir.resolve("root/cat/b.png"), 4, 3, 2);
        png(dir.resolve("root/dog/c.png"), 4, 3, 3);
        png(dir.resolve("root/unl/u.png"), 4, 3, 4);
        Files.writeString(dir.resolve("root/dog/readme.txt"), "not an image");
        ImageDataset data = ImageFolderReader.builder().root(dir.resolve("root")).size(4, 3).channels(3)
                .unlabeledFolder(dir.resolve("root/unl")).resize(false).build().read();
        assertEquals(List.of("cat", "dog"), data.classNames());
        assertEquals(4, data.size());
        assertArrayEquals(new int[] {0, 0, 1, -1}, new int[] {data.label(0), data.label(1), data.label(2),
            data.label(3)});
        ByteImage c = data.image(2);
        assertEquals(3 + 2, c.get(3, 2, 0));
        assertEquals(30, c.get(3, 2, 1));
        assertEquals(200, c.get(3, 2, 2));
        assertEquals(4, data.image(3).get(0, 0, 0));
    }

    @Test
    void resizesOrRequiresTheSize() throws IOException {
        png(dir.resolve("root/a/big.png"), 8, 6, 0);
        ImageDataset grey = ImageFolderReader.builder().root(dir.resolve("root")).size(4, 3).channels(1).build()
                .read();
        assertEquals(4, grey.height());
        assertEquals(3, grey.width());
        assertEquals(1, grey.channels());
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderReader.builder()
                .root(dir.resolve("root")).size(4, 3).channels(3).resize(false).build().read());
        assertTrue(e.getMessage().contains("big.png"), e.getMessage());
        assertTrue(e.getMessage().contains("image is 8x6x3"), e.getMessage());
    }

    @Test
    void corruptImagesAndMissingFoldersAreReported() throws IOException {
        Files.createDirectories(dir.resolve("root/a"));
        Files.write(dir.resolve("root/a/broken.png"), new byte[] {1, 2, 3, 4, 5});
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderReader.builder()
                .root(dir.resolve("root")).size(4, 3).channels(3).build().read());
        assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
        e = assertThrows(DatasetException.class, () -> ImageFolderReader.builder().root(dir.resolve("none"))
                .size(4, 3).channels(3).build().read());
        assertTrue(e.getMessage().contains("none"), e.getMessage());
        assertEquals("channels must be 1 or 3, found 2", assertThrows(IllegalArgumentException.class,
                () -> ImageFolderReader.builder().channels(2)).getMessage());
    }
}
