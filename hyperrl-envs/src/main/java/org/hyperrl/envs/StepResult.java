package org.hyperrl.envs;

import java.util.Map;

/**
 * The outcome of {@link Env#step(double[])}.
 *
 * @param observation next observation
 * @param reward      reward for the transition
 * @param terminated  the episode reached a terminal state of the MDP (do not bootstrap)
 * @param truncated   the episode was cut short, e.g. by a time limit (bootstrap from {@code observation})
 * @param info        diagnostic values; never null
 */
public record StepResult(double[] observation, double reward, boolean terminated, boolean truncated,
                         Map<String, Object> info) {

    public StepResult {
        info = info == null ? Map.of() : info;
    }

    /** Whether the episode ended, by termination or truncation. */
    public boolean done() {
        return terminated || truncated;
    }
}
