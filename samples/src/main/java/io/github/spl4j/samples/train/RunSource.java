package io.github.spl4j.samples.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * What the app adds to the trainer's configuration about a run's data, saved as {@value #FILE} in the run folder so
 * a resume reads the same images: the source kind (an image folder is not a trainer dataset kind), its folder, and the
 * training / test subsets.
 *
 * @param source      where the images come from
 * @param data        its folder, or null for the default Fashion-MNIST location
 * @param trainSubset seeded subset size of the training images, 0 = all
 * @param testSubset  first N test images, 0 = all
 */
public record RunSource(@JsonProperty("source") DataSource source, @JsonProperty("data") String data,
                        @JsonProperty("trainSubset") int trainSubset, @JsonProperty("testSubset") int testSubset) {
    /** File name in the run folder. */
    public static final String FILE = "spl-app.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @throws IllegalArgumentException if a subset is negative or a folder source has no folder
     */
    @JsonCreator
    public RunSource {
        Objects.requireNonNull(source, "source");
        if (trainSubset < 0) {
            throw new IllegalArgumentException("trainSubset must be >= 0 (0 = all), found " + trainSubset);
        }
        if (testSubset < 0) {
            throw new IllegalArgumentException("testSubset must be >= 0 (0 = all), found " + testSubset);
        }
        if (source != DataSource.FASHION_MNIST && data == null) {
            throw new IllegalArgumentException("data must name the " + (source == DataSource.CIFAR10
                    ? "folder of the CIFAR-10 binary batches" : "image folder") + " when dataset is " + source
                    + ", found none: add --data DIR");
        }
    }

    /** @return the data folder, or null */
    public Path dataPath() {
        return data == null ? null : Path.of(data);
    }

    /**
     * @param runDir a run folder
     * @throws IOException if writing fails
     */
    public void save(Path runDir) throws IOException {
        Files.writeString(runDir.resolve(FILE), JSON.writeValueAsString(this), StandardCharsets.UTF_8);
    }

    /**
     * @param runDir a run folder
     * @return its source, or null if the folder has no {@value #FILE}
     * @throws IOException if reading fails
     */
    public static RunSource load(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE);
        return Files.isRegularFile(f) ? JSON.readValue(f.toFile(), RunSource.class) : null;
    }
}
