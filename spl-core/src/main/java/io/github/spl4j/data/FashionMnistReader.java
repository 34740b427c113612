package io.github.spl4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Reads Fashion-MNIST (Xiao et al. 2017: 60,000 training and 10,000 test images, 28×28 grey, 10 classes) from its
 * four idx files, gzipped ({@code *.gz}) or not. The default folder is where Debian's {@code dataset-fashion-mnist}
 * package puts them, {@value #DEFAULT_FOLDER_NAME}; a user-given folder overrides it.
 *
 * <pre>{@code
 * ImageDataset train = new FashionMnistReader().read(Subset.TRAIN);
 * ImageDataset test = new FashionMnistReader(Path.of("/data/fmnist")).read(Subset.TEST);
 * }</pre>
 *
 * <p>Missing, truncated or corrupt files raise a {@link DatasetException} naming the file and what to do.
 */
public final class FashionMnistReader {

    /** Debian's install location, as a string for Javadoc. */
    public static final String DEFAULT_FOLDER_NAME = "/usr/share/datasets/fashion-mnist";

    /** Debian's install location of the idx files (package {@code dataset-fashion-mnist}). */
    public static final Path DEFAULT_FOLDER = Path.of(DEFAULT_FOLDER_NAME);

    /** The ten class names, index = label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Image side in pixels. */
    public static final int SIDE = 28;

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;
    private static final String HINT = "install Debian's package with `apt-get install dataset-fashion-mnist` "
            + "(files in " + DEFAULT_FOLDER_NAME + "), or pass the folder holding the four idx files with --data";

    private final Path folder;

    /** Reads from {@link #DEFAULT_FOLDER}. */
    public FashionMnistReader() {
        this(DEFAULT_FOLDER);
    }

    /**
     * @param folder the folder holding {@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]},
     *               {@code t10k-images-idx3-ubyte[.gz]} and {@code t10k-labels-idx1-ubyte[.gz]}
     */
    public FashionMnistReader(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder must not be null");
    }

    /** @return the folder read from */
    public Path folder() {
        return folder;
    }

    /** @return true if both idx files of the subset exist (gzipped or not) in {@link #folder()} */
    public boolean isAvailable(Subset subset) {
        String prefix = prefix(subset);
        return find(prefix + "-images-idx3-ubyte") != null && find(prefix + "-labels-idx1-ubyte") != null;
    }

    /**
     * @param subset training or test images
     * @return the images with labels in {@code [0, 10)}
     * @throws DatasetException if a file is missing, truncated or corrupt
     */
    public ImageDataset read(Subset subset) {
        Objects.requireNonNull(subset, "subset must not be null");
        String prefix = prefix(subset);
        Path imagesFile = require(prefix + "-images-idx3-ubyte");
        Path labelsFile = require(prefix + "-labels-idx1-ubyte");
        int[] labels = readLabels(labelsFile);
        byte[] pixels = readImages(imagesFile, labels.length);
        return new InMemoryImageDataset("fashion-mnist/" + subset.name().toLowerCase(java.util.Locale.ROOT), SIDE,
                SIDE, 1, pixels, labels, CLASS_NAMES);
    }

    private static String prefix(Subset subset) {
        return subset == Subset.TRAIN ? "train" : "t10k";
    }

    private Path find(String baseName) {
        Path gz = folder.resolve(baseName + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = folder.resolve(baseName);
        return Files.isRegularFile(plain) ? plain : null;
    }

    private Path require(String baseName) {
        Path file = find(baseName);
        if (file == null) {
            throw new DatasetException(folder.resolve(baseName + ".gz"), "Fashion-MNIST file not found (nor "
                    + baseName + " uncompressed); " + HINT, null);
        }
        return file;
    }

    private static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw corrupt(file, String.format("not an idx1 label file: magic number 0x%08x, expected 0x%08x",
                        magic, LABELS_MAGIC));
            }
            int count = in.readInt();
            if (count < 0) {
                throw corrupt(file, "negative label count " + count);
            }
            byte[] raw = new byte[count];
            in.readFully(raw);
            requireEnd(in, file);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
                if (labels[i] >= CLASS_NAMES.size()) {
                    throw corrupt(file, "label " + labels[i] + " of image " + i + " is not in [0, 10)");
                }
            }
            return labels;
        } catch (EOFException e) {
            throw new DatasetException(file, "file is truncated; " + HINT, e);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read (" + e.getMessage() + "); " + HINT, e);
        }
    }

    private static byte[] readImages(Path file, int expectedCount) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw corrupt(file, String.format("not an idx3 image file: magic number 0x%08x, expected 0x%08x",
                        magic, IMAGES_MAGIC));
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (rows != SIDE || cols != SIDE) {
                throw corrupt(file, "images are " + rows + "x" + cols + ", expected " + SIDE + "x" + SIDE);
            }
            if (count != expectedCount) {
                throw corrupt(file, "holds " + count + " images but the label file holds " + expectedCount
                        + " labels");
            }
            byte[] pixels = new byte[Math.multiplyExact(count, SIDE * SIDE)];
            in.readFully(pixels);
            requireEnd(in, file);
            return pixels;
        } catch (EOFException e) {
            throw new DatasetException(file, "file is truncated; " + HINT, e);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read (" + e.getMessage() + "); " + HINT, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in = b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1 ? new BufferedInputStream(
                new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
        return new DataInputStream(in);
    }

    private static void requireEnd(DataInputStream in, Path file) throws IOException {
        if (in.read() != -1) {
            throw corrupt(file, "has trailing bytes after the data its header announces");
        }
    }

    private static DatasetException corrupt(Path file, String what) {
        return new DatasetException(file, "corrupt Fashion-MNIST idx file: " + what + "; " + HINT, null);
    }

    @Override
    public String toString() {
        return "FashionMnistReader(folder=" + folder + ")";
    }
}
