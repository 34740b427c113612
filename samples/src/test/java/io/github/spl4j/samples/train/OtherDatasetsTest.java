package io.github.spl4j.samples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spl4j.samples.cli.CliRunner;
import io.github.spl4j.samples.report.MetricsTable;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spl train} on a CIFAR-10-format folder and on an image folder, both written by the test (tiny). */
class OtherDatasetsTest {
    private static final int CIFAR_RECORD = 1 + 3 * 32 * 32;

    @TempDir
    Path tmp;

    @Test
    void trainsOnCifarBinaryBatchesFromALocalFolder() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("cifar"));
        Random r = new Random(1);
        for (String name : new String[] {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"}) {
            byte[] bytes = new byte[20 * CIFAR_RECORD];
            r.nextBytes(bytes);
            for (int i = 0; i < 20; i++) {
                bytes[i * CIFAR_RECORD] = (byte) (i % 10);
            }
            Files.write(data.resolve(name), bytes);
        }
        Path run = tmp.resolve("run");
        CliRunner.Result res = CliRunner.run("train", "--dataset", "cifar10", "--data", data.toString(), "--labels",
                "20", "--steps", "3", "--batch", "4", "--unlabeled-ratio", "1", "--eval-every", "3", "--out",
                run.toString(), "--no-progress");
        assertEquals(0, res.code(), res.err());
        assertEquals(3, MetricsTable.read(run.resolve("metrics.csv")).rows());
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"dataset\" : \"CIFAR10\""));
    }

    @Test
    void missingCifarFileIsNamed() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("empty"));
        CliRunner.Result res = CliRunner.run("train", "--dataset", "cifar10", "--data", data.toString(), "--out",
                tmp.resolve("run").toString(), "--no-progress");
        assertEquals(3, res.code());
        assertTrue(res.err().contains("data_batch_1.bin"), res.err());
        assertTrue(!res.err().contains("\tat "), "no stack trace for a user error: " + res.err());
    }

    @Test
    void trainsOnAnImageFolderWithAHeldOutTestSet() throws IOException {
        Path data = tmp.resolve("images");
        Random r = new Random(2);
        for (String cls : new String[] {"circle", "square"}) {
            Files.createDirectories(data.resolve(cls));
            for (int i = 0; i < 15; i++) {
                BufferedImage img = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 10; y++) {
                    for (int x = 0; x < 12; x++) {
                        img.setRGB(x, y, r.nextInt(0xFFFFFF));
                    }
                }
                ImageIO.write(img, "png", data.resolve(cls).resolve(i + ".png").toFile());
            }
        }
        Path run = tmp.resolve("run");
        CliRunner.Result res = CliRunner.run("train", "--dataset", "folder", "--data", data.toString(), "--sampling", "random", "--labels",
                "4", "--steps", "2", "--batch", "2", "--unlabeled-ratio", "1", "--eval-every", "2", "--out",
                run.toString(), "--no-progress");
        assertEquals(0, res.code(), res.err());
        MetricsTable m = MetricsTable.readRun(run);
        double error = m.last(MetricsTable.Metric.TEACHER_ERROR);
        // 6 of 30 images held out: the error is a multiple of 1/6
        assertEquals(0, Math.abs(error * 6 - Math.rint(error * 6)), 1e-4, "error " + error);
    }
}
