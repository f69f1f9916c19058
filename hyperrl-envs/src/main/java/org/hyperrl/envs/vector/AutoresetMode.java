package org.hyperrl.envs.vector;

/** What a {@link VectorEnv} does with a sub-environment whose episode ended (Gymnasium 1.0's modes). */
public enum AutoresetMode {
    /**
     * The step that ends an episode returns its final observation; the next {@code step} call resets that
     * sub-env instead of stepping it (its action is ignored) and returns the reset observation with reward 0.
     */
    NEXT_STEP,
    /** The sub-env is reset within the step that ended it; the step returns the reset observation. */
    SAME_STEP,
    /** No automatic reset: call {@link VectorEnv#resetSubEnv(int)} for ended sub-envs; stepping one throws. */
    DISABLED
}
