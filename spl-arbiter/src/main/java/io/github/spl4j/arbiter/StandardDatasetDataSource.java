package io.github.spl4j.arbiter;

import io.github.spl4j.data.Cifar10Reader;
import io.github.spl4j.data.FashionMnistReader;
import io.github.spl4j.data.ImageDataset;
import io.github.spl4j.data.Subset;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ImageSplitDataSource} over the training images of Fashion-MNIST or CIFAR-10. Property {@value #DATASET}:
 * {@code fashion-mnist} or {@code cifar10}; property {@value #PATH}: the folder of the dataset's files (for
 * Fashion-MNIST default {@link FashionMnistReader#DEFAULT_FOLDER}). Only {@link Subset#TRAIN} is read. The images are
 * read once per JVM and folder (Arbiter makes a new data source for every candidate).
 */
public class StandardDatasetDataSource extends ImageSplitDataSource {
    private static final long serialVersionUID = 1L;

    /** Property: {@code fashion-mnist} or {@code cifar10}. */
    public static final String DATASET = "dataset";
    /** Property: the dataset's folder. */
    public static final String PATH = "path";

    private static final Map<String, ImageDataset> CACHE = new ConcurrentHashMap<>();

    /** Arbiter instantiates data sources by class. */
    public StandardDatasetDataSource() {
    }

    @Override
    protected ImageDataset trainingImages() {
        String dataset = properties().getProperty(DATASET);
        String path = properties().getProperty(PATH);
        if ("fashion-mnist".equals(dataset)) {
            Path folder = path == null ? FashionMnistReader.DEFAULT_FOLDER : Path.of(path);
            return CACHE.computeIfAbsent(dataset + "|" + folder.toAbsolutePath(),
                    k -> new FashionMnistReader(folder).read(Subset.TRAIN));
        }
        if ("cifar10".equals(dataset)) {
            if (path == null) {
                throw new IllegalArgumentException("property " + PATH + " must name the CIFAR-10 folder, found null");
            }
            Path folder = Path.of(path);
            return CACHE.computeIfAbsent(dataset + "|" + folder.toAbsolutePath(),
                    k -> new Cifar10Reader(folder).read(Subset.TRAIN));
        }
        throw new IllegalArgumentException("property " + DATASET + " must be fashion-mnist or cifar10, found "
                + dataset);
    }
}
