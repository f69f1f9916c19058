package org.hyperrl.envs;

/**
 * Scales rewards by the running standard deviation of the discounted return (Gymnasium's
 * {@code NormalizeReward}): {@code r / sqrt(var(G) + epsilon)} with {@code G <- gamma G + r}, reset at the
 * end of each episode. The mean is not subtracted, so the sign of rewards is kept.
 */
public final class NormalizeReward extends Wrapper {

    private final RunningMeanStd returnStats = new RunningMeanStd(1);
    private final double gamma;
    private final double epsilon;
    private double discountedReturn;
    private boolean updating = true;

    public NormalizeReward(Env env, double gamma) {
        this(env, gamma, 1e-8);
    }

    public NormalizeReward(Env env, double gamma, double epsilon) {
        super(env);
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("NormalizeReward gamma must be in [0, 1], got " + gamma);
        }
        this.gamma = gamma;
        this.epsilon = epsilon;
    }

    /** The running statistics of the discounted return. */
    public RunningMeanStd statistics() {
        return returnStats;
    }

    /** Whether rewards update the statistics. */
    public void setUpdating(boolean updating) {
        this.updating = updating;
    }

    @Override
    public ResetResult reset(long seed) {
        discountedReturn = 0;
        return env.reset(seed);
    }

    @Override
    public ResetResult reset() {
        discountedReturn = 0;
        return env.reset();
    }

    @Override
    public StepResult step(double[] action) {
        StepResult r = env.step(action);
        if (updating) {
            discountedReturn = discountedReturn * gamma + r.reward();
            returnStats.update(new double[] {discountedReturn});
        }
        if (r.done()) {
            discountedReturn = 0;
        }
        double scaled = r.reward() / Math.sqrt(returnStats.var()[0] + epsilon);
        return new StepResult(r.observation(), scaled, r.terminated(), r.truncated(), r.info());
    }
}
