package io.github.spl4j.samples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BenchStatsTest {

    @Test
    void oddCountTakesTheMiddleValueAndKeepsTheInputUnsorted() {
        double[] values = {0.9, 0.2, 0.5, 1.4, 0.3};
        BenchStats s = BenchStats.of(values);
        assertEquals(0.5, s.median(), 0);
        assertEquals(0.2, s.min(), 0);
        assertEquals(1.4, s.max(), 0);
        assertEquals(5, s.count());
        assertEquals(0.9, values[0], 0);
    }

    @Test
    void evenCountAveragesTheTwoMiddleValues() {
        BenchStats s = BenchStats.of(4, 1, 3, 2);
        assertEquals(2.5, s.median(), 1e-12);
        assertEquals(1, s.min(), 0);
        assertEquals(4, s.max(), 0);
        assertEquals(7.0, BenchStats.of(7).median(), 0);
    }

    @Test
    void formatShowsMedianAndSpread() {
        assertEquals("0.500 [0.200-1.400]", BenchStats.of(0.9, 0.2, 0.5, 1.4, 0.3).format(3));
        assertEquals("3 [1-4]", BenchStats.of(4, 1, 3).format(0));
    }

    @Test
    void emptyOrNonFiniteInputIsRejected() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, BenchStats::of);
        assertEquals("values must hold at least one measurement, found none", empty.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> BenchStats.of(1, Double.NaN));
        assertEquals("values must be finite, found NaN", nan.getMessage());
    }
}
