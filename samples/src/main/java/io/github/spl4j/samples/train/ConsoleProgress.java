package io.github.spl4j.samples.train;

import io.github.spl4j.dl4j.metrics.StepMetrics;
import io.github.spl4j.dl4j.train.EvaluationRecord;
import io.github.spl4j.dl4j.train.FixMatchConfig;
import io.github.spl4j.dl4j.train.TrainingProgressListener;
import io.github.spl4j.dl4j.train.TrainingResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run on the console: a progress bar (me.tongfei:progressbar) with step, steps/s, ETA and the last step's
 * loss, Ls, Lu, mask rate (mean weight) and learning rate; a line per evaluation and checkpoint above it.
 */
public final class ConsoleProgress implements TrainingProgressListener {
    private static final int UPDATE_MILLIS = 500;
    private static final int MAX_WIDTH = 150;
    private final PrintStream out;
    private final String task;
    private ProgressBar bar;

    /**
     * @param out  where to draw (normally {@code System.err}, so stdout stays clean)
     * @param task name shown left of the bar
     */
    public ConsoleProgress(PrintStream out, String task) {
        this.out = out;
        this.task = task;
    }

    @Override
    public void onStart(FixMatchConfig config, long startStep) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(config.getSteps())
                .startsFrom(startStep, Duration.ZERO).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(UPDATE_MILLIS).showSpeed(new DecimalFormat("0.00")).setUnit(" steps", 1)
                .setSpeedUnit(ChronoUnit.SECONDS).setMaxRenderedLength(MAX_WIDTH)
                .setConsumer(new ConsoleProgressBarConsumer(out, MAX_WIDTH)).build();
    }

    @Override
    public void onStep(long stepsDone, long totalSteps, StepMetrics m) {
        bar.stepTo(stepsDone);
        if (m != null) {
            bar.setExtraMessage(String.format(Locale.ROOT, " L %.3f Ls %.3f Lu %.3f mask %.2f lr %.4f",
                    m.totalLoss(), m.supervisedLoss(), m.unsupervisedLoss(), m.meanWeight(), m.learningRate()));
        }
    }

    @Override
    public void onEvaluation(EvaluationRecord e) {
        line(String.format(Locale.ROOT, "step %d: test error teacher (EMA) %.2f%%, student %.2f%%", e.step(),
                100 * e.teacherError(), 100 * e.studentError()));
    }

    @Override
    public void onCheckpoint(long step, Path file) {
        line("step " + step + ": checkpoint " + file.getFileName());
    }

    @Override
    public void onFinish(TrainingResult result) {
        if (bar != null) {
            bar.close();
        }
    }

    private void line(String text) {
        // erase the bar's line, print, and let the bar redraw itself below on its next refresh
        out.print("\r\033[2K");
        out.println(text);
        out.flush();
    }
}
