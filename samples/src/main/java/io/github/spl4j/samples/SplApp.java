package io.github.spl4j.samples;

import io.github.spl4j.samples.cli.AugmentPreviewCommand;
import io.github.spl4j.samples.cli.BenchCommand;
import io.github.spl4j.samples.cli.EvaluateCommand;
import io.github.spl4j.samples.cli.ReportCommand;
import io.github.spl4j.samples.cli.ResumeCommand;
import io.github.spl4j.samples.cli.SearchCommand;
import io.github.spl4j.samples.cli.StudyReportCommand;
import io.github.spl4j.samples.cli.SweepCommand;
import io.github.spl4j.samples.cli.TrainCommand;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code spl} command-line app: Smooth FixMatch and FixMatch end to end (train, resume, evaluate, sweep, report,
 * augment-preview, bench). Run it through the {@code ./spl} wrapper at the repository root, or
 * {@code java -cp … io.github.spl4j.samples.SplApp --help}.
 *
 * <p>Exit codes: 0 success, 1 a run failed, 2 bad arguments (the message names the argument, the value and what is
 * allowed) or a command that is not available yet, 3 a missing or corrupt dataset (the message names the file and
 * what to do), 130 interrupted
 * (Ctrl-C; the run was checkpointed and can be resumed).
 */
@Command(name = "spl", mixinStandardHelpOptions = true, versionProvider = SplApp.Version.class,
        description = "Smooth Pseudo-Labeling (Smooth FixMatch) and FixMatch for Deeplearning4j.",
        subcommands = {TrainCommand.class, ResumeCommand.class, EvaluateCommand.class, SweepCommand.class,
                ReportCommand.class, StudyReportCommand.class, SearchCommand.class, AugmentPreviewCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 run failed, 2 bad arguments or not available yet, 3 dataset missing, "
                + "130 interrupted (resume with: spl resume RUN_DIR)."})
public final class SplApp implements Callable<Integer> {
    /** Exit code of a failed run. */
    public static final int EXIT_FAILED = 1;
    /** Exit code of bad arguments (picocli's usage code) and of commands not available yet. */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;
    /** Exit code when the dataset is missing and could not be installed. */
    public static final int EXIT_NO_DATA = 3;
    /** Exit code after Ctrl-C (128 + SIGINT). */
    public static final int EXIT_INTERRUPTED = 130;

    @Spec
    private CommandSpec spec;

    /** Prints the usage when no sub-command is given. @return {@link #EXIT_USAGE} */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("Missing sub-command: choose one of " + spec.subcommands().keySet());
        spec.commandLine().usage(err);
        return EXIT_USAGE;
    }

    /**
     * @return a command line for the app: bad arguments print the message and a pointer to {@code --help} and exit
     *         with {@link #EXIT_USAGE}; exit codes for exceptions: a missing or corrupt dataset → 3,
     *         {@link IllegalArgumentException} from our validation → 2, each with its message; anything else → 1
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SplApp());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            err.println(ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
            return c.getExitCodeExceptionMapper() != null ? c.getExitCodeExceptionMapper().getExitCode(ex)
                    : EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof io.github.spl4j.data.DatasetException) {
                commandLine.getErr().println("Error: " + ex.getMessage());
                return EXIT_NO_DATA;
            }
            if (ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("Error: " + ex.getMessage());
                return EXIT_USAGE;
            }
            if (ex instanceof io.github.spl4j.dl4j.train.TrainingDivergedException
                    || ex instanceof java.io.UncheckedIOException || ex instanceof java.io.IOException) {
                // expected run failures (divergence, full disk, unwritable folder): the message says what to do
                commandLine.getErr().println("Error: " + ex.getMessage());
                return EXIT_FAILED;
            }
            commandLine.getErr().println("Error: " + ex);
            org.slf4j.LoggerFactory.getLogger(SplApp.class).error("{} failed", commandLine.getCommandName(), ex);
            return EXIT_FAILED;
        });
        return cl;
    }

    /**
     * Runs the app and exits with its exit code.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The version line of {@code spl --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SplApp.class.getPackage().getImplementationVersion();
            return new String[] {"spl " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (spl4j; DL4J 1.0.0-M2.1; Java "
                    + Runtime.version() + ")"};
        }
    }
}
