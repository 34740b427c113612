package io.github.spl4j.samples.cli;

import io.github.spl4j.samples.train.TrainingUi;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.optimize.api.TrainingListener;

import io.github.spl4j.dl4j.backend.BackendInfo;
import io.github.spl4j.dl4j.cpu.OneDnnSupport;

import io.github.spl4j.dl4j.train.FixMatchConfig;
import io.github.spl4j.dl4j.train.TrainingProgressListener;
import io.github.spl4j.dl4j.train.TrainingResult;
import io.github.spl4j.dl4j.train.EvaluationRecord;
import io.github.spl4j.dl4j.metrics.StepMetrics;
import io.github.spl4j.samples.SplApp;
import io.github.spl4j.samples.report.RunReport;
import io.github.spl4j.samples.train.AppRun;
import io.github.spl4j.samples.train.ConsoleProgress;
import io.github.spl4j.samples.train.RunControl;
import io.github.spl4j.samples.train.RunSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spl train}: one Smooth FixMatch (or FixMatch) run into a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train Smooth FixMatch (or FixMatch) and write a run folder: config.json, split.json, "
                + "metrics.csv, evaluations.csv, checkpoints, model-student.zip, model-teacher.zip, report.md and "
                + "PNG plots.",
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
            description = "Run folder to create (must be new or empty). Default: "
                    + "runs/<date-time>-<weighting>-tau<T>-seed<S>.")
    private Path out;

    @Option(names = "--ui", description = "Also start DL4J's training UI on localhost:9000 (port: system property "
            + "org.deeplearning4j.ui.port); it shows DL4J's score, parameter and update charts, and at /spl4j/ssl "
            + "the SSL metrics (Ls, Lu, mask rate, pseudo-label accuracy, lr), while the run lasts. Default: off.")
    private boolean ui;

    @Option(names = "--no-progress", description = "Log plain lines instead of the progress bar. Default: off.")
    private boolean noProgress;

    @Option(names = "--print-config",
            description = "Print the resolved trainer config as JSON (usable with --config) and exit. Default: off.")
    private boolean printConfig;

    @Option(names = "--stop-after", hidden = true, paramLabel = "K",
            description = "Behave as if Ctrl-C came after K steps (tests).")
    private long stopAfter;

    @Override
    public Integer call() throws Exception {
        FixMatchConfig.Builder b = options.toBuilder(spec, spec.commandLine().getParseResult(), Set.of());
        FixMatchConfig probe = TrainOptions.build(spec, b);
        Path runDir = out != null ? out : defaultRunDir(probe);
        FixMatchConfig config = TrainOptions.build(spec, b.outputDir(runDir.toString()));
        RunSource source = options.source(spec, spec.commandLine().getParseResult(), config);
        if (printConfig) {
            spec.commandLine().getOut().println(config.toJson());
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (Files.isDirectory(runDir)) {
            try (Stream<Path> s = Files.list(runDir)) {
                if (s.findAny().isPresent()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--out': "
                            + "must be a new or empty folder, found a non-empty " + runDir
                            + " (to continue a run there: spl resume " + runDir + ")");
                }
            }
        }
        return runAndReport(spec, config, source, noProgress, stopAfter, ui);
    }

    static Path defaultRunDir(FixMatchConfig c) {
        return Path.of("runs", String.format(Locale.ROOT, "%s-%s-tau%s-seed%d",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")),
                c.getWeighting().name().toLowerCase(Locale.ROOT), c.getTau(), c.getSeed()));
    }

    /** Runs (or resumes) and prints where the results are; returns the exit code. */
    static int runAndReport(CommandSpec spec, FixMatchConfig config, RunSource source, boolean plain,
                            long stopAfter, boolean ui) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!DatasetSetup.ensureDefaultData(source, err)) {
            return SplApp.EXIT_NO_DATA;
        }
        Path runDir = Path.of(config.getOutputDir());
        boolean resume = !AppRun.checkpoints(runDir).isEmpty();
        err.println((resume ? "Resuming " : "Training into ") + runDir.toAbsolutePath().normalize());
        OneDnnSupport.ensureEnabled();
        err.println(BackendInfo.detect().summary());
        List<TrainingListener> listeners = new ArrayList<>();
        if (ui) {
            TrainingUi trainingUi = TrainingUi.start();
            listeners.addAll(trainingUi.listeners());
            err.println("DL4J training UI: " + trainingUi.address() + " (while this run lasts); SSL metrics: "
                    + trainingUi.sslAddress());
        }
        err.flush();
        TrainingProgressListener progress = plain ? new PlainProgress(err)
                : new ConsoleProgress(System.err, "spl train");
        try (RunControl control = new RunControl()) {
            TrainingResult r = AppRun.run(config, source, progress, stopAfter, control, listeners);
            if (r.interrupted()) {
                err.println("Stopped at step " + r.stepsDone() + " after writing a checkpoint. Continue with: "
                        + "spl resume " + runDir);
                err.flush();
                return SplApp.EXIT_INTERRUPTED;
            }
            if (r.skippedSteps() > 0) {
                err.println(r.skippedSteps() + " steps were skipped because their loss or weights were NaN or "
                        + "infinite (--on-nan skip); if there are many, lower --lr.");
                err.flush();
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "Done: %d steps, test error teacher %s%%, student %s%% "
                            + "(median of last %d evals). Report: %s%n", r.stepsDone(),
                    RunReport.pct(r.teacherError()), RunReport.pct(r.studentError()), r.medianOfLast(),
                    runDir.resolve(RunReport.REPORT));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** Progress as plain log lines every {@value #EVERY} steps (no terminal control characters). */
    static final class PlainProgress implements TrainingProgressListener {
        private static final int EVERY = 50;
        private final PrintWriter err;

        PlainProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void onStep(long stepsDone, long totalSteps, StepMetrics m) {
            if (stepsDone % EVERY == 0 && m != null) {
                err.printf(Locale.ROOT, "step %d/%d  L %.3f Ls %.3f Lu %.3f mask %.2f lr %.4f%n", stepsDone,
                        totalSteps, m.totalLoss(), m.supervisedLoss(), m.unsupervisedLoss(), m.meanWeight(),
                        m.learningRate());
                err.flush();
            }
        }

        @Override
        public void onEvaluation(EvaluationRecord e) {
            err.printf(Locale.ROOT, "step %d: test error teacher (EMA) %.2f%%, student %.2f%%%n", e.step(),
                    100 * e.teacherError(), 100 * e.studentError());
            err.flush();
        }
    }
}
