package org.hyperrl.algos.api;

import org.hyperrl.envs.Env;
import org.hyperrl.envs.meta.Split;
import org.hyperrl.envs.vector.AutoresetMode;
import org.hyperrl.envs.vector.VectorEnv;

/**
 * What an algorithm's trainer is built from besides its config: where environments come from and the run's root
 * seed (every generator of the run is split from it).
 *
 * @param envs environments of the run's env id and options
 * @param seed the run's root seed
 */
public record TrainingContext(EnvFactory envs, long seed) {

    public TrainingContext {
        if (envs == null) {
            throw new IllegalArgumentException("a training context needs an env factory");
        }
    }

    /** A new environment on the training tasks. */
    public Env trainEnv() {
        return envs.create(Split.TRAIN);
    }

    /** A new environment on the held-out test tasks (the training tasks for envs without a split). */
    public Env testEnv() {
        return envs.create(Split.TEST);
    }

    /** {@code n} training environments stepped together on {@code threads} threads. */
    public VectorEnv vectorEnv(int n, AutoresetMode mode, int threads) {
        return new VectorEnv(i -> trainEnv(), n, mode, threads);
    }
}
