package org.hyperrl.envs.mujoco;

import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TaskDistribution;

/**
 * Cheetah-Vel: task = target velocity v*; reward {@code -|vx - v*| - 0.05 sum a^2}. The default distribution is
 * U(0, 3) for train and test; Cheetah-Vel-Medium (Fakoor et al.) uses train [0, 2.5], test [2.5, 3].
 */
public final class CheetahVel extends CheetahMetaEnv {

    /** v* ~ U(0, 3) for both splits. */
    public static TaskDistribution defaultTasks() {
        return uniform1d(0, 3, 0, 3);
    }

    /** The out-of-distribution split of Cheetah-Vel-Medium: train [0, 2.5], test [2.5, 3]. */
    public static TaskDistribution mediumTasks() {
        return uniform1d(0, 2.5, 2.5, 3);
    }

    public CheetahVel() {
        this(defaultTasks(), true);
    }

    public CheetahVel(TaskDistribution tasks, boolean torsoPositionInObservation) {
        super(tasks, torsoPositionInObservation);
    }

    @Override
    protected double taskReward(double vx) {
        return -Math.abs(vx - currentTask().get(0));
    }

    @Override
    protected void validateTask(Task t) {
        if (t.get(0) < 0) {
            throw new IllegalArgumentException("Cheetah-Vel target velocity must be >= 0, got " + t.get(0));
        }
    }
}
