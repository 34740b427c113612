package io.github.spl4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.loader.NativeImageLoader;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads any folder of images with one sub-folder per class ({@code root/cat/*.png}, {@code root/dog/*.jpg}, …),
 * plus an optional folder of unlabelled images (label {@link ImageDataset#UNLABELED}). Files are decoded with OpenCV
 * (PNG, JPEG, BMP, TIFF, …; not GIF), then resized and colour-converted by DataVec's {@link NativeImageLoader}.
 * Classes are the sub-folder names in sorted order; files are read in sorted order, so indices are stable. Files
 * whose extension is not an image format are skipped (and counted in the log).
 *
 * <p>Sizes: with {@link Builder#resize(boolean) resize(true)} (the default) every image is scaled to the given height
 * and width; with {@code resize(false)} every image must already have that size. Grey images are converted to RGB
 * and colour images to grey when the channel count asks for it. Images end up RGB, HWC interleaved.
 *
 * <pre>{@code
 * ImageDataset data = ImageFolderReader.builder().root(Path.of("/data/pets")).size(32, 32).channels(3)
 *         .unlabeledFolder(Path.of("/data/pets-unlabelled")).build().read();
 * }</pre>
 */
public final class ImageFolderReader {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderReader.class);

    private static final Set<String> FORMATS = Arrays.stream(NativeImageLoader.ALLOWED_FORMATS)
            .map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    private static final int MAX_PIXEL = 255;

    private final Path root;
    private final Path unlabeledFolder;
    private final int height;
    private final int width;
    private final int channels;
    private final boolean resize;

    private ImageFolderReader(Builder b) {
        this.root = b.root;
        this.unlabeledFolder = b.unlabeledFolder;
        this.height = b.height;
        this.width = b.width;
        this.channels = b.channels;
        this.resize = b.resize;
    }

    /** @return a builder; root, size and channels are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads every image.
     *
     * @return the images, labelled ones first (class by class), then the unlabelled ones
     * @throws DatasetException if a folder is missing or empty (a class folder without images included), or an image
     *                          cannot be decoded or has the wrong size
     */
    public ImageDataset read() {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root, "image folder not found; give a folder with one sub-folder of images "
                    + "per class", null);
        }
        Path unlabeledAbs = unlabeledFolder == null ? null : unlabeledFolder.toAbsolutePath().normalize();
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory)
                    .filter(p -> !p.toAbsolutePath().normalize().equals(unlabeledAbs))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new DatasetException(root, "cannot list the image folder (" + e.getMessage() + ")", e);
        }
        if (classDirs.isEmpty()) {
            throw new DatasetException(root, "holds no class sub-folders; put the images of each class in a "
                    + "sub-folder named after the class", null);
        }
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            classNames.add(classDirs.get(c).getFileName().toString());
            List<Path> classFiles = imageFiles(classDirs.get(c));
            if (classFiles.isEmpty()) {
                throw new DatasetException(classDirs.get(c), "class folder holds no images (formats: "
                        + new java.util.TreeSet<>(FORMATS) + "); add images of class '"
                        + classDirs.get(c).getFileName() + "' or remove the folder (a class without images can "
                        + "never be learned, and balanced label splits need images of every class)", null);
            }
            for (Path f : classFiles) {
                files.add(f);
                labels.add(c);
            }
        }
        if (unlabeledFolder != null) {
            if (!Files.isDirectory(unlabeledFolder)) {
                throw new DatasetException(unlabeledFolder, "unlabelled image folder not found", null);
            }
            for (Path f : imageFiles(unlabeledFolder)) {
                files.add(f);
                labels.add(ImageDataset.UNLABELED);
            }
        }
        if (files.isEmpty()) {
            throw new DatasetException(root, "holds no image files (formats: " + new java.util.TreeSet<>(FORMATS)
                    + ")", null);
        }
        NativeImageLoader loader = resize ? new NativeImageLoader(height, width, channels)
                : new NativeImageLoader(-1, -1, channels);
        int bytes = height * width * channels;
        byte[] pixels = new byte[Math.multiplyExact(files.size(), bytes)];
        for (int i = 0; i < files.size(); i++) {
            decode(loader, files.get(i), pixels, i * bytes);
        }
        return new InMemoryImageDataset("folder:" + root.getFileName(), height, width, channels, pixels,
                labels.stream().mapToInt(Integer::intValue).toArray(), classNames);
    }

    private List<Path> imageFiles(Path folder) {
        List<Path> all;
        try (Stream<Path> s = Files.list(folder)) {
            all = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new DatasetException(folder, "cannot list the folder (" + e.getMessage() + ")", e);
        }
        List<Path> images = all.stream().filter(ImageFolderReader::isImage).collect(Collectors.toList());
        if (images.size() < all.size()) {
            LOG.info("{}: skipped {} files that are not images", folder, all.size() - images.size());
        }
        return images;
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && FORMATS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private void decode(NativeImageLoader loader, Path file, byte[] out, int offset) {
        INDArray array;
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read (" + e.getMessage() + ")", e);
        }
        // Decoded here with OpenCV rather than by NativeImageLoader.asMatrix(File), whose fallback for files OpenCV
        // cannot decode needs Leptonica's natives, which spl-core does not ship.
        try (Mat encoded = new Mat(raw);
             Mat image = opencv_imgcodecs.imdecode(encoded, opencv_imgcodecs.IMREAD_ANYDEPTH
                     | opencv_imgcodecs.IMREAD_ANYCOLOR)) {
            if (image == null || image.empty()) {
                throw new DatasetException(file, "not a readable image (OpenCV cannot decode it); remove the file "
                        + "or convert it to PNG or JPEG", null);
            }
            if (image.depth() != opencv_core.CV_8U) {
                throw new DatasetException(file, "only 8-bit images are supported, found OpenCV depth "
                        + image.depth() + "; convert the image to 8 bits per channel", null);
            }
            array = loader.asMatrix(image);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetException) {
                throw (DatasetException) e;
            }
            throw new DatasetException(file, "not a readable image (" + e.getMessage() + "); remove the file or "
                    + "convert it to PNG or JPEG", e);
        }
        long[] shape = array.shape();
        if (shape.length != 4 || shape[1] != channels || shape[2] != height || shape[3] != width) {
            throw new DatasetException(file, "image is " + (shape.length == 4 ? shape[2] + "x" + shape[3] + "x"
                    + shape[1] : Arrays.toString(shape)) + " (height x width x channels), expected " + height + "x"
                    + width + "x" + channels + "; resize the images or read with resize(true)", null);
        }
        float[] chw = array.dup('c').data().asFloat();
        int plane = height * width;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < channels; c++) {
                // OpenCV decodes colour as BGR; spl4j images are RGB
                int source = channels == 3 ? 2 - c : c;
                float v = chw[source * plane + p];
                if (v < 0 || v > MAX_PIXEL) {
                    throw new DatasetException(file, "pixel value " + v + " is outside 0..255 (only 8-bit images "
                            + "are supported); convert the image to 8 bits per channel", null);
                }
                out[offset + p * channels + c] = (byte) Math.round(v);
            }
        }
    }

    @Override
    public String toString() {
        return "ImageFolderReader(root=" + root + ",unlabeledFolder=" + unlabeledFolder + ",height=" + height
                + ",width=" + width + ",channels=" + channels + ",resize=" + resize + ")";
    }

    /** Builds an {@link ImageFolderReader}; setters validate their arguments. */
    public static final class Builder {
        private Path root;
        private Path unlabeledFolder;
        private int height;
        private int width;
        private int channels;
        private boolean resize = true;

        private Builder() {
        }

        /**
         * @param root folder with one sub-folder per class (required)
         * @return this builder
         */
        public Builder root(Path root) {
            this.root = Objects.requireNonNull(root, "root must not be null");
            return this;
        }

        /**
         * @param folder folder of unlabelled images; optional. If it lies inside {@code root} it is not a class.
         * @return this builder
         */
        public Builder unlabeledFolder(Path folder) {
            this.unlabeledFolder = Objects.requireNonNull(folder, "unlabeledFolder must not be null");
            return this;
        }

        /**
         * @param height image height in pixels, {@code >= 1} (required)
         * @param width  image width in pixels, {@code >= 1} (required)
         * @return this builder
         */
        public Builder size(int height, int width) {
            if (height < 1) {
                throw new IllegalArgumentException("height must be >= 1, found " + height);
            }
            if (width < 1) {
                throw new IllegalArgumentException("width must be >= 1, found " + width);
            }
            this.height = height;
            this.width = width;
            return this;
        }

        /**
         * @param channels 1 (grey) or 3 (RGB) (required)
         * @return this builder
         */
        public Builder channels(int channels) {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels must be 1 or 3, found " + channels);
            }
            this.channels = channels;
            return this;
        }

        /**
         * @param resize true (default) to scale every image to the size, false to require that size
         * @return this builder
         */
        public Builder resize(boolean resize) {
            this.resize = resize;
            return this;
        }

        /**
         * @return the reader
         * @throws IllegalStateException if root, size or channels is missing
         */
        public ImageFolderReader build() {
            if (root == null) {
                throw new IllegalStateException("root is required: call root(Path)");
            }
            if (height == 0) {
                throw new IllegalStateException("the image size is required: call size(height, width)");
            }
            if (channels == 0) {
                throw new IllegalStateException("the channel count is required: call channels(1 or 3)");
            }
            return new ImageFolderReader(this);
        }
    }
}
