package org.hyperrl.envs.mujoco;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.StepResult;

/**
 * Gym Humanoid-v3: obs {@code qpos[2:] (22) + qvel (23) + cinert (140) + cvel (84) + qfrc_actuator (23) +
 * cfrc_ext (84) = 376}; reward {@code 1.25 vx(centre of mass) + 5 - 0.1 sum ctrl^2 - min(5e-7 sum cfrc_ext^2, 10)};
 * terminates when {@code qpos[2]} leaves (1.0, 2.0); reset noise {@code U(+-1e-2)} on qpos and qvel;
 * dt 0.015 (RK4 0.003 x 5); actions in [-0.4, 0.4].
 */
public final class Humanoid extends MujocoEnv {

    public static final String MODEL = "humanoid.xml";
    public static final int FRAME_SKIP = 5;
    public static final double FORWARD_REWARD_WEIGHT = 1.25;
    public static final double CTRL_COST_WEIGHT = 0.1;
    public static final double CONTACT_COST_WEIGHT = 5e-7;
    public static final double CONTACT_COST_MAX = 10;
    public static final double HEALTHY_REWARD = 5.0;
    public static final double RESET_NOISE_SCALE = 1e-2;

    public Humanoid() {
        super(load(MODEL), FRAME_SKIP, true);
    }

    @Override
    protected void resetModel(SplittableRandom rng) {
        setState(uniformNoise(initQpos, RESET_NOISE_SCALE, rng), uniformNoise(initQvel, RESET_NOISE_SCALE, rng));
    }

    @Override
    protected double[] observation() {
        return humanoidObservation(sim);
    }

    static double[] humanoidObservation(MujocoModel sim) {
        return concat(tail(sim.qpos(), 2), sim.qvel(), sim.cinert(), sim.cvel(), sim.qfrcActuator(), sim.cfrcExt());
    }

    /** Mass-weighted centre of mass (x, y, z) of all bodies. */
    static double[] massCenter(MujocoModel sim) {
        double[] mass = sim.bodyMass();
        double[] xipos = sim.xipos();
        double total = 0;
        double[] c = new double[3];
        for (int b = 0; b < mass.length; b++) {
            total += mass[b];
            for (int k = 0; k < 3; k++) {
                c[k] += mass[b] * xipos[3 * b + k];
            }
        }
        for (int k = 0; k < 3; k++) {
            c[k] /= total;
        }
        return c;
    }

    static boolean isHealthy(MujocoModel sim) {
        double z = sim.qpos()[2];
        return z > 1.0 && z < 2.0;
    }

    @Override
    protected StepResult stepEpisode(double[] action) {
        double[] before = massCenter(sim);
        doSimulation(action);
        double[] after = massCenter(sim);
        double vx = (after[0] - before[0]) / dt;
        double ctrlCost = CTRL_COST_WEIGHT * sumSquares(sim.ctrl());
        double contactCost = Math.min(CONTACT_COST_WEIGHT * sumSquares(sim.cfrcExt()), CONTACT_COST_MAX);
        double forward = FORWARD_REWARD_WEIGHT * vx;
        double reward = forward + HEALTHY_REWARD - ctrlCost - contactCost;
        return new StepResult(observation(), reward, !isHealthy(sim), false,
                Map.of("x_velocity", vx, "reward_linvel", forward, "reward_quadctrl", -ctrlCost,
                        "reward_impact", -contactCost));
    }
}
