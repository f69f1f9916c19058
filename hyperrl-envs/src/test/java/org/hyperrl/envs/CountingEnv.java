package org.hyperrl.envs;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * A tiny real environment for wrapper tests: the observation is (step count, last action sum, a random
 * start value), the reward is the action sum, and the episode terminates after {@code terminateAfter} steps.
 */
final class CountingEnv extends AbstractEnv {

    private final int terminateAfter;
    private final Box act;
    private int t;
    private double start;

    CountingEnv(int terminateAfter, Box act) {
        this.terminateAfter = terminateAfter;
        this.act = act;
    }

    @Override
    public Space observationSpace() {
        return Box.unbounded(3);
    }

    @Override
    public Space actionSpace() {
        return act;
    }

    @Override
    protected ResetResult resetEpisode(SplittableRandom rng) {
        t = 0;
        start = rng.nextDouble();
        return new ResetResult(new double[] {0, 0, start}, Map.of());
    }

    @Override
    protected StepResult stepEpisode(double[] action) {
        t++;
        double sum = 0;
        for (double a : action) {
            sum += a;
        }
        return new StepResult(new double[] {t, sum, start}, sum, t >= terminateAfter, false, Map.of());
    }
}
