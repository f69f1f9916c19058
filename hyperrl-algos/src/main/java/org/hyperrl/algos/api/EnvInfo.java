package org.hyperrl.algos.api;

import org.hyperrl.envs.Env;
import org.hyperrl.envs.Space;
import org.hyperrl.envs.meta.TrialWrapper;
import org.hyperrl.envs.meta.Task;

/**
 * What an agent is built from besides its config: the env's spaces and the width of the task description the env
 * reveals at reset (0 if none; the {@code multi} policies read the task).
 *
 * @param observationSpace the observation space
 * @param actionSpace      the action space
 * @param taskDim          width of the task vector in a reset's {@code task} info, or 0
 */
public record EnvInfo(Space observationSpace, Space actionSpace, int taskDim) {

    /** The spaces of {@code env}, and its task width read from one reset (seed 0) of it. */
    public static EnvInfo of(Env env) {
        Object task = env.reset(0).info().get(TrialWrapper.INFO_TASK);
        return new EnvInfo(env.observationSpace(), env.actionSpace(), task instanceof Task t ? t.dimension() : 0);
    }
}
