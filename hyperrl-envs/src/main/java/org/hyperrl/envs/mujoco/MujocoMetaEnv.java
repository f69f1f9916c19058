package org.hyperrl.envs.mujoco;

import java.util.SplittableRandom;
import org.hyperrl.envs.meta.MetaEnv;
import org.hyperrl.envs.meta.Split;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TaskDistribution;

/**
 * A MuJoCo env whose reward or physics depends on a {@link Task}. If no task is set before the first reset, a
 * training task is sampled with the env's RNG.
 */
public abstract class MujocoMetaEnv extends MujocoEnv implements MetaEnv {

    private final TaskDistribution tasks;
    private Task task;

    protected MujocoMetaEnv(MujocoModel sim, int frameSkip, boolean contactForces, TaskDistribution tasks) {
        super(sim, frameSkip, contactForces);
        this.tasks = tasks;
    }

    @Override
    public TaskDistribution taskDistribution() {
        return tasks;
    }

    @Override
    public final void setTask(Task t) {
        if (t == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": task is null");
        }
        if (t.dimension() != tasks.taskDimension()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " tasks have " + tasks.taskDimension()
                    + " values, got " + t.dimension());
        }
        validateTask(t);
        applyTask(t);
        this.task = t;
    }

    @Override
    public Task getTask() {
        return task;
    }

    @Override
    protected void beforeReset(SplittableRandom rng) {
        if (task == null) {
            setTask(tasks.sample(Split.TRAIN, rng));
        }
    }

    /** Throws {@link IllegalArgumentException} naming the problem if {@code t} is not a valid task. */
    protected void validateTask(Task t) {
    }

    /** Applies a validated task (e.g. writes physics parameters); the default does nothing. */
    protected void applyTask(Task t) {
    }

    /** The current task, sampling one if none was set yet (rewards need a task even before reset). */
    protected Task currentTask() {
        if (task == null) {
            throw new IllegalStateException(getClass().getSimpleName() + ": no task set; call setTask() or reset()");
        }
        return task;
    }

    /** A one-dimensional task distribution uniform on [trainLow, trainHigh) / [testLow, testHigh). */
    public static TaskDistribution uniform1d(double trainLow, double trainHigh, double testLow, double testHigh) {
        for (double[] iv : new double[][] {{trainLow, trainHigh}, {testLow, testHigh}}) {
            if (!(iv[0] <= iv[1]) || !Double.isFinite(iv[0]) || !Double.isFinite(iv[1])) {
                throw new IllegalArgumentException("task interval [" + iv[0] + ", " + iv[1] + "] is invalid; need "
                        + "finite low <= high");
            }
        }
        return TaskDistribution.sampled(1, (rng, split) -> new double[] {split == Split.TRAIN
                ? trainLow + (trainHigh - trainLow) * rng.nextDouble()
                : testLow + (testHigh - testLow) * rng.nextDouble()});
    }
}
