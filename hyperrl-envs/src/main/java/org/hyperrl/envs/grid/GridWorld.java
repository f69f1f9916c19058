package org.hyperrl.envs.grid;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.AbstractEnv;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.Discrete;
import org.hyperrl.envs.ResetResult;
import org.hyperrl.envs.Space;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.MetaEnv;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TaskDistribution;

/**
 * The Grid-World family of Beck et al. (VariBAD's GridNavi): a 5x5 grid, start at (0, 0), five actions
 * {stay, up, right, down, left} clipped at the borders, observation (x, y). The task is the goal cell, one of
 * the 21 cells outside the 2x2 block at the start. Reward after the move: +1 on the goal, otherwise -0.1
 * ({@link Variant#PLAIN}, {@link Variant#SHOW}) or minus the Manhattan distance / 5 ({@link Variant#DENSE}).
 * Never terminates; the registry adds the 15-step limit and the 4-episode trial.
 */
public final class GridWorld extends AbstractEnv implements MetaEnv, org.hyperrl.envs.meta.GoalCells {

    /** Behaviour variants. */
    public enum Variant {
        /** Sparse reward. */
        PLAIN,
        /** Sparse reward; whenever the agent is on the start cell after a step it observes the goal's coordinates. */
        SHOW,
        /** Off-goal reward {@code -(|x-gx| + |y-gy|) / 5}. */
        DENSE
    }

    /** When {@link Variant#SHOW} reveals the goal: the observation is the goal's cell instead of the agent's. */
    public enum ShowRule {
        /** Beck et al. 2023 as written: at the first timestep of every episode (its reset observation). */
        FIRST_STEP,
        /** The reference code (jacooba/hyper): whenever the agent is on the start cell after a step. */
        ON_START_CELL
    }

    /** The papers' side length. */
    public static final int SIZE = 5;
    public static final int STAY = 0;
    public static final int UP = 1;
    public static final int RIGHT = 2;
    public static final int DOWN = 3;
    public static final int LEFT = 4;
    public static final double GOAL_REWARD = 1.0;
    public static final double STEP_PENALTY = -0.1;

    private static final Discrete ACT = new Discrete(5);

    private final Variant variant;
    private final int size;
    private final ShowRule showRule;
    private final TaskDistribution tasks;
    private final Box obs;
    private Task task;
    private int x;
    private int y;

    /** The papers' 5x5 grid (Show: the goal at each episode's first timestep). */
    public GridWorld(Variant variant) {
        this(variant, SIZE);
    }

    /** A {@code size x size} grid; Show reveals the goal at each episode's first timestep. */
    public GridWorld(Variant variant, int size) {
        this(variant, size, ShowRule.FIRST_STEP);
    }

    /**
     * A {@code size x size} grid (the papers use 5); goals are the cells outside the 2x2 start block, so a side of
     * at least 3 is needed. Smaller grids are for quick checks (e.g. learning tests), not for reproducing the papers.
     *
     * @param showRule when the Show variant reveals the goal (ignored by the other variants)
     * @throws IllegalArgumentException if {@code size < 3}
     */
    public GridWorld(Variant variant, int size, ShowRule showRule) {
        if (size < 3) {
            throw new IllegalArgumentException("a Grid-World needs a side of at least 3 (goals lie outside the 2x2 "
                    + "start block), got " + size);
        }
        this.variant = variant;
        this.size = size;
        this.showRule = showRule;
        List<double[]> goals = goals(size);
        this.tasks = TaskDistribution.fixed(goals, goals);
        this.obs = Box.uniform(2, 0, size - 1);
    }

    private static List<double[]> goals(int size) {
        List<double[]> g = new ArrayList<>();
        for (int gx = 0; gx < size; gx++) {
            for (int gy = 0; gy < size; gy++) {
                if (gx >= 2 || gy >= 2) {
                    g.add(new double[] {gx, gy});
                }
            }
        }
        return Collections.unmodifiableList(g);
    }

    /** The side length. */
    public int size() {
        return size;
    }

    /** The variant. */
    public Variant variant() {
        return variant;
    }

    @Override
    public Space observationSpace() {
        return obs;
    }

    @Override
    public Space actionSpace() {
        return ACT;
    }

    /** The goals (21 on the 5x5 grid) as train and test lists (the same cells: Grid-World has no held-out goals). */
    @Override
    public TaskDistribution taskDistribution() {
        return tasks;
    }

    @Override
    public void setTask(Task t) {
        if (t.dimension() != 2) {
            throw new IllegalArgumentException("a Grid-World task is a goal (x, y), got " + t.dimension() + " values");
        }
        double gx = t.get(0);
        double gy = t.get(1);
        if (gx != Math.rint(gx) || gy != Math.rint(gy) || gx < 0 || gy < 0 || gx >= size || gy >= size
                || (gx < 2 && gy < 2)) {
            throw new IllegalArgumentException("goal (" + gx + ", " + gy + ") is not a Grid-World goal: use integer "
                    + "cells in [0, " + (size - 1) + "]^2 outside the 2x2 start block");
        }
        this.task = t;
    }

    @Override
    public Task getTask() {
        return task;
    }

    /** {@code size * size}; the cell of {@code (x, y)} is {@code x + size * y}. */
    @Override
    public int cellCount() {
        return size * size;
    }

    /** Agent position (x, y). */
    public int[] position() {
        return new int[] {x, y};
    }

    @Override
    protected ResetResult resetEpisode(SplittableRandom rng) {
        if (task == null) {
            task = tasks.sample(org.hyperrl.envs.meta.Split.TRAIN, rng);
        }
        x = 0;
        y = 0;
        if (variant == Variant.SHOW && showRule == ShowRule.FIRST_STEP) {
            return new ResetResult(new double[] {task.get(0), task.get(1)}, Map.of());
        }
        return new ResetResult(new double[] {x, y}, Map.of());
    }

    @Override
    protected StepResult stepEpisode(double[] action) {
        switch ((int) action[0]) {
            case UP -> y = Math.min(size - 1, y + 1);
            case RIGHT -> x = Math.min(size - 1, x + 1);
            case DOWN -> y = Math.max(0, y - 1);
            case LEFT -> x = Math.max(0, x - 1);
            default -> { }
        }
        int gx = (int) task.get(0);
        int gy = (int) task.get(1);
        boolean onGoal = x == gx && y == gy;
        double reward;
        if (onGoal) {
            reward = GOAL_REWARD;
        } else if (variant == Variant.DENSE) {
            reward = -(Math.abs(x - gx) + Math.abs(y - gy)) / 5.0;
        } else {
            reward = STEP_PENALTY;
        }
        double[] obs = variant == Variant.SHOW && showRule == ShowRule.ON_START_CELL && x == 0 && y == 0
                ? new double[] {gx, gy}
                : new double[] {x, y};
        return new StepResult(obs, reward, false, false, Map.of(INFO_ON_GOAL, onGoal, INFO_CELL, x + size * y));
    }
}
