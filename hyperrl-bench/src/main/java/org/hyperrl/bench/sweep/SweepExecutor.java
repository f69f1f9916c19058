package org.hyperrl.bench.sweep;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the worker processes of a sweep somewhere: on this machine ({@link LocalExecutor}) or as tasks of an Apache
 * Spark application ({@code org.hyperrl.bench.sweep.spark.SparkExecutor}).
 */
public interface SweepExecutor {

    /** How many runs go at once (for the driver's time estimate). */
    int parallelism();

    /**
     * Runs every worker, restarting one whose process crashed or was killed (its run resumes from its last
     * checkpoint) up to the executor's limit, and not restarting one that failed in a way that recurs; blocks until
     * every run has a final outcome.
     *
     * @param finished called once per run with its final outcome, from any thread
     */
    void execute(List<WorkerProcess> work, Consumer<WorkerProcess.Outcome> finished);
}
