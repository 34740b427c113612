package io.github.spl4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Argument checks of {@code spl bench}; every case fails before a benchmark starts, so these tests are fast. */
class BenchCommandTest {

    @Test
    void helpListsEveryBenchmarkAndTheGoals() {
        String help = CliRunner.run("bench", "--help").out();
        for (String b : BenchCommand.BENCHMARKS) {
            assertTrue(help.contains("  " + b + " "), b + " missing from\n" + help);
        }
        assertTrue(help.contains("Smooth/Hard <= 1.02"), help);
        assertTrue(help.contains("<= 1.05"), help);
    }

    @Test
    void everyBenchmarkButStepHasItsParameters() {
        for (String b : BenchCommand.BENCHMARKS) {
            assertEquals(!b.equals("step"), BenchCommand.PARAMS.containsKey(b), b);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "memory abc | bench memory: STEPS must be an integer in [100, 10000000], found 'abc'",
            "memory 99 | bench memory: STEPS must be an integer in [100, 10000000], found 99",
            "lossstep 5 0 | bench lossstep: REPEATS must be an integer in [1, 1000], found 0",
            "throughput 5 2 1 | bench throughput: takes at most 2 argument(s) [STEPS, WRN_STEPS], found 3 [5, 2, 1]",
            "trainer -3 | bench trainer: STEPS must be an integer in [1, 10000], found -3",
            "loss 3 | bench loss: takes at most 0 argument(s) [], found 1 [3]",
            "step 224 x | bench step: ROWS must be positive integers, found 'x'",
            "step 0 | bench step: ROWS must be positive integers, found '0'"})
    void badArgumentsExitWithUsageErrorNamingTheParameter(String args, String message) {
        CliRunner.Result r = CliRunner.run(("bench " + args).split(" "));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
    }
}
