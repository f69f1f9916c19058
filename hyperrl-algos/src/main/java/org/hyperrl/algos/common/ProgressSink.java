package org.hyperrl.algos.common;

import java.util.Map;

/**
 * Receives one row of training progress (column name to value; missing columns are empty). The run
 * directory's {@code progress.csv} writer implements this; tests collect rows in memory.
 */
@FunctionalInterface
public interface ProgressSink {
    /** Records the values logged at environment step {@code step}. */
    void record(long step, Map<String, Double> values);

    /** A sink that drops everything. */
    ProgressSink NONE = (step, values) -> { };
}
