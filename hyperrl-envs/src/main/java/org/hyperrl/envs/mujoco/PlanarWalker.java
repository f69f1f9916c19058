package org.hyperrl.envs.mujoco;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.StepResult;

/**
 * Gym v3 Hopper and Walker2d, which share their structure: obs {@code qpos[1:] + clip(qvel, +-10)}, reward
 * {@code vx + 1 - 1e-3 sum a^2}, reset noise {@code U(+-5e-3)} on qpos and qvel, dt 0.008 (RK4 0.002 x 4), and
 * termination when unhealthy (see {@link #isHealthy()}).
 */
public abstract sealed class PlanarWalker extends MujocoEnv permits Hopper, Walker2d {

    public static final int FRAME_SKIP = 4;
    public static final double CTRL_COST_WEIGHT = 1e-3;
    public static final double HEALTHY_REWARD = 1.0;
    public static final double RESET_NOISE_SCALE = 5e-3;

    PlanarWalker(String model) {
        super(load(model), FRAME_SKIP, false);
    }

    @Override
    protected void resetModel(SplittableRandom rng) {
        setState(uniformNoise(initQpos, RESET_NOISE_SCALE, rng), uniformNoise(initQvel, RESET_NOISE_SCALE, rng));
    }

    @Override
    protected double[] observation() {
        return concat(tail(sim.qpos(), 1), clip(sim.qvel(), -10, 10));
    }

    /** Whether the current state is healthy (episodes terminate otherwise). */
    public abstract boolean isHealthy();

    @Override
    protected StepResult stepEpisode(double[] action) {
        double xBefore = sim.qpos()[0];
        doSimulation(action);
        double xAfter = sim.qpos()[0];
        double xVelocity = (xAfter - xBefore) / dt;
        double ctrlCost = CTRL_COST_WEIGHT * sumSquares(action);
        double reward = xVelocity + HEALTHY_REWARD - ctrlCost;
        return new StepResult(observation(), reward, !isHealthy(), false,
                Map.of("x_position", xAfter, "x_velocity", xVelocity));
    }
}
