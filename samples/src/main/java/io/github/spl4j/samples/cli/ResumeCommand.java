package io.github.spl4j.samples.cli;

import io.github.spl4j.dl4j.train.FixMatchConfig;
import io.github.spl4j.samples.train.AppRun;
import io.github.spl4j.samples.train.DataSource;
import io.github.spl4j.samples.train.RunSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spl resume RUN_DIR}: continues an interrupted run from its last checkpoint. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue an interrupted run from its last checkpoint, with the config, data and split stored "
                + "in its folder.")
public final class ResumeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder (as written by spl train).")
    private Path runDir;

    @Option(names = "--no-progress", description = "Log plain lines instead of the progress bar. Default: off.")
    private boolean noProgress;

    @Option(names = "--stop-after", hidden = true, paramLabel = "K",
            description = "Behave as if Ctrl-C came after K more steps (tests).")
    private long stopAfter;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(runDir)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "RUN_DIR must be an existing run folder, found " + runDir + " (no such folder)");
        }
        Path configFile = runDir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "RUN_DIR must be a run folder with "
                    + "config.json, found none in " + runDir);
        }
        FixMatchConfig config;
        try {
            config = FixMatchConfig.fromJson(Files.readString(configFile));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "RUN_DIR has an invalid config.json: "
                    + e.getMessage());
        }
        if (AppRun.isComplete(runDir)) {
            spec.commandLine().getErr().println("Run " + runDir + " is already complete; nothing to resume.");
            return 0;
        }
        if (AppRun.checkpoints(runDir).isEmpty()) {
            // stopped (or killed) before its first checkpoint: nothing to lose, the run starts again from step 0
            spec.commandLine().getErr().println("No checkpoint in " + runDir.resolve(AppRun.CHECKPOINTS)
                    + " yet: the run starts again from step 0.");
        }
        RunSource source = RunSource.load(runDir);
        if (source == null) {
            source = new RunSource(config.getDataset() == FixMatchConfig.DatasetKind.CIFAR10 ? DataSource.CIFAR10
                    : DataSource.FASHION_MNIST, config.getDataDir(), 0, 0);
        }
        Path stored = Path.of(config.getOutputDir());
        if (!Files.isDirectory(stored) || !Files.isSameFile(stored, runDir)) {
            // the folder was moved: the run continues where it is now
            config = config.toBuilder().outputDir(runDir.toString()).build();
        }
        return TrainCommand.runAndReport(spec, config, source, noProgress, stopAfter, false);
    }
}
