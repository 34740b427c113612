package io.github.spl4j.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageBatchWriterTest {
    private static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};
    private static final float[] STD = {0.2471f, 0.2435f, 0.2616f};

    @Test
    void writesNormalisedValuesInNchwAndNhwcOrder() {
        ByteImage im = TestImages.random(4, 5, 3, 1);
        ImageBatchWriter nchw = new ImageBatchWriter(4, 5, 3, ImageBatchWriter.Layout.NCHW, MEAN, STD);
        ImageBatchWriter nhwc = new ImageBatchWriter(4, 5, 3, ImageBatchWriter.Layout.NHWC, MEAN, STD);
        float[] a = nchw.allocate(3);
        float[] b = nhwc.allocate(3);
        nchw.write(im, a, 2);
        nhwc.write(im, b, 2);
        int base = 2 * 60;
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                for (int c = 0; c < 3; c++) {
                    float expected = (im.get(y, x, c) / 255f - MEAN[c]) / STD[c];
                    assertEquals(expected, a[base + c * 20 + y * 5 + x], 1e-6f);
                    assertEquals(expected, b[base + (y * 5 + x) * 3 + c], 1e-6f);
                }
            }
        }
        assertEquals(0f, a[0]);
    }

    @Test
    void augmentIntoUsesTheIthRandomForTheIthImage() {
        List<ByteImage> images = List.of(TestImages.random(28, 28, 1, 1), TestImages.random(28, 28, 1, 2));
        ImageBatchWriter w = ImageBatchWriter.unitRange(28, 28, 1, ImageBatchWriter.Layout.NCHW);
        Augmentation strong = AugmentationSequence.fixMatchStrong();
        float[] x = w.allocate(3);
        w.augmentInto(strong, images, i -> AugmentRandoms.forImage(1, 2, i), x, 1);
        float[] single = w.allocate(1);
        w.write(strong.apply(images.get(1), AugmentRandoms.forImage(1, 2, 1)), single, 0);
        for (int i = 0; i < 784; i++) {
            assertEquals(single[i], x[2 * 784 + i]);
            assertTrue(x[784 + i] >= 0f && x[784 + i] <= 1f);
        }
    }

    @Test
    void rejectsWrongShapesAndIndices() {
        ImageBatchWriter w = ImageBatchWriter.unitRange(28, 28, 1, ImageBatchWriter.Layout.NHWC);
        float[] x = w.allocate(2);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> w.write(ByteImage.blank(32, 32, 1), x, 0)).getMessage().contains("image must be 28x28x1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> w.write(ByteImage.blank(28, 28, 1), x, 2)).getMessage().contains("index must be in [0, 2)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ImageBatchWriter(2, 2, 1,
                ImageBatchWriter.Layout.NCHW, new float[] {0}, new float[] {0})).getMessage().contains("std"));
        assertTrue(new Random(1).nextInt() != 0);
    }
}
