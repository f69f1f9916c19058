package org.hyperrl.algos.common;

import java.util.ArrayList;
import java.util.List;
import org.hyperrl.algos.api.Agent;
import org.hyperrl.algos.api.AgentState;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.ResetResult;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TrialWrapper;

/**
 * Evaluation as in the papers: deterministic episodes of an {@link Agent} on a separately seeded environment (the
 * test tasks where the env has them), each episode reset with a seed drawn from the evaluator's own generator. For a
 * trial environment, an episode is a whole trial (meta-episode) and the return of each of its inner episodes is
 * kept.
 */
public final class Evaluator {
    private final Env env;
    private final Rng rng;

    /** @param seed seed of the evaluation resets (the papers use the training seed + 100) */
    public Evaluator(Env env, long seed) {
        this.env = env;
        this.rng = new Rng(seed);
    }

    /**
     * The returns of {@code episodes} deterministic episodes (trials) of {@code agent}.
     *
     * @param episodes number of episodes, at least 1
     */
    public EvalResult evaluate(Agent agent, int episodes) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be at least 1, got " + episodes);
        }
        List<double[]> all = new ArrayList<>(episodes);
        for (int e = 0; e < episodes; e++) {
            all.add(episode(agent, rng.nextLong()));
        }
        return new EvalResult(all);
    }

    /** One episode (trial) reset with {@code seed}: the return of each inner episode (one for plain envs). */
    private double[] episode(Agent agent, long seed) {
        ResetResult reset = env.reset(seed);
        double[] obs = reset.observation();
        AgentState state = agent.newState(seed);
        state.setTask(taskOf(reset.info()));
        List<Double> inner = new ArrayList<>();
        double current = 0;
        boolean start = true;
        while (true) {
            StepResult s = env.step(agent.act(obs, state, start, true));
            start = false;
            state.setPreviousReward(s.reward());
            current += s.reward();
            obs = s.observation();
            boolean innerEnded = s.done() || Boolean.TRUE.equals(s.info().get(TrialWrapper.INFO_INNER_ENDED));
            if (innerEnded) {
                inner.add(current);
                current = 0;
            }
            if (s.done()) {
                break;
            }
        }
        return inner.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The task vector in a reset's info ({@link TrialWrapper#INFO_TASK}), or null. */
    public static double[] taskOf(java.util.Map<String, Object> info) {
        return info.get(TrialWrapper.INFO_TASK) instanceof Task t ? t.vector() : null;
    }

    /** The generator state, for checkpoints. */
    public Rng rng() {
        return rng;
    }
}
