package org.hyperrl.envs.mujoco;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.StepResult;

/**
 * Gym Ant-v3: obs {@code qpos[2:] (13) + qvel (14) + clip(cfrc_ext, -1, 1) (84) = 111} (27 without contact
 * forces, the v4 default); reward {@code vx(torso) + 1 - 0.5 sum a^2 - 5e-4 sum clip(cfrc_ext)^2}; terminates
 * on a non-finite state or torso height outside [0.2, 1.0]; reset noise {@code qpos + U(+-0.1)},
 * {@code qvel + 0.1 N(0, 1)}; dt 0.05 (RK4 0.01 x 5).
 */
public final class Ant extends MujocoEnv {

    public static final String MODEL = "ant.xml";
    public static final int FRAME_SKIP = 5;
    public static final double CTRL_COST_WEIGHT = 0.5;
    public static final double CONTACT_COST_WEIGHT = 5e-4;
    public static final double HEALTHY_REWARD = 1.0;
    public static final double RESET_NOISE_SCALE = 0.1;

    private final boolean contactForcesInObservation;
    private final int torso;

    public Ant() {
        this(true);
    }

    /** @param contactForcesInObservation true for the v3 observation (111), false for 27 */
    public Ant(boolean contactForcesInObservation) {
        super(load(MODEL), FRAME_SKIP, true);
        this.contactForcesInObservation = contactForcesInObservation;
        this.torso = sim.bodyId("torso");
    }

    @Override
    protected void resetModel(SplittableRandom rng) {
        resetAnt(this, rng);
    }

    static void resetAnt(MujocoEnv env, SplittableRandom rng) {
        env.setState(uniformNoise(env.initQpos, RESET_NOISE_SCALE, rng),
                normalNoise(env.initQvel, RESET_NOISE_SCALE, rng));
    }

    @Override
    protected double[] observation() {
        double[] base = concat(tail(sim.qpos(), 2), sim.qvel());
        return contactForcesInObservation ? concat(base, clip(sim.cfrcExt(), -1, 1)) : base;
    }

    /** Gym's health check for the ant: finite state and torso height {@code qpos[2]} in [0.2, 1.0]. */
    static boolean isHealthy(MujocoModel sim) {
        double[] q = sim.qpos();
        return allFinite(q) && allFinite(sim.qvel()) && q[2] >= 0.2 && q[2] <= 1.0;
    }

    @Override
    protected StepResult stepEpisode(double[] action) {
        double[] before = sim.xpos();
        doSimulation(action);
        double[] after = sim.xpos();
        double vx = (after[3 * torso] - before[3 * torso]) / dt;
        double vy = (after[3 * torso + 1] - before[3 * torso + 1]) / dt;
        double ctrlCost = CTRL_COST_WEIGHT * sumSquares(action);
        double contactCost = CONTACT_COST_WEIGHT * sumSquaresClipped(sim.cfrcExt(), -1, 1);
        double reward = vx + HEALTHY_REWARD - ctrlCost - contactCost;
        return new StepResult(observation(), reward, !isHealthy(sim), false,
                Map.of("x_velocity", vx, "y_velocity", vy, "reward_ctrl", -ctrlCost, "reward_contact", -contactCost));
    }
}
