package org.hyperrl.envs;

import java.util.SplittableRandom;

/**
 * Base class for concrete environments: owns the seeded RNG, validates actions and enforces the
 * reset/step protocol, so that subclasses only implement the dynamics.
 */
public abstract class AbstractEnv implements Env {

    private SplittableRandom rng;
    private boolean running;
    private boolean everReset;

    /** The environment's own generator; valid after the first reset. */
    protected final SplittableRandom rng() {
        if (rng == null) {
            rng = new SplittableRandom();
        }
        return rng;
    }

    @Override
    public final ResetResult reset(long seed) {
        rng = new SplittableRandom(seed);
        return startEpisode();
    }

    @Override
    public final ResetResult reset() {
        return startEpisode();
    }

    private ResetResult startEpisode() {
        ResetResult r = resetEpisode(rng());
        running = true;
        everReset = true;
        return r;
    }

    @Override
    public final StepResult step(double[] action) {
        if (!running) {
            throw new IllegalStateException(everReset
                    ? getClass().getSimpleName() + ": step() called after the episode ended "
                            + "(terminated); call reset() first"
                    : getClass().getSimpleName() + ": step() called before reset(); call reset(seed) first");
        }
        Spaces.checkAction(actionSpace(), action, getClass().getSimpleName());
        StepResult r = stepEpisode(action);
        if (r.terminated() || r.truncated()) {
            running = false;
        }
        return r;
    }

    /** Whether an episode is running (reset was called and the episode has not ended). */
    public final boolean isRunning() {
        return running;
    }

    /** Starts an episode using {@code rng} for any initial-state noise. */
    protected abstract ResetResult resetEpisode(SplittableRandom rng);

    /** One step with an already validated action (right length, finite; integral and in range if discrete). */
    protected abstract StepResult stepEpisode(double[] action);
}
