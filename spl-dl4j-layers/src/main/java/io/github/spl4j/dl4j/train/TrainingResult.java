package io.github.spl4j.dl4j.train;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a {@link FixMatchTrainer} run. As in the FixMatch paper, the reported errors are the <b>median of
 * the last evaluations</b> ({@code medianOfLast} of the configuration), never the best error seen.
 *
 * @param runDirectory    the run directory
 * @param stepsDone       steps done
 * @param interrupted     true if the run stopped early on request (a checkpoint was written)
 * @param evaluations     all evaluations of the run, in step order
 * @param medianOfLast    how many last evaluations the medians use (fewer if fewer exist)
 * @param teacherError    median test error of the EMA teacher over the last evaluations (NaN if none)
 * @param studentError    median test error of the student over the last evaluations (NaN if none)
 * @param skippedSteps    steps undone because they turned NaN or infinite
 *                        ({@link FixMatchConfig.NonFiniteAction#SKIP}), over the whole run including earlier
 *                        processes of a resumed run
 */
public record TrainingResult(Path runDirectory, long stepsDone, boolean interrupted, List<EvaluationRecord> evaluations,
                             int medianOfLast, double teacherError, double studentError, long skippedSteps) {

    /** Copies the evaluation list and checks {@code skippedSteps >= 0}. */
    public TrainingResult {
        evaluations = List.copyOf(evaluations);
        if (skippedSteps < 0) {
            throw new IllegalArgumentException("skippedSteps must be >= 0, found " + skippedSteps);
        }
    }

    /**
     * A result without skipped steps.
     *
     * @param runDirectory the run directory
     * @param stepsDone    steps done
     * @param interrupted  true if the run stopped early on request
     * @param evaluations  all evaluations of the run, in step order
     * @param medianOfLast how many last evaluations the medians use
     * @param teacherError median test error of the EMA teacher over the last evaluations
     * @param studentError median test error of the student over the last evaluations
     */
    public TrainingResult(Path runDirectory, long stepsDone, boolean interrupted, List<EvaluationRecord> evaluations,
                          int medianOfLast, double teacherError, double studentError) {
        this(runDirectory, stepsDone, interrupted, evaluations, medianOfLast, teacherError, studentError, 0);
    }

    /**
     * @param evaluations evaluations in step order
     * @param last        how many last ones to use, {@code >= 1}
     * @param teacher     true for the teacher's errors, false for the student's
     * @return the median error of the last {@code last} evaluations, NaN if there are none
     */
    public static double medianOfLast(List<EvaluationRecord> evaluations, int last, boolean teacher) {
        if (last < 1) {
            throw new IllegalArgumentException("last must be >= 1, found " + last);
        }
        int from = Math.max(0, evaluations.size() - last);
        double[] v = evaluations.subList(from, evaluations.size()).stream()
                .mapToDouble(e -> teacher ? e.teacherError() : e.studentError()).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
    }

    /** @return a short human-readable report */
    public String report() {
        int used = Math.min(medianOfLast, evaluations.size());
        return String.format(Locale.ROOT, "steps done: %d%s%s%nteacher (EMA) test error: %.2f%% (median of the last %d "
                + "evaluations)%nstudent test error: %.2f%%%nlast evaluations (step teacher student): %s%n", stepsDone,
                interrupted ? " (interrupted; resume with the same configuration)" : "",
                skippedSteps > 0 ? " (" + skippedSteps + " skipped: loss or parameters NaN/infinite)" : "", 100 * teacherError, used,
                100 * studentError, Arrays.toString(evaluations.subList(evaluations.size() - used, evaluations.size())
                        .stream().map(EvaluationRecord::toCsvRow).toArray()));
    }
}
