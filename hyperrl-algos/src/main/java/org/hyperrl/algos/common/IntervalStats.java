package org.hyperrl.algos.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.algos.api.Column;
import org.hyperrl.algos.api.Columns;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Accumulates training statistics between log rows (mean losses, update time, environment steps per second)
 * and writes them into a progress row under their {@link Column}s.
 */
public final class IntervalStats {
    private final Map<Column, double[]> sums = new LinkedHashMap<>();
    private long updateNanos;
    private int updates;
    private long intervalStart = System.nanoTime();

    /** Adds one value of a mean-reported quantity (e.g. {@link Columns#CRITIC_LOSS}). */
    public void add(Column column, double value) {
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
        sums.forEach((k, v) -> m.put("stats/" + k.name(), Nd4j.createFromArray(v.clone())));
        m.put("stats/#updates", Nd4j.createFromArray((double) updateNanos, updates));
        return m;
    }

    /**
     * Restores {@link #save()} from a checkpoint's arrays (other keys are ignored).
     *
     * @param columns the columns the statistics may belong to (the algorithm's)
     */
    public void restore(Map<String, INDArray> arrays, List<Column> columns) {
        sums.clear();
        updateNanos = 0;
        updates = 0;
        arrays.forEach((k, v) -> {
            if (k.equals("stats/#updates")) {
                updateNanos = (long) v.getDouble(0);
                updates = (int) v.getDouble(1);
            } else if (k.startsWith("stats/")) {
                String name = k.substring("stats/".length());
                Column c = columns.stream().filter(col -> col.name().equals(name)).findFirst().orElseThrow(() ->
                        new IllegalArgumentException("checkpoint holds statistics of an unknown column '" + name + "'"));
                sums.put(c, v.toDoubleVector());
            }
        });
        intervalStart = System.nanoTime();
    }

    /** Writes the interval's means into {@code row} (NaN where nothing was recorded) and starts a new interval. */
    public void flushInto(Map<Column, Double> row, long stepsInInterval, Column... meanColumns) {
        for (Column c : meanColumns) {
            double[] s = sums.get(c);
            row.put(c, s == null || s[1] == 0 ? Double.NaN : s[0] / s[1]);
        }
        double secs = (System.nanoTime() - intervalStart) / 1e9;
        row.put(Columns.ENV_STEPS_PER_S, stepsInInterval / secs);
        row.put(Columns.UPDATE_MS, updates > 0 ? updateNanos / 1e6 / updates : Double.NaN);
        sums.clear();
        updateNanos = 0;
        updates = 0;
        intervalStart = System.nanoTime();
    }
}
