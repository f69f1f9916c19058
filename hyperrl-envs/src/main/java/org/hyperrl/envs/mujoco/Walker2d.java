package org.hyperrl.envs.mujoco;

/** Gym Walker2d-v3 (obs 17, action 6). Healthy while {@code 0.8 < qpos[1] < 2.0} and {@code -1 < qpos[2] < 1}. */
public final class Walker2d extends PlanarWalker {

    public static final String MODEL = "walker2d.xml";

    public Walker2d() {
        super(MODEL);
    }

    @Override
    public boolean isHealthy() {
        return isHealthy(sim.qpos());
    }

    static boolean isHealthy(double[] q) {
        return q[1] > 0.8 && q[1] < 2.0 && q[2] > -1 && q[2] < 1;
    }
}
