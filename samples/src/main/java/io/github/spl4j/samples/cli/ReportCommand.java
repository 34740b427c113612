package io.github.spl4j.samples.cli;

import io.github.spl4j.samples.report.RunReport;
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

/** {@code spl report RUN_DIR}: (re)draws the plots and report.md of a run folder from its metrics.csv. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Draw the PNG plots and write report.md of a run folder from its config.json and metrics.csv "
                + "(works on finished and interrupted runs).")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder.")
    private Path runDir;

    @Option(names = "--median-of", paramLabel = "K", defaultValue = "" + RunReport.DEFAULT_MEDIAN_OF,
            description = "Report the median error of the last K evaluations. Default: ${DEFAULT-VALUE}.")
    private int medianOf;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(runDir)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "RUN_DIR must be an existing run folder, found " + runDir + " (no such folder)");
        }
        if (medianOf < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--median-of': must be >= 1, found " + medianOf);
        }
        RunReport.Summary s;
        try {
            s = RunReport.write(runDir, medianOf);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d steps, test error teacher %s%%, student %s%%%n",
                runDir.resolve(RunReport.REPORT), s.lastStep(), RunReport.pct(s.medianTeacherError()),
                RunReport.pct(s.medianStudentError()));
        return 0;
    }
}
