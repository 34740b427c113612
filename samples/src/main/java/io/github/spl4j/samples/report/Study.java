package io.github.spl4j.samples.report;

import io.github.spl4j.samples.report.MetricsTable.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * The run folders of a study, split into finished runs and runs still in progress (or unreadable), which are listed
 * but never counted.
 *
 * <p>Layout: {@code ROOT/<sweep>/<run>/} with {@code config.json} and {@code evaluations.csv} (as written by
 * {@code spl sweep --out ROOT/<sweep>}); a run folder directly in {@code ROOT} also counts, with the root's name as its
 * sweep. A run is finished when its last evaluation is at config.json's {@code steps}.
 *
 * @param root       the study root
 * @param finished   the finished runs, ordered by sweep, setting (method, τ, µ, context) and seed
 * @param inProgress the other run folders, ordered by sweep and name
 */
public record Study(Path root, List<StudyRun> finished, List<InProgress> inProgress) {
    /** Name of the evaluations file (step, teacher_error, student_error). */
    public static final String EVALUATIONS = MetricsTable.EVALUATIONS;
    private static final Pattern SEED = Pattern.compile("-seed(\\d+)$");

    /** Orders settings: supervised, hard, smooth; then τ, µ and the context. */
    public static final Comparator<StudySetting> SETTING_ORDER = Comparator
            .comparing((StudySetting s) -> s.method().ordinal())
            .thenComparingDouble(StudySetting::tau).thenComparingDouble(StudySetting::mu)
            .thenComparing(s -> s.context().toString());

    /**
     * A run folder that is not counted: still running, not started, or unreadable.
     *
     * @param sweep  the sweep
     * @param name   the run folder's name
     * @param dir    the run folder
     * @param status why it is not counted, e.g. {@code at step 1000 of 2000 (2 evaluations)}
     */
    public record InProgress(String sweep, String name, Path dir, String status) {
        /** @throws NullPointerException if an argument is null */
        public InProgress {
            Objects.requireNonNull(sweep, "sweep");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(status, "status");
        }
    }

    /** Copies the lists. */
    public Study {
        Objects.requireNonNull(root, "root");
        finished = List.copyOf(finished);
        inProgress = List.copyOf(inProgress);
    }

    /**
     * Finds and reads the run folders of a study root.
     *
     * @param root     the study root, e.g. {@code runs/study}
     * @param medianOf how many last evaluations the median error uses; 0 to use each run's config.json
     *                 {@code medianOfLast} (else {@value RunReport#DEFAULT_MEDIAN_OF})
     * @return the study
     * @throws IllegalArgumentException if root is not an existing folder, holds no run folder, or
     *                                  {@code medianOf < 0}; the message names the folder
     * @throws UncheckedIOException     if a folder cannot be listed
     */
    public static Study scan(Path root, int medianOf) {
        if (medianOf < 0) {
            throw new IllegalArgumentException("medianOf must be >= 0 (0: from each config.json), found " + medianOf);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("study root must be an existing folder, found " + root
                    + (Files.exists(root) ? " (not a folder)" : " (no such folder)"));
        }
        List<StudyRun> finished = new ArrayList<>();
        List<InProgress> pending = new ArrayList<>();
        String rootName = root.toAbsolutePath().normalize().getFileName() == null ? root.toString()
                : root.toAbsolutePath().normalize().getFileName().toString();
        for (Path child : folders(root)) {
            if (Files.isRegularFile(child.resolve(RunReport.CONFIG))) {
                read(child, rootName, medianOf, finished, pending);
            } else {
                for (Path run : folders(child)) {
                    read(run, child.getFileName().toString(), medianOf, finished, pending);
                }
            }
        }
        if (finished.isEmpty() && pending.isEmpty()) {
            throw new IllegalArgumentException("study root " + root + " must hold run folders, found none: expected "
                    + root + "/<sweep>/<setting>-seed<S>/ with config.json and evaluations.csv (from spl sweep --out "
                    + root + "/<sweep>)");
        }
        finished.sort(Comparator.comparing(StudyRun::sweep).thenComparing(StudyRun::setting, SETTING_ORDER)
                .thenComparingLong(StudyRun::seed).thenComparing(StudyRun::name));
        pending.sort(Comparator.comparing(InProgress::sweep).thenComparing(InProgress::name));
        return new Study(root, finished, pending);
    }

    private static List<Path> folders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list study folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void read(Path dir, String sweep, int medianOfOption, List<StudyRun> finished,
                             List<InProgress> pending) {
        String name = dir.getFileName().toString();
        Path configFile = dir.resolve(RunReport.CONFIG);
        if (!Files.isRegularFile(configFile)) {
            pending.add(new InProgress(sweep, name, dir, "no " + RunReport.CONFIG + " yet"));
            return;
        }
        JsonNode config;
        StudySetting setting;
        try {
            config = RunReport.readConfig(configFile);
            setting = StudySetting.of(config, configFile.toString());
        } catch (IllegalArgumentException | IOException e) {
            pending.add(new InProgress(sweep, name, dir, "unreadable " + RunReport.CONFIG + ": " + e.getMessage()));
            return;
        }
        JsonNode stepsNode = config.get("steps");
        if (stepsNode == null || !stepsNode.canConvertToInt() || stepsNode.asInt() < 1) {
            pending.add(new InProgress(sweep, name, dir, RunReport.CONFIG + " has no positive steps, found "
                    + stepsNode));
            return;
        }
        int steps = stepsNode.asInt();
        Path evalFile = dir.resolve(EVALUATIONS);
        if (!Files.isRegularFile(evalFile)) {
            pending.add(new InProgress(sweep, name, dir, "no evaluations yet (K = " + steps + ")"));
            return;
        }
        MetricsTable evals;
        try {
            evals = MetricsTable.read(evalFile);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            pending.add(new InProgress(sweep, name, dir, "unreadable " + EVALUATIONS + ": " + e.getMessage()));
            return;
        }
        double[] evalSteps = evals.column(Metric.STEP);
        if (evalSteps.length == 0) {
            pending.add(new InProgress(sweep, name, dir, "no evaluations yet (K = " + steps + ")"));
            return;
        }
        double last = evalSteps[evalSteps.length - 1];
        if (last != steps) {
            pending.add(new InProgress(sweep, name, dir, String.format(Locale.ROOT,
                    "last evaluation at step %s of %d (%d evaluations)", StudySetting.fmt(last), steps,
                    evalSteps.length)));
            return;
        }
        Long seed = seed(config, name);
        if (seed == null) {
            pending.add(new InProgress(sweep, name, dir, RunReport.CONFIG + " has no seed and the folder name no "
                    + "-seed<S>"));
            return;
        }
        int medianOf = medianOfOption;
        if (medianOf == 0) {
            JsonNode m = config.get("medianOfLast");
            medianOf = m != null && m.canConvertToInt() && m.asInt() >= 1 ? m.asInt() : RunReport.DEFAULT_MEDIAN_OF;
        }
        finished.add(new StudyRun(sweep, name, dir, setting, seed, steps, medianOf, evalSteps,
                evals.column(Metric.TEACHER_ERROR), evals.column(Metric.STUDENT_ERROR)));
    }

    private static Long seed(JsonNode config, String name) {
        JsonNode s = config.get("seed");
        if (s != null && s.canConvertToLong()) {
            return s.asLong();
        }
        Matcher m = SEED.matcher(name);
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }
}
