package io.github.spl4j.dl4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.spl4j.data.FixMatchBatchLayout;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** The shared fixture itself: layout, determinism per seed. */
class SyntheticFixMatchTest {

    @Test
    void batchesFollowTheLayoutAndDependOnlyOnTheSeed() {
        List<DataSet> a = SyntheticFixMatch.batches(3, 7L);
        List<DataSet> b = SyntheticFixMatch.batches(3, 7L);
        List<DataSet> c = SyntheticFixMatch.batches(3, 8L);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(SyntheticFixMatch.LAYOUT, FixMatchBatchLayout.infer(a.get(i).getLabels()));
            assertEquals(a.get(i).getFeatures(), b.get(i).getFeatures());
        }
        assertNotEquals(a.get(0).getFeatures(), c.get(0).getFeatures());
    }
}
