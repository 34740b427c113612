package io.github.spl4j.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.github.spl4j.data.Cifar10Reader;
import io.github.spl4j.data.FashionMnistReader;
import io.github.spl4j.data.ImageDataset;
import io.github.spl4j.data.Subset;

/**
 * Where an executor reads the training images from: a recipe (paths on a file system every executor mounts, e.g. NFS
 * or a parallel file system at the same path), not the images. Implementations must be serializable and define
 * {@code equals}/{@code hashCode} on the recipe: {@link #cached()} keeps one loaded copy per executor JVM and recipe,
 * so that every Spark task (several per round) does not re-read the data.
 */
public interface ImageDatasetSource extends Serializable {

    /**
     * @return the images, read now
     * @throws RuntimeException if they cannot be read (the reader's message names the file)
     */
    ImageDataset load();

    /** @return the images, read once per executor JVM and recipe, then shared by all tasks of that JVM */
    default ImageDataset cached() {
        return Cache.DATASETS.computeIfAbsent(this, ImageDatasetSource::load);
    }

    /**
     * @param folder folder with the four Fashion-MNIST idx files, the same path on every executor
     * @param subset which part to read
     * @return a source reading Fashion-MNIST with {@link FashionMnistReader}
     */
    static ImageDatasetSource fashionMnist(String folder, Subset subset) {
        return new FashionMnist(folder, subset);
    }

    /**
     * @param folder folder with the CIFAR-10 binary batches, the same path on every executor
     * @param subset which part to read
     * @return a source reading CIFAR-10 with {@link Cifar10Reader}
     */
    static ImageDatasetSource cifar10(String folder, Subset subset) {
        return new Cifar10(folder, subset);
    }

    /** The per-JVM cache behind {@link #cached()}. */
    final class Cache {
        private static final Map<ImageDatasetSource, ImageDataset> DATASETS = new ConcurrentHashMap<>();

        private Cache() {
        }
    }

    /** Fashion-MNIST from a folder. */
    final class FashionMnist implements ImageDatasetSource {
        private static final long serialVersionUID = 1L;
        private final String folder;
        private final Subset subset;

        FashionMnist(String folder, Subset subset) {
            this.folder = Objects.requireNonNull(folder, "folder must not be null");
            this.subset = Objects.requireNonNull(subset, "subset must not be null");
        }

        @Override
        public ImageDataset load() {
            return new FashionMnistReader(Path.of(folder)).read(subset);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FashionMnist && ((FashionMnist) o).folder.equals(folder)
                    && ((FashionMnist) o).subset == subset;
        }

        @Override
        public int hashCode() {
            return Objects.hash(folder, subset);
        }

        @Override
        public String toString() {
            return "FashionMnist(folder=" + folder + ", subset=" + subset + ")";
        }
    }

    /** CIFAR-10 from a folder. */
    final class Cifar10 implements ImageDatasetSource {
        private static final long serialVersionUID = 1L;
        private final String folder;
        private final Subset subset;

        Cifar10(String folder, Subset subset) {
            this.folder = Objects.requireNonNull(folder, "folder must not be null");
            this.subset = Objects.requireNonNull(subset, "subset must not be null");
        }

        @Override
        public ImageDataset load() {
            return new Cifar10Reader(Path.of(folder)).read(subset);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cifar10 && ((Cifar10) o).folder.equals(folder) && ((Cifar10) o).subset == subset;
        }

        @Override
        public int hashCode() {
            return Objects.hash("cifar10", folder, subset);
        }

        @Override
        public String toString() {
            return "Cifar10(folder=" + folder + ", subset=" + subset + ")";
        }
    }
}
