package org.hyperrl.algos.api;

import java.util.random.RandomGenerator;

/**
 * What an {@link Agent} keeps between the steps of one environment: the generator of its stochastic actions, for
 * recurrent agents the memory carried from step to step (cleared by the agent at an episode start), and what the
 * caller observed besides the observation: the reward of the previous step (meta-RL agents such as RL2 read it) and,
 * for envs that reveal it, the current task (the "multi" upper-bound policies read it).
 */
public final class AgentState {
    private final RandomGenerator rng;
    private float[] memory;
    private double previousReward;
    private double[] task;

    /** @param rng the generator stochastic actions draw from */
    public AgentState(RandomGenerator rng) {
        this.rng = rng;
    }

    /** The generator of stochastic actions. */
    public RandomGenerator rng() {
        return rng;
    }

    /** The recurrent memory, or {@code null} before the first step and for feed-forward agents. */
    public float[] memory() {
        return memory;
    }

    /** Replaces the recurrent memory. */
    public void setMemory(float[] memory) {
        this.memory = memory;
    }

    /** The reward of the previous step (0 at an episode start). */
    public double previousReward() {
        return previousReward;
    }

    /** Records the reward of the step just taken; the caller sets it after every environment step. */
    public void setPreviousReward(double reward) {
        this.previousReward = reward;
    }

    /** The current task's parameter vector, or {@code null} if the env does not reveal it. */
    public double[] task() {
        return task;
    }

    /** Records the current task (from a reset's {@code task} info); the caller sets it at every reset. */
    public void setTask(double[] task) {
        this.task = task == null ? null : task.clone();
    }
}
