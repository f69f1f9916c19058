package org.hyperrl.envs.mujoco;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TaskDistribution;

/**
 * Ant-Vel (pytorch-maml-rl): task v* ~ U(0, 3); reward {@code -|vx - v*| + 1 + 0.05 - 0.5e-2 sum a^2 -
 * 0.5e-3 sum clip(cfrc_ext, -1, 1)^2} with vx of the torso; MAML-family obs {@code qpos[2:] (13) + qvel (14) +
 * clip(cfrc_ext, -1, 1) (84) + torso xmat (9) + torso xpos (3) = 123}; terminates like the ant.
 */
public final class AntVel extends MujocoMetaEnv {

    public static final double CTRL_COST_WEIGHT = 0.5e-2;
    public static final double CONTACT_COST_WEIGHT = 0.5e-3;
    public static final double SURVIVE_REWARD = 0.05;

    private final int torso;

    public static TaskDistribution defaultTasks() {
        return uniform1d(0, 3, 0, 3);
    }

    public AntVel() {
        this(defaultTasks());
    }

    public AntVel(TaskDistribution tasks) {
        super(load(Ant.MODEL), Ant.FRAME_SKIP, true, tasks);
        this.torso = sim.bodyId("torso");
    }

    @Override
    protected void resetModel(SplittableRandom rng) {
        Ant.resetAnt(this, rng);
    }

    @Override
    protected double[] observation() {
        double[] xmat = java.util.Arrays.copyOfRange(sim.xmat(), 9 * torso, 9 * torso + 9);
        double[] xpos = java.util.Arrays.copyOfRange(sim.xpos(), 3 * torso, 3 * torso + 3);
        return concat(tail(sim.qpos(), 2), sim.qvel(), clip(sim.cfrcExt(), -1, 1), xmat, xpos);
    }

    @Override
    protected void validateTask(Task t) {
        if (t.get(0) < 0) {
            throw new IllegalArgumentException("Ant-Vel target velocity must be >= 0, got " + t.get(0));
        }
    }

    @Override
    protected StepResult stepEpisode(double[] action) {
        double xBefore = sim.xpos()[3 * torso];
        doSimulation(action);
        double vx = (sim.xpos()[3 * torso] - xBefore) / dt;
        double forward = -Math.abs(vx - currentTask().get(0)) + 1.0;
        double ctrlCost = CTRL_COST_WEIGHT * sumSquares(action);
        double contactCost = CONTACT_COST_WEIGHT * sumSquaresClipped(sim.cfrcExt(), -1, 1);
        double reward = forward - ctrlCost - contactCost + SURVIVE_REWARD;
        return new StepResult(observation(), reward, !Ant.isHealthy(sim), false,
                Map.of("x_velocity", vx, "reward_forward", forward, "reward_ctrl", -ctrlCost,
                        "reward_contact", -contactCost, "task", currentTask()));
    }
}
