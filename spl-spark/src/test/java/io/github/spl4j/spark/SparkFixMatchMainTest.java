package io.github.spl4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.spl4j.data.FashionMnistReader;
import io.github.spl4j.data.Subset;
import io.github.spl4j.dl4j.train.FixMatchConfig;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkFixMatchMainTest {

    @Test
    void optionsAreValidated() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SparkFixMatchMain.main(new String[0]));
        assertTrue(missing.getMessage().startsWith("--config FILE is required"), missing.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> SparkFixMatchMain.main(new String[] {"--epochs", "3"}));
        assertTrue(unknown.getMessage().startsWith("unknown option --epochs"), unknown.getMessage());
    }

    /** The spark-submit driver end to end on Fashion-MNIST in local[2]: a few steps, models and report written. */
    @Test
    @Tag("slow")
    void trainsFashionMnistOnLocal2(@TempDir Path dir) throws Exception {
        assumeTrue(new FashionMnistReader().isAvailable(Subset.TRAIN), "Fashion-MNIST not installed");
        FixMatchConfig config = FixMatchConfig.builder().labels(40).batchSize(8).unlabeledRatio(2).steps(16)
                .evalInterval(16).checkpointInterval(16).medianOfLast(1).outputDir(dir.toString()).build();
        Path file = dir.resolve("config.json");
        Files.writeString(file, config.toJson());
        SparkFixMatchMain.main(new String[] {"--config", file.toString(), "--workers", "2", "--master", "local[2]"});
        assertTrue(Files.size(dir.resolve("model-student.zip")) > 0);
        assertTrue(Files.size(dir.resolve("model-teacher.zip")) > 0);
        String report = Files.readString(dir.resolve("report.txt"));
        assertTrue(report.contains("workers 2, averaging frequency 1, rounds 8"), report);
        assertEquals(1, report.lines().filter(l -> l.startsWith("test error teacher")).count(), report);
    }
}
