package org.hyperrl.algos.common;

import java.util.function.Function;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.ResetResult;
import org.hyperrl.envs.StepResult;

/**
 * Evaluation as in the papers: the mean return of a number of deterministic episodes on a separately seeded
 * environment (each episode reset with a seed drawn from the evaluator's own generator).
 */
public final class Evaluator {
    private final Env env;
    private final Rng rng;

    /** @param seed seed of the evaluation environment (the papers use the training seed + 100) */
    public Evaluator(Env env, long seed) {
        this.env = env;
        this.rng = new Rng(seed);
    }

    /** Mean undiscounted return of {@code episodes} episodes of {@code policy}. */
    public double evaluate(Function<double[], double[]> policy, int episodes) {
        double total = 0;
        for (int e = 0; e < episodes; e++) {
            ResetResult r = env.reset(rng.nextLong());
            double[] obs = r.observation();
            boolean done = false;
            while (!done) {
                StepResult s = env.step(policy.apply(obs));
                total += s.reward();
                obs = s.observation();
                done = s.terminated() || s.truncated();
            }
        }
        return total / episodes;
    }

    /** The generator state, for checkpoints. */
    public Rng rng() {
        return rng;
    }
}
