package org.hyperrl.envs;

/**
 * Normalises observations to roughly zero mean and unit variance with running statistics. Statistics are
 * updated on every observation while {@link #setUpdating(boolean) updating} (the default); freeze them for
 * evaluation and save/restore them with {@link #statistics()}.
 */
public final class NormalizeObservation extends Wrapper {

    private final RunningMeanStd stats;
    private final double epsilon;
    private boolean updating = true;

    public NormalizeObservation(Env env) {
        this(env, 1e-8);
    }

    public NormalizeObservation(Env env, double epsilon) {
        super(env);
        if (!(env.observationSpace() instanceof Box)) {
            throw new IllegalArgumentException("NormalizeObservation needs a Box observation space, got "
                    + env.observationSpace());
        }
        this.stats = new RunningMeanStd(env.observationSpace().dimension());
        this.epsilon = epsilon;
    }

    /** The running statistics (live; use {@code state()}/{@code restore()} to save and load). */
    public RunningMeanStd statistics() {
        return stats;
    }

    /** Whether new observations update the statistics. */
    public void setUpdating(boolean updating) {
        this.updating = updating;
    }

    @Override
    public Space observationSpace() {
        return Box.unbounded(env.observationSpace().dimension());
    }

    private double[] normalize(double[] obs) {
        if (updating) {
            stats.update(obs);
        }
        return stats.normalize(obs, epsilon);
    }

    @Override
    public ResetResult reset(long seed) {
        ResetResult r = env.reset(seed);
        return new ResetResult(normalize(r.observation()), r.info());
    }

    @Override
    public ResetResult reset() {
        ResetResult r = env.reset();
        return new ResetResult(normalize(r.observation()), r.info());
    }

    @Override
    public StepResult step(double[] action) {
        StepResult r = env.step(action);
        return new StepResult(normalize(r.observation()), r.reward(), r.terminated(), r.truncated(), r.info());
    }
}
