package io.github.spl4j.samples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class FlatnessVerdictTest {
    /** Samples every 50 steps over 5,000 steps, as the memory benchmark does. */
    private static long[] steps() {
        long[] s = new long[101];
        s[0] = 1;
        for (int i = 1; i < s.length; i++) {
            s[i] = 50L * i;
        }
        return s;
    }

    private static double[] series(long[] steps, LongToDoubleFunction f) {
        double[] v = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            v[i] = f.applyAsDouble(steps[i]);
        }
        return v;
    }

    @Test
    void warmUpGrowthBeforeTheReferenceDoesNotCount() {
        long[] s = steps();
        // rises from 100 to 300 MiB over the first 500 steps, then stays with +-1 MiB noise
        FlatnessVerdict v = FlatnessVerdict.of(s, series(s, k -> k < 500 ? 100 + 0.4 * k : 300 + (k % 100 == 0
                ? 1 : -1)));
        assertTrue(v.flat(), v.toString());
        assertEquals(100.4, v.start(), 1e-9);
        assertEquals(301, v.peak(), 1e-9);
        assertEquals(301, v.end(), 1e-9);
        assertEquals(1000, v.referenceAt());
        assertEquals(81, v.samples());
        assertEquals(300, v.reference(), 0.1, "the line through samples alternating 301 and 299");
        assertEquals(15.0, v.allowed(), 0.01);
    }

    @Test
    void garbageCollectionSawtoothIsFlatEvenWhenTheLastSampleIsAPeak() {
        long[] s = steps();
        // heap between collections: climbs 60 -> 96 MiB over 500 steps, drops back; the run ends on a peak
        double[] v = series(s, k -> 60 + 0.072 * (k % 500 == 0 && k > 0 ? 500 : k % 500));
        FlatnessVerdict verdict = FlatnessVerdict.of(s, v);
        assertEquals(96, verdict.end(), 1e-9);
        assertTrue(verdict.end() - verdict.reference() > verdict.allowed(), "single samples would say growing");
        assertTrue(verdict.flat(), verdict.toString());
        // the same sawtooth on top of a leak is still caught
        double[] leaking = series(s, k -> 60 + 0.072 * (k % 500) + 0.01 * k);
        assertFalse(FlatnessVerdict.of(s, leaking).flat());
    }

    @Test
    void aSingleSampleFromTheReferenceOnIsFlatByDefinition() {
        FlatnessVerdict v = FlatnessVerdict.of(new long[] {0, 10, 20, 30}, new double[] {1, 2, 3, 50}, 0.9, 0.05, 4);
        assertEquals(1, v.samples());
        assertEquals(50, v.reference(), 1e-9);
        assertTrue(v.flat());
    }

    @Test
    void steadyGrowthAfterTheReferenceIsGrowing() {
        long[] s = steps();
        // a leak of 20 KiB per step: 100 MiB at step 1,000, about 178 MiB at the end
        FlatnessVerdict v = FlatnessVerdict.of(s, series(s, k -> 80 + 0.02 * k));
        assertFalse(v.flat(), v.toString());
        assertEquals(100, v.reference(), 1e-9);
        assertEquals(180, v.endLevel(), 1e-9);
        assertEquals(180, v.end(), 1e-9);
        assertTrue(v.describe("heap", 5000).endsWith("GROWING"), v.describe("heap", 5000));
    }

    @Test
    void growthJustInsideTheToleranceIsFlatAndJustOutsideIsNot() {
        long[] s = {0, 10, 20, 30};
        // reference: the first sample at or after step 15, i.e. step 20
        assertTrue(FlatnessVerdict.of(s, new double[] {100, 150, 200, 210}, 0.5, 0.05, 0).flat());
        assertFalse(FlatnessVerdict.of(s, new double[] {100, 150, 200, 210.5}, 0.5, 0.05, 0).flat());
        // the absolute tolerance wins for small values
        assertTrue(FlatnessVerdict.of(s, new double[] {1, 2, 2, 5.9}, 0.5, 0.05, 4).flat());
        assertFalse(FlatnessVerdict.of(s, new double[] {1, 2, 2, 6.1}, 0.5, 0.05, 4).flat());
    }

    @Test
    void decreasesPass() {
        long[] s = steps();
        FlatnessVerdict v = FlatnessVerdict.of(s, series(s, k -> 1000 - 0.05 * k));
        assertTrue(v.flat());
        assertEquals(1000 - 0.05, v.peak(), 1e-9);
    }

    @Test
    void invalidSeriesAreRejectedWithTheirProblem() {
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> FlatnessVerdict.of(new long[] {1, 2}, new double[] {1}));
        assertEquals("steps and values must have the same length, found 2 and 1", len.getMessage());
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> FlatnessVerdict.of(new long[] {1, 3, 3}, new double[] {1, 2, 3}));
        assertEquals("steps must be strictly increasing, found 3 then 3 at index 2", order.getMessage());
        IllegalArgumentException shortSeries = assertThrows(IllegalArgumentException.class,
                () -> FlatnessVerdict.of(new long[] {1}, new double[] {1}));
        assertEquals("the series must have at least 2 samples, found 1", shortSeries.getMessage());
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
                () -> FlatnessVerdict.of(new long[] {1, 2}, new double[] {1, 2}, 1.0, 0.05, 4));
        assertEquals("referenceFraction must be in [0, 1), found 1.0", fraction.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> FlatnessVerdict.of(new long[] {1, 2}, new double[] {1, Double.NaN}));
        assertEquals("values must be finite, found NaN at index 1", nan.getMessage());
    }
}
