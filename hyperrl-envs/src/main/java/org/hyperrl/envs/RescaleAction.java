package org.hyperrl.envs;

/**
 * Exposes the action space {@code [min, max]^n} and maps it affinely onto the inner env's bounded
 * {@link Box}; values outside {@code [min, max]} are clipped first, so the inner env always sees an
 * in-bounds action.
 */
public final class RescaleAction extends Wrapper {

    private final Box inner;
    private final Box outer;

    public RescaleAction(Env env, double min, double max) {
        super(env);
        if (!(env.actionSpace() instanceof Box b) || !b.isBounded()) {
            throw new IllegalArgumentException("RescaleAction needs a bounded Box action space, got "
                    + env.actionSpace());
        }
        if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("RescaleAction needs finite min < max, got [" + min + ", " + max
                    + "]");
        }
        this.inner = b;
        this.outer = Box.uniform(b.dimension(), min, max);
    }

    @Override
    public Space actionSpace() {
        return outer;
    }

    @Override
    public StepResult step(double[] action) {
        Spaces.checkAction(outer, action, "RescaleAction");
        double[] a = new double[action.length];
        for (int i = 0; i < a.length; i++) {
            double lo = outer.low(i);
            double hi = outer.high(i);
            double t = (Math.min(hi, Math.max(lo, action[i])) - lo) / (hi - lo);
            a[i] = inner.low(i) + t * (inner.high(i) - inner.low(i));
        }
        return env.step(a);
    }
}
