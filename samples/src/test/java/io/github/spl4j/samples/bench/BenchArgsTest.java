package io.github.spl4j.samples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.spl4j.samples.bench.BenchArgs.Param;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchArgsTest {
    private static final List<Param> PARAMS = List.of(new Param("STEPS", 6, 1, 1000), new Param("REPEATS", 7, 2, 9));

    @Test
    void missingTrailingArgumentsTakeTheirDefaults() {
        BenchArgs none = BenchArgs.parse("lossstep", PARAMS);
        assertEquals(6, none.get("STEPS"));
        assertEquals(7, none.get("REPEATS"));
        BenchArgs one = BenchArgs.parse("lossstep", PARAMS, "12");
        assertEquals(12, one.get("STEPS"));
        assertEquals(7, one.get("REPEATS"));
        BenchArgs both = BenchArgs.parse("lossstep", PARAMS, "1000", "2");
        assertEquals(1000, both.get("STEPS"));
        assertEquals(2, both.get("REPEATS"));
    }

    @Test
    void aNonIntegerNamesTheBenchmarkTheParameterAndTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchArgs.parse("lossstep", PARAMS, "5", "many"));
        assertEquals("bench lossstep: REPEATS must be an integer in [2, 9], found 'many'", e.getMessage());
    }

    @Test
    void valuesOutsideTheRangeAreRejectedAtBothEnds() {
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class,
                () -> BenchArgs.parse("lossstep", PARAMS, "0"));
        assertEquals("bench lossstep: STEPS must be an integer in [1, 1000], found 0", low.getMessage());
        IllegalArgumentException high = assertThrows(IllegalArgumentException.class,
                () -> BenchArgs.parse("lossstep", PARAMS, "3", "10"));
        assertEquals("bench lossstep: REPEATS must be an integer in [2, 9], found 10", high.getMessage());
    }

    @Test
    void tooManyArgumentsListTheParameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchArgs.parse("lossstep", PARAMS, "1", "2", "3"));
        assertEquals("bench lossstep: takes at most 2 argument(s) [STEPS, REPEATS], found 3 [1, 2, 3]",
                e.getMessage());
    }

    @Test
    void unknownNamesAndBadParameterDefinitionsAreRejected() {
        BenchArgs a = BenchArgs.parse("lossstep", PARAMS);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> a.get("ROWS"));
        assertEquals("name must be one of [STEPS, REPEATS], found 'ROWS'", unknown.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> new Param("N", 1, 5, 4));
        assertEquals("min must be <= max for N, found 5 > 4", range.getMessage());
        IllegalArgumentException def = assertThrows(IllegalArgumentException.class,
                () -> new Param("N", 0, 1, 4));
        assertEquals("defaultValue of N must be in [1, 4], found 0", def.getMessage());
    }
}
