package org.hyperrl.algos.api;

import java.util.Map;

/**
 * Receives one row of training progress (missing columns are empty). The run directory's {@code progress.csv}
 * writer implements this; tests collect rows in memory.
 */
@FunctionalInterface
public interface ProgressSink {
    /** Records the values logged at environment step {@code step}. */
    void record(long step, Map<Column, Double> values);

    /** A sink that drops everything. */
    ProgressSink NONE = (step, values) -> { };
}
