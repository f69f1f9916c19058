package org.hyperrl.envs;

import java.util.HashMap;
import java.util.Map;

/**
 * Truncates episodes after {@code maxEpisodeSteps} steps ({@code truncated = true}, unless the last step
 * also terminated). Stepping a truncated episode without reset throws.
 */
public final class TimeLimit extends Wrapper {

    private final int maxEpisodeSteps;
    private int elapsed;
    private boolean ended = true;
    private boolean everReset;

    public TimeLimit(Env env, int maxEpisodeSteps) {
        super(env);
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("maxEpisodeSteps must be >= 1, got " + maxEpisodeSteps);
        }
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    /** The step limit. */
    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** Steps taken in the current episode. */
    public int elapsedSteps() {
        return elapsed;
    }

    @Override
    public ResetResult reset(long seed) {
        return started(env.reset(seed));
    }

    @Override
    public ResetResult reset() {
        return started(env.reset());
    }

    private ResetResult started(ResetResult r) {
        elapsed = 0;
        ended = false;
        everReset = true;
        return r;
    }

    @Override
    public StepResult step(double[] action) {
        if (ended) {
            throw new IllegalStateException(everReset
                    ? "TimeLimit: step() called after the episode ended; call reset() first"
                    : "TimeLimit: step() called before reset(); call reset(seed) first");
        }
        StepResult r = env.step(action);
        elapsed++;
        if (r.done()) {
            ended = true;
            return r;
        }
        if (elapsed >= maxEpisodeSteps) {
            ended = true;
            Map<String, Object> info = new HashMap<>(r.info());
            info.put("TimeLimit.truncated", Boolean.TRUE);
            return new StepResult(r.observation(), r.reward(), false, true, info);
        }
        return r;
    }
}
