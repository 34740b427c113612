package io.github.spl4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class EvaluationDataSetIteratorTest {

    private static final InMemoryImageDataset DATA = TestImages.indexed(11, 3, 2, 3, 3);

    @Test
    void visitsEveryImageOnceInOrderThenResets() {
        EvaluationDataSetIterator it = new EvaluationDataSetIterator(DATA, null, 4, ChannelNormalization.unit(3),
                ImageFormat.NHWC);
        for (int pass = 0; pass < 2; pass++) {
            List<Integer> seen = new ArrayList<>();
            List<Long> sizes = new ArrayList<>();
            while (it.hasNext()) {
                DataSet ds = it.next();
                sizes.add(ds.getFeatures().size(0));
                for (int r = 0; r < ds.numExamples(); r++) {
                    int index = TestImages.decodeIndex(ds.getFeatures().slice(r).dup().data().asFloat());
                    seen.add(index);
                    assertEquals(1.0, ds.getLabels().getDouble(r, DATA.label(index)));
                    assertEquals(1.0, ds.getLabels().getRow(r).sumNumber().doubleValue());
                }
            }
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), seen);
            assertEquals(List.of(4L, 4L, 3L), sizes);
            assertThrows(NoSuchElementException.class, it::next);
            it.reset();
        }
    }

    @Test
    void subsetInNchwWithoutAugmentation() {
        EvaluationDataSetIterator it = new EvaluationDataSetIterator(DATA, new int[] {7, 2}, 8,
                ChannelNormalization.unit(3), ImageFormat.NCHW);
        DataSet ds = it.next();
        assertArrayEquals(new long[] {2, 3, 2, 3}, ds.getFeatures().shape());
        float[] first = ds.getFeatures().permute(0, 2, 3, 1).dup('c').slice(0).dup().data().asFloat();
        byte[] original = DATA.image(7).data();
        for (int p = 0; p < original.length; p++) {
            assertEquals(original[p] & 0xFF, TestImages.pixel(first[p]));
        }
        assertFalse(it.hasNext());
        assertEquals(2, it.numExamples());
    }

    @Test
    void rejectsUnlabelledImagesAndBadArguments() {
        InMemoryImageDataset withUnknown = new InMemoryImageDataset("u", 1, 1, 1, new byte[2], new int[] {0, -1},
                List.of("a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EvaluationDataSetIterator(
                withUnknown, null, 1, ChannelNormalization.unit(1), ImageFormat.NHWC));
        assertTrue(e.getMessage().contains("image 1 with label -1"), e.getMessage());
        assertEquals("batchSize must be >= 1, found 0", assertThrows(IllegalArgumentException.class,
                () -> new EvaluationDataSetIterator(DATA, null, 0, ChannelNormalization.unit(3), ImageFormat.NHWC))
                .getMessage());
    }
}
