package io.github.spl4j.dl4j.train;

import java.util.Locale;

/**
 * One evaluation on the test set during a run.
 *
 * @param step         steps done when evaluated
 * @param teacherError test error of the EMA teacher, in [0, 1]
 * @param studentError test error of the trained network itself, in [0, 1]
 */
public record EvaluationRecord(long step, double teacherError, double studentError) {

    /** CSV header matching {@link #toCsvRow()}. */
    public static final String CSV_HEADER = "step,teacher_error,student_error";

    /** @return a CSV line (no newline) */
    public String toCsvRow() {
        return String.format(Locale.ROOT, "%d,%.6f,%.6f", step, teacherError, studentError);
    }

    /**
     * @param line a line written by {@link #toCsvRow()}
     * @return the record
     * @throws IllegalArgumentException if the line is not such a line
     */
    public static EvaluationRecord parse(String line) {
        String[] c = line.split(",");
        if (c.length != 3) {
            throw new IllegalArgumentException("an evaluation line needs 3 comma-separated values, found: " + line);
        }
        return new EvaluationRecord(Long.parseLong(c[0]), Double.parseDouble(c[1]), Double.parseDouble(c[2]));
    }
}
