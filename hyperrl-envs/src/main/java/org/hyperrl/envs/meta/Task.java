package org.hyperrl.envs.meta;

import java.util.Arrays;

/**
 * One task of a meta-RL family: its parameter vector (e.g. a target velocity, a goal cell, physics
 * multipliers), the split it was drawn for, and its index in a fixed task list ({@code -1} for a task
 * sampled afresh from a continuous distribution).
 *
 * @param id     index in the fixed list of {@code split}, or {@link #SAMPLED}
 * @param split  the task set
 * @param vector task parameters (copied)
 */
public record Task(int id, Split split, double[] vector) {

    /** Id of a task that is not from a fixed list. */
    public static final int SAMPLED = -1;

    public Task {
        if (split == null || vector == null) {
            throw new IllegalArgumentException("a task needs a split and a vector");
        }
        if (id < SAMPLED) {
            throw new IllegalArgumentException("task id must be >= -1, got " + id);
        }
        for (int i = 0; i < vector.length; i++) {
            if (!Double.isFinite(vector[i])) {
                throw new IllegalArgumentException("task vector[" + i + "] is " + vector[i] + "; must be finite");
            }
        }
        vector = vector.clone();
    }

    /** A sampled (not listed) training task with the given vector. */
    public static Task of(double... vector) {
        return new Task(SAMPLED, Split.TRAIN, vector);
    }

    @Override
    public double[] vector() {
        return vector.clone();
    }

    /** Component {@code i} of the vector. */
    public double get(int i) {
        return vector[i];
    }

    /** Length of the vector. */
    public int dimension() {
        return vector.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Task t && t.id == id && t.split == split && Arrays.equals(t.vector, vector);
    }

    @Override
    public int hashCode() {
        return (31 * id + split.hashCode()) * 31 + Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "Task(" + split + (id == SAMPLED ? "" : " #" + id) + ", " + Arrays.toString(vector) + ")";
    }
}
