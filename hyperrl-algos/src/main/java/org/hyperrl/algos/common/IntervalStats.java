package org.hyperrl.algos.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates training statistics between log rows (mean losses, update time, environment steps per second)
 * and builds the row with the {@code progress.csv} column names.
 */
public final class IntervalStats {
    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private long updateNanos;
    private int updates;
    private long intervalStart = System.nanoTime();

    /** Adds one value of a mean-reported quantity (e.g. {@code critic_loss}). */
    public void add(String column, double value) {
        double[] s = sums.computeIfAbsent(column, k -> new double[2]);
        s[0] += value;
        s[1]++;
    }

    /** Adds the duration of one update (all gradient steps of one environment step). */
    public void addUpdate(long nanos) {
        updateNanos += nanos;
        updates++;
    }

    /** Writes the interval's means into {@code row} (NaN where nothing was recorded) and starts a new interval. */
    public void flushInto(Map<String, Double> row, long stepsInInterval, String... meanColumns) {
        for (String c : meanColumns) {
            double[] s = sums.get(c);
            row.put(c, s == null || s[1] == 0 ? Double.NaN : s[0] / s[1]);
        }
        double secs = (System.nanoTime() - intervalStart) / 1e9;
        row.put("env_steps_per_s", stepsInInterval / secs);
        row.put("update_ms", updates > 0 ? updateNanos / 1e6 / updates : Double.NaN);
        sums.clear();
        updateNanos = 0;
        updates = 0;
        intervalStart = System.nanoTime();
    }
}
