package org.hyperrl.envs.mujoco;

/**
 * Gym Hopper-v3 (obs 11, action 3). Healthy while every entry of {@code (qpos, qvel)[2:]} is in (-100, 100),
 * the height {@code qpos[1]} is above 0.7 and the torso angle {@code qpos[2]} is in (-0.2, 0.2).
 */
public final class Hopper extends PlanarWalker {

    public static final String MODEL = "hopper.xml";

    public Hopper() {
        super(MODEL);
    }

    @Override
    public boolean isHealthy() {
        double[] q = sim.qpos();
        double[] v = sim.qvel();
        for (int i = 2; i < q.length; i++) {
            if (!(q[i] > -100 && q[i] < 100)) {
                return false;
            }
        }
        for (double x : v) {
            if (!(x > -100 && x < 100)) {
                return false;
            }
        }
        return q[1] > 0.7 && q[2] > -0.2 && q[2] < 0.2;
    }
}
