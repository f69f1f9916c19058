package org.hyperrl.bench.runtime;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Reports the progress of long work (e.g. training steps) on standard error: a live progress bar on an interactive
 * terminal, otherwise (output redirected, or the {@code CI} environment variable set) one concise line each time
 * another {@code percentStep} percent is done, so logs stay short.
 *
 * <p>Both show the time left only once a rate that means something has been measured (the rule is in
 * {@code EtaEstimator}: at least 10 s elapsed, and a steady rate over the later half of the elapsed time, which leaves
 * out a cheap random-action start phase once it is past); until then the bar shows {@code ?} and a line
 * {@code eta --}. The estimate is rounded up, so it never reads 0 s while work remains.
 */
public final class ProgressReporter implements AutoCloseable {
    private final String task;
    private final long total;
    private final ProgressBar bar;
    private final PrintStream log;
    private final int percentStep;
    private final long startNanos = System.nanoTime();
    private final EtaEstimator eta;
    private long done;
    private int lastPercentLogged;
    private String extra = "";

    private ProgressReporter(String task, long total, long startDone, boolean interactive, PrintStream out,
                             int percentStep) {
        if (total <= 0) {
            throw new IllegalArgumentException("progress total must be positive, got " + total);
        }
        if (percentStep < 1 || percentStep > 100) {
            throw new IllegalArgumentException("progress percent step must be in 1..100, got " + percentStep);
        }
        this.task = task;
        this.total = total;
        this.log = out;
        this.percentStep = percentStep;
        this.done = startDone;
        this.lastPercentLogged = percent(startDone) / percentStep * percentStep;
        this.eta = new EtaEstimator(total, startNanos, startDone);
        this.bar = interactive
                ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).setConsumer(new ConsoleProgressBarConsumer(out))
                .startsFrom(startDone, Duration.ZERO).showSpeed()
                .setEtaFunction(state -> eta.timeLeft()).build()
                : null;
    }

    /**
     * A reporter on standard error for {@code total} units of work, of which {@code alreadyDone} were done before
     * (e.g. the step a run resumes from): a bar if {@link #interactive()}, else a line every 10%.
     */
    public static ProgressReporter start(String task, long total, long alreadyDone) {
        return new ProgressReporter(task, total, alreadyDone, interactive(), System.err, 10);
    }

    /** A reporter with every choice explicit (tests, or callers that log elsewhere). */
    public static ProgressReporter start(String task, long total, long alreadyDone, boolean interactive,
                                         PrintStream out, int percentStep) {
        return new ProgressReporter(task, total, alreadyDone, interactive, out, percentStep);
    }

    /** True when a terminal is attached and the {@code CI} environment variable is not set. */
    public static boolean interactive() {
        return System.console() != null && System.getenv("CI") == null;
    }

    /** Whether this reporter draws a bar (rather than logging lines). */
    public boolean drawsBar() {
        return bar != null;
    }

    /** Sets a short status shown after the bar and in each log line (e.g. the latest evaluation return). */
    public synchronized void setMessage(String message) {
        extra = message == null ? "" : message;
        if (bar != null) {
            bar.setExtraMessage(extra);
        }
    }

    /** Records that {@code done} units (counted from the start of the whole work) are complete. */
    public synchronized void stepTo(long done) {
        this.done = Math.min(done, total);
        eta.record(System.nanoTime(), this.done);
        if (bar != null) {
            bar.stepTo(this.done);
            return;
        }
        int percent = percent(this.done);
        if (percent >= lastPercentLogged + percentStep) {
            lastPercentLogged = percent / percentStep * percentStep;
            log.println(line(lastPercentLogged));
            log.flush();
        }
    }

    /** Finishes the bar (the log mode has printed its last line already). */
    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }

    private int percent(long units) {
        return (int) Math.min(100, (units * 100) / total);
    }

    private String line(int percent) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        StringBuilder s = new StringBuilder();
        s.append(task).append(": ").append(percent).append("% (").append(done).append('/').append(total)
                .append(") elapsed ").append(formatSeconds(elapsed));
        if (done < total) {
            s.append(" eta ").append(eta.timeLeft().map(left -> formatSeconds(left.getSeconds())).orElse("--"));
        }
        if (!extra.isEmpty()) {
            s.append(" | ").append(extra);
        }
        return s.toString();
    }

    /** A duration as {@code 42s}, {@code 3m07s} or {@code 2h05m}. */
    public static String formatSeconds(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
    }
}
