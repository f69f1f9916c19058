package org.hyperrl.algos.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongConsumer;
import org.hyperrl.algos.common.NonFiniteException;

/**
 * The training side of an algorithm: buffers, optimisers and the loop that improves an {@link Agent}. The runtime
 * drives it (progress rows, checkpoints at the boundaries it reports, resume); evaluation and deployment use
 * {@link #agent()} alone.
 */
public interface Trainer {

    /**
     * Trains until the configured number of environment steps. {@code boundary} is called with the current step at
     * every point where {@link #saveCheckpoint} resumes exactly (episode ends for off-policy algorithms, update ends for
     * on-policy ones).
     *
     * @return the last evaluation return, or NaN if none ran
     * @throws NonFiniteException if a loss, gradient or parameter becomes NaN or infinite
     */
    double train(ProgressSink sink, LongConsumer boundary);

    /**
     * Writes everything needed to continue as if uninterrupted (call from a boundary).
     *
     * @throws NonFiniteException if a parameter is NaN or infinite (nothing is written)
     */
    void saveCheckpoint(Path file, Map<String, String> metadata) throws IOException;

    /**
     * Restores a checkpoint and returns its metadata.
     *
     * @throws IllegalArgumentException if it was written for another configuration or architecture
     */
    Map<String, String> loadCheckpoint(Path file) throws IOException;

    /** Every parameter of the trainer: the agent's and the rest (critics, targets, ...). */
    org.hyperrl.core.nn.Parameters parameters();

    /** The agent being trained; it shares the trainer's live parameters. */
    Agent agent();

    /** Environment steps taken so far. */
    long step();
}
