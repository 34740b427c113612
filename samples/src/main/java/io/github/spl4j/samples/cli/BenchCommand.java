package io.github.spl4j.samples.cli;

import io.github.spl4j.samples.augment.AugmentBenchmark;
import io.github.spl4j.samples.bench.BenchArgs;
import io.github.spl4j.samples.bench.BenchArgs.Param;
import io.github.spl4j.samples.bench.CpuStepBenchmark;
import io.github.spl4j.samples.bench.LossBenchmark;
import io.github.spl4j.samples.bench.LossStepBenchmark;
import io.github.spl4j.samples.bench.MemoryBenchmark;
import io.github.spl4j.samples.bench.ThroughputBenchmark;
import io.github.spl4j.samples.bench.TrainerStepBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spl bench step|lossstep|throughput|trainer|memory|loss|augment}: the benchmark mains of the samples module.
 * Arguments are validated here ({@link BenchArgs}) before any benchmark starts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run a benchmark (minutes; use a quiet machine):",
                "  step [ROWS...]        SmallCNN training step, stock DL4J vs spl4j layers (default rows 224 960); "
                        + "system properties bench.warmup, bench.steps, bench.repeats",
                "  lossstep [STEPS [REPEATS]] full SmallCNN-16 step at 224 rows (B 32, ratio 3): SmoothRamp vs "
                        + "HardThreshold vs LossMCXENT, goal Smooth/Hard <= 1.02 (default 6 7)",
                "  throughput [STEPS [WRN_STEPS]] steps/s and images/s, SmallCNN-16/-32 at (32,3) and (64,7), "
                        + "WRN-28-2 at (64,7), 32x32x3 (default 5 2)",
                "  trainer [STEPS [REPEATS]] trainer steps/s with the real iterator vs pre-built batches, goal "
                        + "<= 1.05, EMA cost (default 8 3)",
                "  memory [STEPS]        heap, ND4J workspaces, JavaCPP and RSS over a trainer run, flatness verdict "
                        + "(default 5000); CSV path: system property bench.csv (default bench-memory.csv)",
                "  loss                  the loss's forward + backward time",
                "  augment [N [REPEATS]] augmentation images/s on one core (default 5000 3)"})
public final class BenchCommand implements Callable<Integer> {
    /** The benchmarks and their positional parameters (step takes any number of row counts). */
    static final Map<String, List<Param>> PARAMS = Map.of(
            "lossstep", List.of(new Param("STEPS", LossStepBenchmark.DEFAULT_STEPS, 1, 1000),
                    new Param("REPEATS", LossStepBenchmark.DEFAULT_REPEATS, 1, 1000)),
            "throughput", List.of(new Param("STEPS", ThroughputBenchmark.DEFAULT_STEPS, 1, 1000),
                    new Param("WRN_STEPS", ThroughputBenchmark.DEFAULT_WRN_STEPS, 0, 1000)),
            "trainer", List.of(new Param("STEPS", TrainerStepBenchmark.DEFAULT_STEPS, 1, 10_000),
                    new Param("REPEATS", TrainerStepBenchmark.DEFAULT_REPEATS, 1, 1000)),
            "memory", List.of(new Param("STEPS", 5000, 100, 10_000_000)),
            "loss", List.of(),
            "augment", List.of(new Param("N", 5000, 1, 100_000_000), new Param("REPEATS", 3, 1, 1000)));

    /** Names accepted as the first argument, in usage order. */
    static final List<String> BENCHMARKS = List.of("step", "lossstep", "throughput", "trainer", "memory", "loss",
            "augment");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BENCHMARK", description = "Which benchmark: ${COMPLETION-CANDIDATES}.",
            completionCandidates = Names.class)
    private String which;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARGS", description = "Its arguments (see above).")
    private List<String> args = List.of();

    /** Completion candidates for the benchmark name. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return BENCHMARKS.iterator();
        }
    }

    @Override
    public Integer call() {
        if (!BENCHMARKS.contains(which)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for BENCHMARK: must be one of "
                    + String.join(", ", BENCHMARKS) + ", found '" + which + "'");
        }
        String[] a = args.toArray(new String[0]);
        if (which.equals("step")) {
            for (String s : a) {
                if (!s.matches("\\d+") || Integer.parseInt(s) < 1) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "bench step: ROWS must be positive integers, found '" + s + "'");
                }
            }
            CpuStepBenchmark.main(a);
            return 0;
        }
        BenchArgs p;
        try {
            p = BenchArgs.parse(which, PARAMS.get(which), a);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        switch (which) {
            case "lossstep" -> LossStepBenchmark.main(p.get("STEPS"), p.get("REPEATS"));
            case "throughput" -> ThroughputBenchmark.main(p.get("STEPS"), p.get("WRN_STEPS"));
            case "trainer" -> TrainerStepBenchmark.main(p.get("STEPS"), p.get("REPEATS"));
            case "memory" -> MemoryBenchmark.main(p.get("STEPS"),
                    Path.of(System.getProperty("bench.csv", "bench-memory.csv")));
            case "loss" -> LossBenchmark.main(a);
            default -> AugmentBenchmark.main(
                    new String[] {String.valueOf(p.get("N")), String.valueOf(p.get("REPEATS"))});
        }
        return 0;
    }
}
