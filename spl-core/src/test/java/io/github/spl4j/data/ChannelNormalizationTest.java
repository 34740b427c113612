package io.github.spl4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.spl4j.augment.ByteImage;

class ChannelNormalizationTest {

    private static final double TOLERANCE = 1e-12;

    @Test
    void computesPerChannelMeanAndStdOnTheUnitScale() {
        // two 1x2 RGB images; channel 0 values 0, 255, 0, 255; channel 1 all 51; channel 2 0, 0, 102, 102
        byte[] pixels = {0, 51, 0, (byte) 255, 51, 0, 0, 51, 102, (byte) 255, 51, 102};
        InMemoryImageDataset data = new InMemoryImageDataset("t", 1, 2, 3, pixels, new int[] {0, 0}, List.of("a"));
        ChannelNormalization norm = ChannelNormalization.compute(data, null);
        assertArrayEquals(new double[] {0.5, 0.2, 0.2}, norm.mean(), TOLERANCE);
        assertArrayEquals(new double[] {0.5, ChannelNormalization.MIN_STD, 0.2}, norm.std(), TOLERANCE);
        ChannelNormalization first = ChannelNormalization.compute(data, new int[] {0});
        assertArrayEquals(new double[] {0.5, 0.2, 0.0}, first.mean(), TOLERANCE);
    }

    @Test
    void writesNormalisedValuesInBothLayouts() {
        ChannelNormalization norm = new ChannelNormalization(new double[] {0.5, 0.0, 1.0}, new double[] {0.5, 1, 2});
        ByteImage image = new ByteImage(1, 2, 3, new byte[] {(byte) 255, 0, 0, 0, (byte) 255, (byte) 255});
        float[] nhwc = new float[7];
        norm.write(image, ImageFormat.NHWC, nhwc, 1);
        assertArrayEquals(new float[] {0f, 1f, 0f, -0.5f, -1f, 1f, 0f}, nhwc, 1e-6f);
        float[] nchw = new float[6];
        norm.write(image, ImageFormat.NCHW, nchw, 0);
        assertArrayEquals(new float[] {1f, -1f, 0f, 1f, -0.5f, 0f}, nchw, 1e-6f);
    }

    @Test
    void validatesItsArguments() {
        assertEquals("std[1] must be finite and > 0, found 0.0", assertThrows(IllegalArgumentException.class,
                () -> new ChannelNormalization(new double[] {0, 0, 0}, new double[] {1, 0, 1})).getMessage());
        assertEquals("std must have as many values as mean (3), found 1", assertThrows(
                IllegalArgumentException.class, () -> new ChannelNormalization(new double[3], new double[] {1}))
                .getMessage());
        assertEquals("mean[0] must be finite, found NaN", assertThrows(IllegalArgumentException.class,
                () -> new ChannelNormalization(new double[] {Double.NaN}, new double[] {1})).getMessage());
    }
}
