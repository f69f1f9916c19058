package org.hyperrl.algos.api;

import java.util.random.RandomGenerator;

/**
 * What an {@link Agent} keeps between the steps of one environment: the generator of its stochastic actions and,
 * for recurrent agents, the memory carried from step to step (cleared by the agent at an episode start).
 */
public final class AgentState {
    private final RandomGenerator rng;
    private float[] memory;

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
}
