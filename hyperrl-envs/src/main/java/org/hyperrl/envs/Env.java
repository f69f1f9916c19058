package org.hyperrl.envs;

import java.util.Optional;

/**
 * A reinforcement-learning environment with Gymnasium semantics.
 *
 * <p>{@link #reset(long)} seeds the environment's own random number generator and starts an episode;
 * {@link #reset()} starts an episode continuing the current generator (seeded from entropy if the
 * environment was never seeded). {@link #step(double[])} advances one step. Stepping before the first reset
 * or after an episode ended (terminated or truncated) throws {@link IllegalStateException}.
 * Environments are not thread-safe; use one instance per thread.
 */
public interface Env extends AutoCloseable {

    /** Seeds the environment's RNG with {@code seed} and starts a new episode. */
    ResetResult reset(long seed);

    /** Starts a new episode without reseeding. */
    ResetResult reset();

    /**
     * Advances one step.
     *
     * @param action an element of {@link #actionSpace()} (bounds of a {@link Box} are not enforced here;
     *               wrap with {@link ClipAction} to clip)
     * @throws IllegalArgumentException if the action has the wrong length or non-finite entries
     * @throws IllegalStateException    if no episode is running
     */
    StepResult step(double[] action);

    /** The space of observations. */
    Space observationSpace();

    /** The space of actions. */
    Space actionSpace();

    /** The innermost environment (this one unless this is a wrapper). */
    default Env unwrapped() {
        return this;
    }

    /**
     * Finds the first environment in the wrapper chain (starting with this one) that is an instance of
     * {@code type}, e.g. a {@link org.hyperrl.envs.meta.MetaEnv} below a {@link TimeLimit}.
     */
    default <T> Optional<T> find(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /** Releases native resources; the default does nothing. */
    @Override
    default void close() {
    }
}
