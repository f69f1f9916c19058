package org.hyperrl.algos.ppo;

/**
 * Generalised advantage estimation (Schulman et al. 2016) over a rollout of {@code T} steps of {@code P} processes,
 * with masks from the meta-episode end: a trial (meta-episode) ends only where {@code done} is set, so returns flow
 * across the inner episodes of one trial. A trial cut by a time limit is bootstrapped by the caller, which adds
 * {@code gamma * V(final observation)} to that step's reward (the standard treatment of time-outs).
 */
public final class Gae {
    private Gae() {
    }

    /**
     * Advantages and returns, {@code [T][P]} each.
     *
     * @param rewards   {@code [T][P]} rewards of the steps (with any time-out bootstrap already added)
     * @param values    {@code [T][P]} value estimates of the observations the steps were taken from
     * @param dones     {@code [T][P]} whether the trial ended with that step (no bootstrapping past it)
     * @param lastValue {@code [P]} value of the observation after the last step (ignored where it ended a trial)
     * @return {@code {advantages, returns}} with {@code returns = advantages + values}
     */
    public static double[][][] compute(double[][] rewards, double[][] values, boolean[][] dones, double[] lastValue,
                                       double gamma, double lambda) {
        int steps = rewards.length;
        int processes = lastValue.length;
        double[][] adv = new double[steps][processes];
        double[][] ret = new double[steps][processes];
        for (int p = 0; p < processes; p++) {
            double gae = 0;
            for (int t = steps - 1; t >= 0; t--) {
                double next = t == steps - 1 ? lastValue[p] : values[t + 1][p];
                double notDone = dones[t][p] ? 0 : 1;
                double delta = rewards[t][p] + gamma * next * notDone - values[t][p];
                gae = delta + gamma * lambda * notDone * gae;
                adv[t][p] = gae;
                ret[t][p] = gae + values[t][p];
            }
        }
        return new double[][][]{adv, ret};
    }
}
