package io.github.spl4j.samples.cli;

import io.github.spl4j.samples.augment.AugmentBenchmark;
import io.github.spl4j.samples.bench.CpuStepBenchmark;
import io.github.spl4j.samples.bench.LossBenchmark;
import io.github.spl4j.samples.bench.TrainerStepBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spl bench step|trainer|loss|augment}: the benchmark mains of the samples module. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run a benchmark (minutes; use a quiet machine):",
                "  step [ROWS...]        SmallCNN training step, stock DL4J vs spl4j layers (default rows 224 960); "
                        + "system properties bench.warmup, bench.steps, bench.repeats",
                "  trainer [STEPS [REPEATS]] trainer steps/s with the real iterator vs pre-built batches, EMA cost "
                        + "(default 8 2)",
                "  loss                  the loss's forward + backward time",
                "  augment [N [REPEATS]] augmentation images/s on one core (default 5000 3)"})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "step|trainer|loss|augment", description = "Which benchmark.")
    private String which;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARGS", description = "Its arguments (see above).")
    private List<String> args = List.of();

    @Override
    public Integer call() {
        String[] a = args.toArray(new String[0]);
        for (String s : a) {
            if (!s.matches("\\d+")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "Invalid value for ARGS: must be positive integers, found '" + s + "'");
            }
        }
        switch (which) {
            case "step" -> CpuStepBenchmark.main(a);
            case "trainer" -> TrainerStepBenchmark.main(a);
            case "loss" -> LossBenchmark.main(a);
            case "augment" -> AugmentBenchmark.main(a);
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for benchmark: must be one of step, trainer, loss, augment, found '" + which + "'");
        }
        return 0;
    }
}
