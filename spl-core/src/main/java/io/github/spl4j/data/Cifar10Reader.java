package io.github.spl4j.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads CIFAR-10 (Krizhevsky 2009: 50,000 training and 10,000 test images, 32×32 RGB, 10 classes) from a folder of
 * the official binary batches ({@code cifar-10-batches-bin}): {@code data_batch_1.bin} … {@code data_batch_5.bin}
 * for training, {@code test_batch.bin} for test. Each record is one label byte followed by 3,072 bytes: the red,
 * green and blue 32×32 planes, row-major. Class names come from {@code batches.meta.txt} when present (one per
 * line), otherwise the official names. Any whole number of records per file is accepted.
 *
 * <pre>{@code
 * ImageDataset train = new Cifar10Reader(Path.of("/data/cifar-10-batches-bin")).read(Subset.TRAIN);
 * }</pre>
 *
 * <p>Missing, truncated or corrupt files raise a {@link DatasetException} naming the file and what to do.
 */
public final class Cifar10Reader {

    /** The official class names, index = label, used when {@code batches.meta.txt} is absent. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    /** Image side in pixels. */
    public static final int SIDE = 32;

    /** Number of training batch files. */
    public static final int TRAIN_BATCHES = 5;

    private static final int PLANE = SIDE * SIDE;
    private static final int RECORD = 1 + 3 * PLANE;
    private static final String META = "batches.meta.txt";
    private static final String HINT = "download the CIFAR-10 binary version (cifar-10-binary.tar.gz from "
            + "https://www.cs.toronto.edu/~kriz/cifar.html), extract it and pass its folder cifar-10-batches-bin "
            + "with --data";

    private final Path folder;

    /**
     * @param folder the folder holding the official binary batch files
     */
    public Cifar10Reader(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder must not be null");
    }

    /** @return the folder read from */
    public Path folder() {
        return folder;
    }

    /** @return the file names of a subset, in reading order */
    public static List<String> fileNames(Subset subset) {
        Objects.requireNonNull(subset, "subset must not be null");
        if (subset == Subset.TEST) {
            return List.of("test_batch.bin");
        }
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= TRAIN_BATCHES; i++) {
            names.add("data_batch_" + i + ".bin");
        }
        return names;
    }

    /**
     * @param subset training or test images
     * @return the images, HWC RGB, labels in {@code [0, classes)}
     * @throws DatasetException if a file is missing, truncated or corrupt
     */
    public ImageDataset read(Subset subset) {
        List<String> classNames = readClassNames();
        List<byte[]> contents = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        long records = 0;
        for (String name : fileNames(subset)) {
            Path file = folder.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new DatasetException(file, "CIFAR-10 batch file not found; " + HINT, null);
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new DatasetException(file, "cannot read (" + e.getMessage() + "); " + HINT, e);
            }
            if (bytes.length == 0 || bytes.length % RECORD != 0) {
                throw new DatasetException(file, "truncated or corrupt CIFAR-10 batch: " + bytes.length
                        + " bytes is not a positive multiple of the record size " + RECORD + "; " + HINT, null);
            }
            contents.add(bytes);
            files.add(file);
            records += bytes.length / RECORD;
        }
        int count = Math.toIntExact(records);
        byte[] pixels = new byte[Math.multiplyExact(count, 3 * PLANE)];
        int[] labels = new int[count];
        int image = 0;
        for (int f = 0; f < contents.size(); f++) {
            byte[] bytes = contents.get(f);
            for (int r = 0; r < bytes.length / RECORD; r++, image++) {
                int offset = r * RECORD;
                int label = bytes[offset] & 0xFF;
                if (label >= classNames.size()) {
                    throw new DatasetException(files.get(f), "corrupt CIFAR-10 batch: record " + r + " has label "
                            + label + ", expected [0, " + classNames.size() + "); " + HINT, null);
                }
                labels[image] = label;
                int out = image * 3 * PLANE;
                for (int p = 0; p < PLANE; p++) {
                    pixels[out + 3 * p] = bytes[offset + 1 + p];
                    pixels[out + 3 * p + 1] = bytes[offset + 1 + PLANE + p];
                    pixels[out + 3 * p + 2] = bytes[offset + 1 + 2 * PLANE + p];
                }
            }
        }
        return new InMemoryImageDataset("cifar-10/" + subset.name().toLowerCase(Locale.ROOT), SIDE, SIDE, 3,
                pixels, labels, classNames);
    }

    private List<String> readClassNames() {
        Path meta = folder.resolve(META);
        if (!Files.isRegularFile(meta)) {
            return CLASS_NAMES;
        }
        try {
            List<String> names = new ArrayList<>();
            for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
            if (names.isEmpty()) {
                throw new DatasetException(meta, "holds no class names; delete it to use the official names or "
                        + "restore it from the CIFAR-10 archive", null);
            }
            return names;
        } catch (IOException e) {
            throw new DatasetException(meta, "cannot read (" + e.getMessage() + "); " + HINT, e);
        }
    }

    @Override
    public String toString() {
        return "Cifar10Reader(folder=" + folder + ")";
    }
}
