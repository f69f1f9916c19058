package org.hyperrl.envs.mujoco;

import java.util.List;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TaskDistribution;

/** Cheetah-Dir (Cheetah-Fwd-Back): task d in {-1, +1}; reward {@code d * vx - 0.05 sum a^2}. */
public final class CheetahDir extends CheetahMetaEnv {

    /** The two directions, {-1} and {+1}, as train and test lists. */
    public static TaskDistribution defaultTasks() {
        List<double[]> dirs = List.of(new double[] {-1}, new double[] {1});
        return TaskDistribution.fixed(dirs, dirs);
    }

    public CheetahDir() {
        this(true);
    }

    public CheetahDir(boolean torsoPositionInObservation) {
        super(defaultTasks(), torsoPositionInObservation);
    }

    @Override
    protected double taskReward(double vx) {
        return currentTask().get(0) * vx;
    }

    @Override
    protected void validateTask(Task t) {
        if (t.get(0) != 1 && t.get(0) != -1) {
            throw new IllegalArgumentException("Cheetah-Dir direction must be -1 or +1, got " + t.get(0));
        }
    }
}
