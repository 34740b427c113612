package io.github.spl4j.samples.report;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * One finished study run: its setting (from config.json) and its evaluations (from evaluations.csv), the last of which
 * is at the configured number of steps. Errors are test errors as fractions in [0, 1], NaN where not evaluated.
 *
 * @param sweep         the sweep: the run folder's parent relative to the study root ({@code /}-separated)
 * @param name          the run folder's name, e.g. {@code hard-tau0.95-seed1}
 * @param dir           the run folder
 * @param setting       the setting read from config.json
 * @param seed          the root seed (config.json {@code seed})
 * @param steps         the configured number of steps K
 * @param medianOf      how many last evaluations {@link #medianTeacherError()} is the median of, {@code >= 1}
 * @param evalSteps     the steps of the evaluations, ascending, the last equal to {@code steps}
 * @param teacherErrors the EMA teacher's test error at each evaluation
 * @param studentErrors the student's test error at each evaluation
 */
public record StudyRun(String sweep, String name, Path dir, StudySetting setting, long seed, int steps, int medianOf,
                       double[] evalSteps, double[] teacherErrors, double[] studentErrors) {

    /**
     * Validates and copies the arrays.
     *
     * @throws NullPointerException     if an object is null
     * @throws IllegalArgumentException if the arrays are empty or of different lengths, the last evaluation is not
     *                                  at {@code steps}, or {@code medianOf < 1}
     */
    public StudyRun {
        Objects.requireNonNull(sweep, "sweep");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(setting, "setting");
        evalSteps = evalSteps.clone();
        teacherErrors = teacherErrors.clone();
        studentErrors = studentErrors.clone();
        if (evalSteps.length == 0 || teacherErrors.length != evalSteps.length
                || studentErrors.length != evalSteps.length) {
            throw new IllegalArgumentException("evaluations must be non-empty and of equal lengths, found "
                    + evalSteps.length + " steps, " + teacherErrors.length + " teacher and " + studentErrors.length
                    + " student errors");
        }
        if (evalSteps[evalSteps.length - 1] != steps) {
            throw new IllegalArgumentException("the last evaluation must be at steps = " + steps + ", found "
                    + StudySetting.fmt(evalSteps[evalSteps.length - 1]));
        }
        if (medianOf < 1) {
            throw new IllegalArgumentException("medianOf must be >= 1, found " + medianOf);
        }
    }

    /** @return a copy of the evaluation steps */
    @Override
    public double[] evalSteps() {
        return evalSteps.clone();
    }

    /** @return a copy of the teacher's errors */
    @Override
    public double[] teacherErrors() {
        return teacherErrors.clone();
    }

    /** @return a copy of the student's errors */
    @Override
    public double[] studentErrors() {
        return studentErrors.clone();
    }

    /** @return the teacher's error at the last evaluation (the run's result), fraction */
    public double finalTeacherError() {
        return teacherErrors[teacherErrors.length - 1];
    }

    /** @return the median of the teacher's last {@link #medianOf()} errors, fraction */
    public double medianTeacherError() {
        return MetricsTable.median(Arrays.copyOfRange(teacherErrors, Math.max(0, teacherErrors.length - medianOf),
                teacherErrors.length));
    }

    /** @return the student's error at the last evaluation, fraction */
    public double finalStudentError() {
        return studentErrors[studentErrors.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StudyRun r && sweep.equals(r.sweep) && name.equals(r.name) && dir.equals(r.dir)
                && setting.equals(r.setting) && seed == r.seed && steps == r.steps && medianOf == r.medianOf
                && Arrays.equals(evalSteps, r.evalSteps) && Arrays.equals(teacherErrors, r.teacherErrors)
                && Arrays.equals(studentErrors, r.studentErrors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sweep, name, dir, setting, seed, steps, medianOf, Arrays.hashCode(evalSteps),
                Arrays.hashCode(teacherErrors), Arrays.hashCode(studentErrors));
    }

    @Override
    public String toString() {
        return "StudyRun(sweep=" + sweep + ", name=" + name + ", setting=" + setting.methodLabel() + ", seed=" + seed
                + ", steps=" + steps + ", finalTeacherError=" + finalTeacherError() + ")";
    }
}
