package org.hyperrl.algos.common;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

    /**
     * The accumulated sums and counts (not the wall-clock start), so that a run resumed from a checkpoint reports
     * the same mean losses as an uninterrupted one.
     */
    public Map<String, INDArray> save() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        sums.forEach((k, v) -> m.put("stats/" + k, Nd4j.createFromArray(v.clone())));
        m.put("stats/#updates", Nd4j.createFromArray((double) updateNanos, updates));
        return m;
    }

    /** Restores {@link #save()} from a checkpoint's arrays (other keys are ignored). */
    public void restore(Map<String, INDArray> arrays) {
        sums.clear();
        updateNanos = 0;
        updates = 0;
        arrays.forEach((k, v) -> {
            if (k.equals("stats/#updates")) {
                updateNanos = (long) v.getDouble(0);
                updates = (int) v.getDouble(1);
            } else if (k.startsWith("stats/")) {
                sums.put(k.substring("stats/".length()), v.toDoubleVector());
            }
        });
        intervalStart = System.nanoTime();
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
