package org.hyperrl.envs;

import java.util.Optional;

/** An environment that delegates to an inner one; subclasses override what they change. */
public abstract class Wrapper implements Env {

    /** The wrapped environment. */
    protected final Env env;

    protected Wrapper(Env env) {
        if (env == null) {
            throw new IllegalArgumentException("cannot wrap a null env");
        }
        this.env = env;
    }

    /** The directly wrapped environment. */
    public Env inner() {
        return env;
    }

    @Override
    public ResetResult reset(long seed) {
        return env.reset(seed);
    }

    @Override
    public ResetResult reset() {
        return env.reset();
    }

    @Override
    public StepResult step(double[] action) {
        return env.step(action);
    }

    @Override
    public Space observationSpace() {
        return env.observationSpace();
    }

    @Override
    public Space actionSpace() {
        return env.actionSpace();
    }

    @Override
    public Env unwrapped() {
        return env.unwrapped();
    }

    @Override
    public <T> Optional<T> find(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : env.find(type);
    }

    @Override
    public void close() {
        env.close();
    }
}
