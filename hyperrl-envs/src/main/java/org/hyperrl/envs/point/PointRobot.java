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
 * PEARL's point robot: the agent starts at the origin of the plane and moves by its action {@code a in [-0.1, 0.1]^2}
 * each step ({@code p <- p + a}); the observation is the position. The task is a goal {@code g}:
 * <ul>
 *   <li>{@link Variant#DENSE}: reward {@code -||p - g||} after the move; goals uniform in {@code [-1, 1]^2} by
 *       default;</li>
 *   <li>{@link Variant#SPARSE}: reward {@code 1 - ||p - g||} within {@link #GOAL_RADIUS} of the goal and 0 elsewhere,
 *       so that only an agent that has found the goal once can tell the task; goals on the upper unit half-circle
 *       (angle uniform in {@code [0, pi]}) by default.</li>
 * </ul>
 * Dense rewards with half-circle goals are oyster's sparse point robot run without sparse rewards: a one-dimensional
 * task family, the quickest to learn.
 * Episodes never terminate; the registry adds the 20-step time limit. Train and test goals come from the same
 * distribution; PEARL draws fixed lists from it.
 */
public final class PointRobot extends AbstractEnv implements MetaEnv {

    /** Reward variant. */
    public enum Variant {
        DENSE, SPARSE
    }

    /** Where goals lie. */
    public enum Goals {
        /** Uniform in {@code [-1, 1]^2} (oyster's point robot). */
        SQUARE,
        /** On the upper unit half-circle, angle uniform in {@code [0, pi]} (oyster's sparse point robot). */
        HALF_CIRCLE
    }

    /** Largest move per step and per coordinate. */
    public static final double MAX_MOVE = 0.1;
    /** Distance to the goal within which the sparse variant rewards (oyster's goal radius). */
    public static final double GOAL_RADIUS = 0.2;

    private static final Box ACTIONS = Box.uniform(2, -MAX_MOVE, MAX_MOVE);
    private static final Box OBSERVATIONS = Box.unbounded(2);

    private final Variant variant;
    private final TaskDistribution tasks;
    private Task task;
    private double x;
    private double y;

    /** The variant with goals sampled afresh from its distribution. */
    public PointRobot(Variant variant) {
        this(variant, defaultTasks(variant));
    }

    /** The variant's default goals: the square for dense rewards, the half-circle for sparse ones. */
    public static Goals defaultGoals(Variant variant) {
        return variant == Variant.DENSE ? Goals.SQUARE : Goals.HALF_CIRCLE;
    }

    /** The variant with the given goals (e.g. fixed lists drawn from {@link #defaultTasks}). */
    public PointRobot(Variant variant, TaskDistribution tasks) {
        if (tasks.taskDimension() != 2) {
            throw new IllegalArgumentException("point-robot tasks are goals (x, y), got dimension " + tasks.taskDimension());
        }
        this.variant = variant;
        this.tasks = tasks;
    }

    /** The variant's default goal distribution (the same for train and test). */
    public static TaskDistribution defaultTasks(Variant variant) {
        return tasks(defaultGoals(variant));
    }

    /** A goal distribution (the same for train and test). */
    public static TaskDistribution tasks(Goals goals) {
        return TaskDistribution.sampled(2, goals == Goals.SQUARE ? PointRobot::squareGoal : PointRobot::halfCircleGoal);
    }

    private static double[] squareGoal(SplittableRandom rng, Split split) {
        return new double[]{rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
    }

    private static double[] halfCircleGoal(SplittableRandom rng, Split split) {
        double angle = rng.nextDouble(0, Math.PI);
        return new double[]{Math.cos(angle), Math.sin(angle)};
    }

    /** The reward variant. */
    public Variant variant() {
        return variant;
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
            throw new IllegalArgumentException("a point-robot task is a goal (x, y), got " + t.dimension() + " values");
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
        double distance = Math.hypot(x - task.get(0), y - task.get(1));
        double reward = variant == Variant.DENSE ? -distance : distance <= GOAL_RADIUS ? 1 - distance : 0;
        return new StepResult(new double[]{x, y}, reward, false, false, Map.of());
    }
}
