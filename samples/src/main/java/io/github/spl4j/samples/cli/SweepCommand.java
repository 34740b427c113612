package io.github.spl4j.samples.cli;

import io.github.spl4j.samples.SplApp;
import io.github.spl4j.samples.report.RunReport;
import io.github.spl4j.samples.report.SweepSummary;
import io.github.spl4j.dl4j.train.FixMatchConfig;
import io.github.spl4j.dl4j.train.FixMatchConfig.WeightingKind;
import io.github.spl4j.samples.train.AppRun;
import io.github.spl4j.samples.train.RunSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

/**
 * {@code spl sweep}: a grid over weighting × τ × µ × (optionally) EMA decay × seeds, run one after another into sub-folders of one sweep
 * folder. Running the same command again skips finished runs and resumes an interrupted one, then rewrites the
 * summary. The hard threshold ignores µ, so it runs once per τ and seed. The result of a run is its final
 * evaluation; the summary records the median of its last evaluations too (see {@link SweepSummary}).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Grid over weighting x tau x mu (x EMA decay) x seeds, run sequentially into "
                + "OUT/<setting>-seed<S>; resumable (finished runs are skipped, an interrupted one is resumed); then "
                + "OUT/summary.md with mean +- std per setting of the final test error (the result of a run) and of "
                + "the median of its last --median-of-last evaluations, and OUT/error-vs-tau.png.",
                "All train options apply to every run; the swept ones come from the lists below."})
public final class SweepCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--weightings", split = ",", paramLabel = "hard,smooth",
            converter = TrainOptions.WeightingConverter.class, defaultValue = "hard,smooth",
            description = "Weightings to sweep. Default: ${DEFAULT-VALUE}.")
    private List<WeightingKind> weightings;

    @Option(names = "--taus", split = ",", paramLabel = "T,...", defaultValue = "0.8,0.9,0.95",
            description = "Thresholds to sweep. Default: ${DEFAULT-VALUE}.")
    private List<Double> taus;

    @Option(names = "--mus", split = ",", paramLabel = "M,...", defaultValue = "1",
            description = "Ramp exponents of the smooth weighting to sweep. Default: ${DEFAULT-VALUE}.")
    private List<Double> mus;

    @Option(names = "--ema-decays", split = ",", paramLabel = "D,...",
            description = "EMA decays of the teacher to sweep, each in [0, 1); the run folders and settings then name "
                    + "the decay (replaces --ema-decay). Default: not swept (--ema-decay for every run).")
    private List<Double> emaDecays;

    @Option(names = "--seeds", split = ",", paramLabel = "S,...", defaultValue = "1,2,3",
            description = "Seeds to sweep. Default: ${DEFAULT-VALUE}.")
    private List<Long> seeds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/sweep",
            description = "Sweep folder. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--no-progress", description = "Log plain lines instead of the progress bar. Default: off.")
    private boolean noProgress;

    @Mixin
    private TrainOptions options;

    @Override
    public Integer call() throws Exception {
        boolean sweepEma = emaDecays != null && !emaDecays.isEmpty();
        if (sweepEma && spec.commandLine().getParseResult().hasMatchedOption("--ema-decay")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ema-decay and --ema-decays cannot be "
                    + "combined: give the decays to sweep with --ema-decays only");
        }
        FixMatchConfig.Builder base = options.toBuilder(spec, spec.commandLine().getParseResult(),
                Set.of("--weighting", "--tau", "--mu", "--seed"));
        List<Double> emaList = sweepEma ? emaDecays : List.of(Double.NaN);
        RunSource source = null;
        List<SweepSummary.Run> planned = new ArrayList<>();
        List<FixMatchConfig> settings = new ArrayList<>();
        for (WeightingKind w : weightings) {
            for (double tau : taus) {
                List<Double> muList = w == WeightingKind.HARD ? List.of(FixMatchConfig.DEFAULT_MU) : mus;
                for (double mu : muList) {
                    for (double ema : emaList) {
                        for (long seed : seeds) {
                            FixMatchConfig s;
                            Path runDir = out.resolve(runName(w, tau, mu, ema, seed));
                            try {
                                if (!Double.isNaN(ema)) {
                                    base.emaDecay(ema);
                                }
                                s = base.weighting(w).tau(tau).mu(mu).seed(seed).splitSeed(seed)
                                        .outputDir(runDir.toString()).build();
                            } catch (IllegalArgumentException e) {
                                throw new CommandLine.ParameterException(spec.commandLine(),
                                        TrainOptions.withFlag(e.getMessage()).replace("'--tau'", "'--taus'")
                                                .replace("'--mu'", "'--mus'")
                                                .replace("'--ema-decay'", "'--ema-decays'"));
                            }
                            source = options.source(spec, spec.commandLine().getParseResult(), s);
                            SweepSummary.Run run = new SweepSummary.Run(w.name().toLowerCase(Locale.ROOT), tau, mu,
                                    seed, runDir, ema);
                            planned.add(run);
                            settings.add(s);
                        }
                    }
                }
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        Files.createDirectories(out);
        for (int i = 0; i < planned.size(); i++) {
            SweepSummary.Run run = planned.get(i);
            String label = String.format(Locale.ROOT, "[%d/%d] %s seed %d", i + 1, planned.size(), run.setting(),
                    run.seed());
            if (AppRun.isComplete(run.runDir())) {
                err.println(label + ": done, skipped");
                continue;
            }
            boolean resume = Files.isDirectory(run.runDir()) && !AppRun.checkpoints(run.runDir()).isEmpty();
            if (!resume) {
                deleteTree(run.runDir());
            }
            err.println(label + (resume ? ": resuming" : ": training"));
            err.flush();
            int code = TrainCommand.runAndReport(spec, settings.get(i), source, noProgress, 0, false);
            if (code != 0) {
                if (code == SplApp.EXIT_INTERRUPTED) {
                    err.println("Sweep stopped; run the same command again to continue.");
                }
                return code;
            }
        }
        List<SweepSummary.Row> rows = SweepSummary.write(out, planned);
        PrintWriter o = spec.commandLine().getOut();
        for (SweepSummary.Row r : rows) {
            o.printf(Locale.ROOT, "%-36s %d seeds  final error %s ± %s %%  (median of last %s: %s ± %s %%)%n",
                    r.setting(), r.n(), RunReport.pct(r.mean()), RunReport.pct(r.std()), r.medianOf(),
                    RunReport.pct(r.medianMean()), RunReport.pct(r.medianStd()));
        }
        o.println("Summary: " + out.resolve(SweepSummary.SUMMARY_MD));
        o.flush();
        return 0;
    }

    static String runName(WeightingKind w, double tau, double mu, long seed) {
        return runName(w, tau, mu, Double.NaN, seed);
    }

    /** The run folder name; the EMA decay appears only when the sweep varies it (NaN otherwise). */
    static String runName(WeightingKind w, double tau, double mu, double emaDecay, long seed) {
        String ema = Double.isNaN(emaDecay) ? "" : String.format(Locale.ROOT, "-ema%s", emaDecay);
        return w == WeightingKind.HARD ? String.format(Locale.ROOT, "hard-tau%s%s-seed%d", tau, ema, seed)
                : String.format(Locale.ROOT, "smooth-tau%s-mu%s%s-seed%d", tau, mu, ema, seed);
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
