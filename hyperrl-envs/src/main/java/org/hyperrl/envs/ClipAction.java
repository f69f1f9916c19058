package org.hyperrl.envs;

/** Clips each action component to the bounds of the inner env's {@link Box} action space. */
public final class ClipAction extends Wrapper {

    private final Box box;

    public ClipAction(Env env) {
        super(env);
        if (!(env.actionSpace() instanceof Box b)) {
            throw new IllegalArgumentException("ClipAction needs a Box action space, got " + env.actionSpace());
        }
        this.box = b;
    }

    @Override
    public StepResult step(double[] action) {
        Spaces.checkAction(box, action, "ClipAction");
        double[] clipped = new double[action.length];
        for (int i = 0; i < action.length; i++) {
            clipped[i] = Math.min(box.high(i), Math.max(box.low(i), action[i]));
        }
        return env.step(clipped);
    }
}
