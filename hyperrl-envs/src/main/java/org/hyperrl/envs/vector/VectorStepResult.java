package org.hyperrl.envs.vector;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one {@link VectorEnv#step} for all N sub-environments.
 *
 * @param observations      next observation of each sub-env (the reset observation after a SAME_STEP reset)
 * @param rewards           rewards
 * @param terminated        terminal flags
 * @param truncated         truncation flags
 * @param finalObservations the true last observation of each episode that ended in this step, else null
 * @param infos             per-sub-env info maps
 * @param autoreset         sub-envs that were reset instead of stepped (NEXT_STEP mode)
 */
public record VectorStepResult(double[][] observations, double[] rewards, boolean[] terminated,
                               boolean[] truncated, double[][] finalObservations,
                               List<Map<String, Object>> infos, boolean[] autoreset) {

    /** Whether sub-env {@code i}'s episode ended in this step. */
    public boolean done(int i) {
        return terminated[i] || truncated[i];
    }
}
