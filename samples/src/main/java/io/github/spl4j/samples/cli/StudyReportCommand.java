package io.github.spl4j.samples.cli;

import io.github.spl4j.samples.report.StudyReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spl study-report [ROOT] [--out DIR]}: the tables and plots of a whole study (all sweeps under ROOT) for the
 * docs, from the run folders' config.json, evaluations.csv and metrics.csv. See {@link StudyReport}.
 */
@Command(name = "study-report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tables (mean ± std per setting, spread per method, error vs tau, every run) and plots (per-seed "
                + "scatter, error vs tau, learning curves and mask rate per sweep) of the finished runs under "
                + "ROOT/<sweep>/<run>/, written to OUT/tables.md, OUT/runs.csv and OUT/*.png. Runs whose last "
                + "evaluation is not at their configured steps are listed as in progress and not counted."})
public final class StudyReportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ROOT", defaultValue = StudyReport.DEFAULT_ROOT,
            description = "The study root holding one folder per sweep. Default: ${DEFAULT-VALUE}.")
    private Path root;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = StudyReport.DEFAULT_OUT,
            description = "Output folder of tables.md, runs.csv and the PNG plots. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--median-of", paramLabel = "K", defaultValue = "" + StudyReport.Options.DEFAULT_MEDIAN_OF,
            description = "Also report the median of each run's last K evaluations; 0 takes medianOfLast from each "
                    + "run's config.json. Default: ${DEFAULT-VALUE}.")
    private int medianOf;

    @Option(names = "--smooth", paramLabel = "STEPS", defaultValue = "" + StudyReport.Options.DEFAULT_SMOOTH_WINDOW,
            description = "Moving-average window of the mask-rate curves, in steps. Default: ${DEFAULT-VALUE}.")
    private int smooth;

    @Option(names = "--width", paramLabel = "PX", defaultValue = "" + StudyReport.Options.DEFAULT_WIDTH,
            description = "Plot width in pixels. Default: ${DEFAULT-VALUE}.")
    private int width;

    @Option(names = "--height", paramLabel = "PX", defaultValue = "" + StudyReport.Options.DEFAULT_HEIGHT,
            description = "Plot height in pixels. Default: ${DEFAULT-VALUE}.")
    private int height;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(root)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "ROOT must be an existing study folder, found "
                    + root + (Files.exists(root) ? " (not a folder)" : " (no such folder)"));
        }
        StudyReport.Options options;
        StudyReport.Result result;
        try {
            options = new StudyReport.Options(medianOf, smooth, width, height);
            result = StudyReport.write(root, out, options);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%d finished runs, %d in progress (not counted)%n", result.study().finished().size(),
                result.study().inProgress().size());
        for (Path f : result.files()) {
            o.println(f);
        }
        return 0;
    }
}
