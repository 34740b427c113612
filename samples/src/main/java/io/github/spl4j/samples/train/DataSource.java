package io.github.spl4j.samples.train;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a run's images come from, as the command line names it. Fashion-MNIST and CIFAR-10 map to the trainer's
 * {@code FixMatchConfig.DatasetKind}; an image folder is read by the app and handed to the trainer.
 */
public enum DataSource {
    /** Fashion-MNIST idx files (default: Debian's dataset-fashion-mnist package). */
    FASHION_MNIST("fashion-mnist"),
    /** CIFAR-10 binary batches in a local folder. */
    CIFAR10("cifar10"),
    /** A folder with one sub-folder of images per class. */
    FOLDER("folder");

    private final String cliName;

    DataSource(String cliName) {
        this.cliName = cliName;
    }

    /** @return the command-line name */
    public String cliName() {
        return cliName;
    }

    @Override
    public String toString() {
        return cliName;
    }

    /**
     * @param name a command-line name, case-insensitive
     * @return the source
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public static DataSource parse(String name) {
        for (DataSource d : values()) {
            if (d.cliName.equalsIgnoreCase(name.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("dataset must be one of " + Arrays.stream(values())
                .map(DataSource::cliName).collect(Collectors.joining(", ")) + ", found " + name);
    }
}
