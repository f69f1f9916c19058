package org.hyperrl.algos.api;

import java.util.List;
import org.hyperrl.core.nn.Parameter;

/**
 * The policy a training run produces: parameters and a way to act. An agent is built from its algorithm's config
 * and the environment's spaces alone ({@link Algorithm#newAgent}) and loads from an agent checkpoint
 * ({@link AgentCheckpoint}) without replay buffers, optimisers or critics, so evaluation and deployment never pay
 * for the training state.
 */
public interface Agent {

    /**
     * The action for one observation, in environment units.
     *
     * @param state         this environment's state (create one per environment with {@link #newState})
     * @param episodeStart  whether {@code observation} is the first of an episode (recurrent agents clear their
     *                      memory; for trials, the first of the trial)
     * @param deterministic the mode of the policy (evaluation) rather than a sample (exploration)
     */
    double[] act(double[] observation, AgentState state, boolean episodeStart, boolean deterministic);

    /**
     * Evaluates this agent on {@code env} (the test tasks) by its algorithm's protocol; by default {@code episodes}
     * deterministic episodes (for trials, each entry holds the trial's inner episodes) with resets seeded from
     * {@code seed}. Meta-RL agents whose adaptation spans several episodes of one task override it (PEARL: each entry
     * is one test task's trajectories, collected online).
     */
    default org.hyperrl.algos.common.EvalResult evaluate(org.hyperrl.envs.Env env, int episodes, long seed) {
        return new org.hyperrl.algos.common.Evaluator(env, seed).evaluate(this, episodes);
    }

    /** A fresh per-environment state whose stochastic actions draw from a generator seeded with {@code seed}. */
    default AgentState newState(long seed) {
        return new AgentState(new org.hyperrl.algos.common.Rng(seed));
    }

    /** The parameters an agent checkpoint holds. */
    List<Parameter> parameters();

    /** Re-reads the parameters after they changed (agents may keep faster copies for acting). */
    void refresh();
}
