package org.zoolab.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.zoolab.train.EvaluationResult;
import org.zoolab.train.RunListener;
import org.zoolab.train.TrainingResult;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Renders a training run on the console: on a terminal, a progress bar per epoch with ETA, images/s and loss;
 * otherwise (CI logs, pipes) a plain line every tenth of an epoch or 30 seconds. One summary line per epoch.
 */
final class ProgressDisplay implements RunListener {
    private final PrintStream out;
    private final boolean terminal;
    private int epochs;
    private long batchesPerEpoch;
    private ProgressBar bar;
    private int barEpoch = -1;
    private long lastLine;
    private long epochStartNanos;
    private long epochStartBatch;

    ProgressDisplay(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** True when standard input and output are a terminal. */
    static boolean isTerminal() {
        return System.console() != null;
    }

    @Override
    public void started(Start s) {
        epochs = s.epochs();
        batchesPerEpoch = s.batchesPerEpoch();
    }

    @Override
    public void step(Step s) {
        if (s.epoch() != barEpoch) {
            closeBar();
            barEpoch = s.epoch();
            epochStartNanos = System.nanoTime();
            epochStartBatch = s.batchInEpoch() - 1;
            lastLine = System.nanoTime();
            if (terminal) {
                bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", s.epoch(), epochs))
                        .setInitialMax(batchesPerEpoch).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                        .setMaxRenderedLength(110).startsFrom(s.batchInEpoch() - 1, Duration.ZERO).build();
            }
        }
        String extra = String.format(Locale.ROOT, "loss %.4f  %,.0f img/s", s.loss(), s.imagesPerSecond());
        if (bar != null) {
            bar.stepTo(s.batchInEpoch());
            bar.setExtraMessage(extra);
            return;
        }
        long now = System.nanoTime();
        long every = Math.max(1, batchesPerEpoch / 10);
        if (s.batchInEpoch() % every == 0 || now - lastLine > 30_000_000_000L) {
            lastLine = now;
            double perBatch = (now - epochStartNanos) / 1e9 / Math.max(1, s.batchInEpoch() - epochStartBatch);
            long eta = Math.round(perBatch * (batchesPerEpoch - s.batchInEpoch()));
            out.printf(Locale.ROOT, "epoch %d/%d  batch %" + width(batchesPerEpoch) + "d/%d  %s  ETA %s%n", s.epoch(), epochs,
                    s.batchInEpoch(), batchesPerEpoch, extra, clock(eta));
        }
    }

    @Override
    public void epochEnded(Epoch e) {
        closeBar();
        EvaluationResult v = e.validation();
        out.printf(Locale.ROOT, "epoch %" + width(epochs) + "d/%d  train loss %.4f%s  lr %.3g  %s%n", e.epoch(), epochs, e.trainLoss(),
                v == null ? "" : String.format(Locale.ROOT, "  val loss %.4f  top-1 %6.2f%%  top-5 %6.2f%%", v.loss(), 100 * v.top1(), 100 * v.top5()),
                e.lr(), clock(Math.round(e.seconds())));
    }

    @Override
    public void note(String message) {
        if (message.startsWith("learning rate") || message.startsWith("early stop") || message.startsWith("resuming")) {
            closeBar();
            out.println(message);
        }
    }

    @Override
    public void finished(TrainingResult result) {
        closeBar();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private static int width(long n) {
        return Long.toString(n).length();
    }

    /** Seconds as m:ss or h:mm:ss. */
    static String clock(long seconds) {
        long h = seconds / 3600, m = (seconds % 3600) / 60, s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
