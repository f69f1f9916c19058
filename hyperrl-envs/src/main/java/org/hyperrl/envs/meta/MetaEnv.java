package org.hyperrl.envs.meta;

import org.hyperrl.envs.Env;

/**
 * An environment parameterised by a {@link Task}. The task persists across {@link #reset()} calls until
 * {@link #setTask} changes it; if no task was set, the first reset samples a training task with the env's
 * own RNG. Use a {@link TrialWrapper} for meta-episodes that resample the task.
 */
public interface MetaEnv extends Env {

    /** The family's train/test task distribution. */
    TaskDistribution taskDistribution();

    /**
     * Sets the task; takes effect immediately (physics) and for rewards from the next step on.
     *
     * @throws IllegalArgumentException if the vector has the wrong length or invalid values
     */
    void setTask(Task task);

    /** The current task, or null before the first reset/setTask. */
    Task getTask();
}
