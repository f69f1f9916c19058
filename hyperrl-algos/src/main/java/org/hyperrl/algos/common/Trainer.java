package org.hyperrl.algos.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * What the experiment runtime needs from an algorithm: train to the configured number of steps while reporting
 * progress, checkpoint and resume exactly at episode boundaries, evaluate and act.
 */
public interface Trainer {

    /**
     * Trains until the configured number of environment steps. {@code episodeBoundary} is called after every
     * environment reset with the current step: the points where {@link #saveCheckpoint} resumes exactly.
     *
     * @return the last evaluation return, or NaN if none ran
     * @throws NonFiniteException if a loss becomes NaN or infinite
     */
    double train(ProgressSink sink, LongConsumer episodeBoundary);

    /** Writes everything needed to continue as if uninterrupted; call from an episode boundary. */
    void saveCheckpoint(Path file, Map<String, String> metadata) throws IOException;

    /**
     * Restores a checkpoint and returns its metadata.
     *
     * @throws IllegalArgumentException if it was written for another configuration or architecture
     */
    Map<String, String> loadCheckpoint(Path file) throws IOException;

    /** Mean return of deterministic episodes on the evaluation environment. */
    double evaluate(int episodes);

    /** The deterministic action for an observation, in environment units. */
    double[] act(double[] observation);

    /** Environment steps taken so far. */
    long step();
}
