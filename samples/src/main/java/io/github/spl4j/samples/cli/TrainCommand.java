package io.github.spl4j.samples.cli;

import io.github.spl4j.samples.SplApp;
import io.github.spl4j.samples.report.RunReport;
import io.github.spl4j.samples.train.ConsoleProgress;
import io.github.spl4j.samples.train.FixMatchRun;
import io.github.spl4j.samples.train.RunListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spl train}: one Smooth FixMatch (or FixMatch) run into a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train Smooth FixMatch (or FixMatch) and write a run folder: config.json, split.json, "
                + "metrics.csv, checkpoints, model.zip, teacher.zip, report.md and PNG plots.",
                "With no arguments: Fashion-MNIST (Debian package), 40 labels (4 per class, seed 1), SmallCNN, "
                        + "Smooth FixMatch linear (tau 0.95), B 32, unlabeled ratio 3, EMA evaluation; about 10 "
                        + "minutes on 2 cores.",
                "Ctrl-C stops after writing a checkpoint; continue with: spl resume RUN_DIR."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TrainOptions options;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run folder to create. Default: runs/<date-time>-<weighting>-tau<T>-seed<S>.")
    private Path out;

    @Option(names = "--ui", description = "Also start DL4J's training UI on localhost. Default: off.")
    private boolean ui;

    @Option(names = "--no-progress", description = "Log plain lines instead of the progress bar. Default: off.")
    private boolean noProgress;

    @Option(names = "--print-config",
            description = "Print the resolved settings as JSON (usable with --config) and exit. Default: off.")
    private boolean printConfig;

    @Option(names = "--stop-after", hidden = true, paramLabel = "K",
            description = "Behave as if Ctrl-C came after K steps (tests).")
    private long stopAfter;

    @Override
    public Integer call() throws Exception {
        TrainSettings settings = TrainOptions.build(spec,
                options.toBuilder(spec, spec.commandLine().getParseResult(), Set.of()));
        if (printConfig) {
            spec.commandLine().getOut().println(settings.toJson());
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (ui) {
            spec.commandLine().getErr().println("--ui is not available in this build: deeplearning4j-ui is not a "
                    + "dependency of the app (see README, \"Training UI\").");
            return SplApp.EXIT_USAGE;
        }
        Path runDir = out != null ? out : defaultRunDir(settings);
        return runAndReport(spec, settings, runDir, false, noProgress, stopAfter);
    }

    static Path defaultRunDir(TrainSettings s) {
        return Path.of("runs", String.format(Locale.ROOT, "%s-%s-tau%s-seed%d",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")), s.weighting(), s.tau(),
                s.seed()));
    }

    /** Runs (or resumes) and prints where the results are; returns the exit code. */
    static int runAndReport(CommandSpec spec, TrainSettings settings, Path runDir, boolean resume, boolean plain,
                            long stopAfter) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!DatasetSetup.ensureDefaultData(settings, err)) {
            return SplApp.EXIT_NO_DATA;
        }
        err.println((resume ? "Resuming " : "Training into ") + runDir.toAbsolutePath().normalize());
        err.flush();
        AtomicLong steps = new AtomicLong();
        AtomicLong first = new AtomicLong();
        RunListener progress = plain ? new PlainProgress(err) : new ConsoleProgress(System.err, "spl train");
        RunListener counting = new RunListener() {
            @Override
            public void started(long firstStep, long totalSteps) {
                steps.set(firstStep);
                first.set(firstStep);
                progress.started(firstStep, totalSteps);
            }

            @Override
            public void stepDone(Step step) {
                steps.set(step.step());
                progress.stepDone(step);
            }

            @Override
            public void evaluated(long step, double teacherError, double studentError) {
                progress.evaluated(step, teacherError, studentError);
            }

            @Override
            public void checkpointed(long step, Path file) {
                progress.checkpointed(step, file);
            }

            @Override
            public void finished() {
                progress.finished();
            }
        };
        FixMatchRun.Outcome outcome;
        try (RunControl control = new RunControl()) {
            FixMatchRun run = new FixMatchRun(settings, runDir, counting, () -> control.stopRequested()
                    || (stopAfter > 0 && steps.get() - first.get() >= stopAfter));
            outcome = run.run(resume);
        }
        if (outcome == FixMatchRun.Outcome.INTERRUPTED) {
            err.println("Stopped at step " + steps.get() + " after writing a checkpoint. Continue with: spl resume "
                    + runDir);
            return SplApp.EXIT_INTERRUPTED;
        }
        RunReport.Summary s = RunReport.Summary.of(
                io.github.spl4j.samples.report.MetricsTable.read(runDir.resolve(RunReport.METRICS)),
                RunReport.DEFAULT_MEDIAN_OF);
        spec.commandLine().getOut().printf(Locale.ROOT, "Done: %d steps, test error teacher %s%%, student %s%% "
                        + "(median of last %d evals). Report: %s%n", s.lastStep(), RunReport.pct(s.medianTeacherError()),
                RunReport.pct(s.medianStudentError()), s.medianOf(), runDir.resolve(RunReport.REPORT));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Progress as plain log lines every {@value #EVERY} steps (no terminal control characters). */
    static final class PlainProgress implements RunListener {
        private static final int EVERY = 50;
        private final PrintWriter err;

        PlainProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void stepDone(Step s) {
            if (s.step() % EVERY == 0) {
                err.printf(Locale.ROOT, "step %d  %.1f s  L %.3f Ls %.3f Lu %.3f w %.2f lr %.4f%n", s.step(),
                        s.elapsedSeconds(), s.loss(), s.ls(), s.lu(), s.meanWeight(), s.lr());
                err.flush();
            }
        }

        @Override
        public void evaluated(long step, double teacherError, double studentError) {
            err.printf(Locale.ROOT, "step %d: test error teacher (EMA) %.2f%%, student %.2f%%%n", step,
                    100 * teacherError, 100 * studentError);
            err.flush();
        }
    }
}
