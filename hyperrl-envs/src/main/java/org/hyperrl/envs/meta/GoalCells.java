package org.hyperrl.envs.meta;

/**
 * A meta env on a finite set of cells whose task is a goal cell (the Grid-World family): every step's info reports
 * the index of the cell the agent reached ({@link #INFO_CELL}, an {@code Integer} in {@code [0, cellCount())}) and
 * whether it is the goal ({@link #INFO_ON_GOAL}, a {@code Boolean}). VariBAD's multi-head Bernoulli reward decoder
 * predicts, for every cell, the probability that it is the goal, and needs exactly this.
 */
public interface GoalCells {
    /** Step info key of the cell reached. */
    String INFO_CELL = "cell";
    /** Step info key of whether the cell reached is the goal. */
    String INFO_ON_GOAL = "onGoal";

    /** Number of cells. */
    int cellCount();
}
