package io.github.spl4j.augment.transform;

import io.github.spl4j.augment.ByteImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Conversion between OpenCV {@code Mat}s (8-bit, 1 or 3 channels, BGR) and {@link ByteImage}s (RGB). One bulk copy
 * each way.
 */
public final class MatImages {
    private static final int RGB = 3;

    private MatImages() {
    }

    /**
     * @param mat an 8-bit {@code Mat} with 1 or 3 channels (BGR order)
     * @return a new RGB (or grey) image
     * @throws IllegalArgumentException if the depth or channel count is unsupported
     */
    public static ByteImage toByteImage(Mat mat) {
        if (mat.depth() != opencv_core.CV_8U) {
            throw new IllegalArgumentException("mat depth must be CV_8U (0), found " + mat.depth());
        }
        int c = mat.channels();
        if (c != 1 && c != RGB) {
            throw new IllegalArgumentException("mat channels must be 1 or 3, found " + c);
        }
        Mat m = mat.isContinuous() ? mat : mat.clone();
        int n = m.rows() * m.cols() * c;
        byte[] data = new byte[n];
        BytePointer p = m.data();
        p.capacity(n).limit(n);
        p.get(data, 0, n);
        if (c == RGB) {
            swapRedBlue(data);
        }
        return new ByteImage(m.rows(), m.cols(), c, data);
    }

    /**
     * @param image a grey or RGB image
     * @return a new {@code Mat} of type {@code CV_8UC1} or {@code CV_8UC3} (BGR order)
     */
    public static Mat toMat(ByteImage image) {
        int c = image.channels();
        byte[] data = image.data();
        if (c == RGB) {
            data = data.clone();
            swapRedBlue(data);
        }
        Mat mat = new Mat(image.height(), image.width(), opencv_core.CV_8UC(c));
        BytePointer p = mat.data();
        p.capacity(data.length).limit(data.length);
        p.put(data, 0, data.length);
        return mat;
    }

    private static void swapRedBlue(byte[] data) {
        for (int i = 0; i < data.length; i += RGB) {
            byte t = data[i];
            data[i] = data[i + 2];
            data[i + 2] = t;
        }
    }
}
