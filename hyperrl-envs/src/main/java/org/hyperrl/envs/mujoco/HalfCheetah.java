package org.hyperrl.envs.mujoco;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.StepResult;

/**
 * Gym HalfCheetah-v3: obs {@code qpos[1:] + qvel} (17), reward {@code vx - 0.1 sum a^2}, never terminates,
 * reset noise {@code qpos + U(+-0.1)}, {@code qvel + 0.1 N(0, 1)}; dt 0.05 (Euler 0.01 x 5).
 */
public final class HalfCheetah extends MujocoEnv {

    public static final String MODEL = "half_cheetah.xml";
    public static final int FRAME_SKIP = 5;
    public static final double FORWARD_REWARD_WEIGHT = 1.0;
    public static final double CTRL_COST_WEIGHT = 0.1;
    public static final double RESET_NOISE_SCALE = 0.1;

    public HalfCheetah() {
        super(load(MODEL), FRAME_SKIP, false);
    }

    @Override
    protected void resetModel(SplittableRandom rng) {
        setState(uniformNoise(initQpos, RESET_NOISE_SCALE, rng), normalNoise(initQvel, RESET_NOISE_SCALE, rng));
    }

    @Override
    protected double[] observation() {
        return concat(tail(sim.qpos(), 1), sim.qvel());
    }

    @Override
    protected StepResult stepEpisode(double[] action) {
        double xBefore = sim.qpos()[0];
        doSimulation(action);
        double xAfter = sim.qpos()[0];
        double xVelocity = (xAfter - xBefore) / dt;
        double forward = FORWARD_REWARD_WEIGHT * xVelocity;
        double ctrlCost = CTRL_COST_WEIGHT * sumSquares(action);
        return new StepResult(observation(), forward - ctrlCost, false, false,
                Map.of("x_position", xAfter, "x_velocity", xVelocity, "reward_run", forward, "reward_ctrl", -ctrlCost));
    }
}
