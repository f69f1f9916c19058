package org.hyperrl.bench.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Estimates the time left for work reported as a running count of units done (e.g. training steps), and gives no
 * estimate until the measured rate means something.
 *
 * <p>The rate is measured over a window: the later half of the time elapsed since the start. A phase at the start that
 * runs at another speed, such as an off-policy algorithm's random actions before its first network update (far cheaper
 * than the steps after it) or JIT warm-up, leaves the window once it lies in the earlier half. An estimate is given only
 * when
 * <ul>
 *   <li>at least {@value #MIN_ELAPSED_SECONDS} seconds have elapsed, so the window spans at least half of that, and</li>
 *   <li>the rates in the window's two halves are both positive and within a factor of {@value #MAX_RATE_RATIO} of each
 *   other: a change of phase inside the window shows as a disagreement, and there is no estimate until the window lies
 *   in one phase.</li>
 * </ul>
 * The estimate is the units left divided by the rate over the window, as of the latest progress update, rounded up to
 * whole seconds: it is never 0 while work remains. A change of rate that is still ahead cannot be foreseen; the estimate
 * assumes the current rate holds.
 *
 * <p>Thread-safe: a progress bar asks for the estimate from its own thread.
 */
public final class EtaEstimator {
    /** Seconds that must have elapsed before any estimate is given. */
    static final double MIN_ELAPSED_SECONDS = 10;
    /** Largest ratio between the rates of the window's two halves for which an estimate is given. */
    static final double MAX_RATE_RATIO = 2;
    /**
     * Least time between two stored progress points (only the latest may be closer to the one before it, and is
     * replaced by the next), so a long run that reports every step keeps a few points per second of its window rather
     * than every step, and no two points used for a rate share a time.
     */
    private static final long MIN_POINT_SPACING_NANOS = 250_000_000L;

    private record Point(long nanos, long done) {
    }

    private final long total;
    private final long startNanos;
    /** Progress in time order; the first point is the latest one at or before the window's start. */
    private final ArrayDeque<Point> points = new ArrayDeque<>();

    /** An estimator for {@code total} units, of which {@code startDone} are done at {@code startNanos}. */
    public EtaEstimator(long total, long startNanos, long startDone) {
        this.total = total;
        this.startNanos = startNanos;
        points.add(new Point(startNanos, startDone));
    }

    /** Records that {@code done} units were complete at {@code nanos} (a {@link System#nanoTime()} reading). */
    public synchronized void record(long nanos, long done) {
        if (points.size() >= 2) {
            Point last = points.pollLast();
            if (last.nanos() - points.getLast().nanos() >= MIN_POINT_SPACING_NANOS) {
                points.addLast(last);
            }
        }
        points.addLast(new Point(nanos, done));
        // The window's start only moves forward, so points before its latest anchor are never needed again.
        long windowStart = startNanos + (nanos - startNanos) / 2;
        while (points.size() >= 2) {
            Point first = points.pollFirst();
            if (points.getFirst().nanos() > windowStart) {
                points.addFirst(first);
                break;
            }
        }
    }

    /** The time left in whole seconds by the rule in the class comment, or empty while no estimate means something. */
    public synchronized Optional<Duration> timeLeft() {
        Point latest = points.getLast();
        long left = total - latest.done();
        if (left <= 0 || latest.nanos() - startNanos < MIN_ELAPSED_SECONDS * 1e9) {
            return Optional.empty();
        }
        Point from = points.getFirst();
        long middleNanos = from.nanos() + (latest.nanos() - from.nanos()) / 2;
        Point middle = from;
        for (Point p : points) {
            if (p.nanos() > middleNanos) {
                break;
            }
            middle = p;
        }
        if (middle == from) {
            return Optional.empty();
        }
        double older = rate(from, middle);
        double newer = rate(middle, latest);
        if (!(older > 0 && newer > 0) || Math.max(older, newer) > MAX_RATE_RATIO * Math.min(older, newer)) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds((long) Math.ceil(left / rate(from, latest))));
    }

    /** Units per second between two points. */
    private static double rate(Point a, Point b) {
        return (b.done() - a.done()) / ((b.nanos() - a.nanos()) / 1e9);
    }
}
