package io.github.spl4j.augment.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spl4j.augment.AugmentationSequence;
import io.github.spl4j.augment.ByteImage;
import io.github.spl4j.augment.CutoutMode;
import io.github.spl4j.augment.ImageOps;
import io.github.spl4j.augment.RandAugment;
import io.github.spl4j.augment.WeakAugment;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.api.transform.serde.JsonMappers;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.ImageTransform;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;

class TransformsTest {

    private static ByteImage image(int h, int w, int c, long seed) {
        byte[] d = new byte[h * w * c];
        new Random(seed).nextBytes(d);
        return new ByteImage(h, w, c, d);
    }

    static List<ByteImageTransform> all() {
        return List.of(new IdentityTransform(), new AutoContrastTransform(), new EqualizeTransform(),
                new RotateTransform(-30, 30, 128), new SolarizeTransform(0, 256), new ColorTransform(0.05, 0.95),
                new PosterizeTransform(4, 8), new ContrastTransform(0.05, 0.95),
                new BrightnessTransform(0.05, 0.95), new SharpnessTransform(0.05, 1.95),
                new ShearXTransform(-0.3, 0.3), new ShearYTransform(-0.3, 0.3, 7),
                new TranslateXTransform(-0.3, 0.3), new TranslateYTransform(-0.3, 0.3),
                new CutoutTransform(CutoutMode.FIXED, 0.5, new int[] {127, 127, 127}),
                new AugmentationTransform(RandAugment.fixMatch()), new AugmentationTransform(RandAugment.usb()),
                new AugmentationTransform(new WeakAugment()),
                new AugmentationTransform(AugmentationSequence.fixMatchStrong()));
    }

    @Test
    void everyTransformRoundTripsThroughJsonAsAnImageTransform() throws Exception {
        ObjectMapper[] mappers = {JsonMappers.getMapper(), new ObjectMapper()};
        ByteImage im = image(12, 10, 3, 1);
        for (ObjectMapper mapper : mappers) {
            for (ByteImageTransform t : all()) {
                String json = mapper.writeValueAsString(t);
                ImageTransform back = mapper.readValue(json, ImageTransform.class);
                assertEquals(t.getClass(), back.getClass(), json);
                assertEquals(t, back, json);
                assertEquals(t.hashCode(), back.hashCode());
                assertEquals(t.apply(im, new Random(3)), ((ByteImageTransform) back).apply(im, new Random(3)));
                assertTrue(!json.contains("converter") && !json.contains("currentImage"), json);
            }
        }
        assertNotEquals(new ShearXTransform(-0.3, 0.3), new ShearYTransform(-0.3, 0.3));
        assertNotEquals(new RotateTransform(0, 30, 0), new RotateTransform(0, 30, 1));
    }

    @Test
    void matConversionKeepsRgbOrderAndDataVecPathMatchesRawPath() {
        OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat();
        for (int c : new int[] {1, 3}) {
            ByteImage im = image(9, 7, c, c);
            Mat mat = MatImages.toMat(im);
            assertEquals(c, mat.channels());
            if (c == 3) {
                // OpenCV stores BGR: first byte of the Mat is the blue value
                assertEquals(im.get(0, 0, 2), mat.data().get(0) & 0xFF);
            }
            assertEquals(im, MatImages.toByteImage(mat));
            ImageWritable in = new ImageWritable(conv.convert(mat));
            for (ByteImageTransform t : all()) {
                ImageWritable out = t.transform(in, new Random(11));
                ByteImage got = MatImages.toByteImage(conv.convert(out.getFrame()));
                assertEquals(t.apply(im, new Random(11)), got, t.toString());
                assertEquals(out, t.getCurrentImage());
            }
        }
        assertNull(new SolarizeTransform(0, 0).transform(null, new Random(1)));
    }

    @Test
    void transformWithoutRandomUsesTheTransformsOwnGenerator() {
        OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat();
        ByteImage im = image(16, 16, 3, 8);
        ImageWritable in = new ImageWritable(conv.convert(MatImages.toMat(im)));
        AugmentationTransform t = new AugmentationTransform(RandAugment.usb());
        t.setRandom(new Random(21));
        ByteImage got = MatImages.toByteImage(conv.convert(t.transform(in).getFrame()));
        assertEquals(RandAugment.usb().apply(im, new Random(21)), got);
        assertNotEquals(im, got);
    }

    @Test
    void nullRandomUsesTheLargestParameter() {
        ByteImage im = image(5, 5, 3, 4);
        assertEquals(ImageOps.solarize(im, 100), new SolarizeTransform(0, 100).apply(im, null));
        assertEquals(im, new CutoutTransform(CutoutMode.FIXED, 0.5, new int[] {0, 0, 0}).apply(im, null));
    }

    @Test
    void constructorsValidate() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PosterizeTransform(4, 9)).getMessage()
                .contains("max for POSTERIZE must be in [0.0, 8.0], found 9.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RotateTransform(10, 5)).getMessage()
                .contains("max must be >= min = 10.0, found 5.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ShearXTransform(0, 1, 256)).getMessage()
                .contains("fill must be in [0, 255], found 256"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AugmentationTransform(null))
                .getMessage().contains("augmentation must not be null"));
    }
}
