package org.hyperrl.envs.point;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.AbstractEnv;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.ResetResult;
import org.hyperrl.envs.Space;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.MetaEnv;
import org.hyperrl.envs.meta.Split;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TaskDistribution;

/**
 * The 2D navigation task family of MAML (Finn et al. 2017) as in pytorch-maml-rl: a point starts at the origin and
 * moves by its action clipped to {@code [-0.1, 0.1]^2} each step; the observation is the position; the reward is
 * the negative distance to the task's goal after the move; goals are uniform in {@code [-0.5, 0.5]^2}. An episode
 * terminates when the point is within {@value #REACHED} of the goal in both coordinates (pytorch-maml-rl's rule); the
 * registry adds the 100-step time limit.
 */
public final class Navigation2D extends AbstractEnv implements MetaEnv {

    /** Largest move per step and per coordinate. */
    public static final double MAX_MOVE = 0.1;
    /** Half-width of the goal square. */
    public static final double GOAL_RANGE = 0.5;
    /** Per-coordinate distance under which the goal counts as reached. */
    public static final double REACHED = 0.01;

    private static final Box ACTIONS = Box.uniform(2, -MAX_MOVE, MAX_MOVE);
    private static final Box OBSERVATIONS = Box.unbounded(2);

    private final TaskDistribution tasks;
    private Task task;
    private double x;
    private double y;

    /** Goals sampled afresh from {@link #defaultTasks()}. */
    public Navigation2D() {
        this(defaultTasks());
    }

    /** With the given goals (e.g. fixed lists drawn from {@link #defaultTasks()}). */
    public Navigation2D(TaskDistribution tasks) {
        if (tasks.taskDimension() != 2) {
            throw new IllegalArgumentException("2D-navigation tasks are goals (x, y), got dimension "
                    + tasks.taskDimension());
        }
        this.tasks = tasks;
    }

    /** Goals uniform in {@code [-0.5, 0.5]^2}, the same for train and test. */
    public static TaskDistribution defaultTasks() {
        return TaskDistribution.sampled(2, (SplittableRandom rng, Split split) ->
                new double[]{rng.nextDouble(-GOAL_RANGE, GOAL_RANGE), rng.nextDouble(-GOAL_RANGE, GOAL_RANGE)});
    }

    @Override
    public Space observationSpace() {
        return OBSERVATIONS;
    }

    @Override
    public Space actionSpace() {
        return ACTIONS;
    }

    @Override
    public TaskDistribution taskDistribution() {
        return tasks;
    }

    @Override
    public void setTask(Task t) {
        if (t.dimension() != 2) {
            throw new IllegalArgumentException("a 2D-navigation task is a goal (x, y), got " + t.dimension()
                    + " values");
        }
        this.task = t;
    }

    @Override
    public Task getTask() {
        return task;
    }

    /** The position (x, y). */
    public double[] position() {
        return new double[]{x, y};
    }

    @Override
    protected ResetResult resetEpisode(SplittableRandom rng) {
        if (task == null) {
            task = tasks.sample(Split.TRAIN, rng);
        }
        x = 0;
        y = 0;
        return new ResetResult(new double[]{x, y}, Map.of());
    }

    @Override
    protected StepResult stepEpisode(double[] action) {
        x += Math.max(-MAX_MOVE, Math.min(MAX_MOVE, action[0]));
        y += Math.max(-MAX_MOVE, Math.min(MAX_MOVE, action[1]));
        double dx = x - task.get(0);
        double dy = y - task.get(1);
        boolean reached = Math.abs(dx) < REACHED && Math.abs(dy) < REACHED;
        return new StepResult(new double[]{x, y}, -Math.hypot(dx, dy), reached, false, Map.of());
    }
}
