package io.github.spl4j.augment.transform;

import io.github.spl4j.augment.ByteImage;
import java.util.Random;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.BaseImageTransform;

/**
 * Base of the spl4j DataVec transforms: converts the {@link ImageWritable}'s {@code Mat} to a {@link ByteImage}, calls
 * {@link #apply(ByteImage, Random)} and converts back. Subclasses are immutable apart from DataVec's
 * {@code currentImage} and {@code random}.
 *
 * <p>{@code transform(image, random)} uses the given {@link Random}. DataVec code that calls {@code transform(image)}
 * ({@code NativeImageLoader}, hence {@code ImageRecordReader}) uses the transform's own generator, null by default
 * (the deterministic setting documented by each subclass): give it one with the inherited
 * {@code setRandom(new Random(seed))}, or wrap the transforms in DataVec's {@code PipelineImageTransform}.
 */
public abstract class ByteImageTransform extends BaseImageTransform<Mat> {
    private static final long serialVersionUID = 1L;

    /** Creates the transform with a {@code Mat} converter and no default {@link Random}. */
    protected ByteImageTransform() {
        super(null);
        converter = new OpenCVFrameConverter.ToMat();
    }

    /**
     * The operation on raw arrays.
     *
     * @param image  input, not modified
     * @param random source of randomness, or null for the deterministic setting documented by the subclass
     * @return the result
     */
    public abstract ByteImage apply(ByteImage image, Random random);

    @Override
    protected ImageWritable doTransform(ImageWritable image, Random random) {
        if (image == null) {
            return null;
        }
        Mat mat = converter.convert(image.getFrame());
        if (mat == null) {
            return null;
        }
        ByteImage out = apply(MatImages.toByteImage(mat), random);
        return new ImageWritable(converter.convert(MatImages.toMat(out)));
    }
}
