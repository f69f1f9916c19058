package org.hyperrl.envs.mujoco;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.TaskDistribution;

/**
 * The half-cheetah base of the VariBAD task families: gym's model and reset noise; observation
 * {@code qpos[1:] (8) + qvel (9) + torso xpos (3) = 20} (VariBAD's code) or without the torso position 17
 * (as paper 3 states); never terminates. Subclasses define the task reward from the forward velocity.
 */
public abstract class CheetahMetaEnv extends MujocoMetaEnv {

    /** Control cost weight of the VariBAD cheetah families ({@code 0.5 * 1e-1}). */
    public static final double CTRL_COST_WEIGHT = 0.05;

    private final boolean torsoPositionInObservation;
    private final int torso;

    protected CheetahMetaEnv(TaskDistribution tasks, boolean torsoPositionInObservation) {
        super(load(HalfCheetah.MODEL), HalfCheetah.FRAME_SKIP, false, tasks);
        this.torsoPositionInObservation = torsoPositionInObservation;
        this.torso = sim.bodyId("torso");
    }

    @Override
    protected void resetModel(SplittableRandom rng) {
        setState(uniformNoise(initQpos, HalfCheetah.RESET_NOISE_SCALE, rng),
                normalNoise(initQvel, HalfCheetah.RESET_NOISE_SCALE, rng));
    }

    @Override
    protected double[] observation() {
        double[] base = concat(tail(sim.qpos(), 1), sim.qvel());
        if (!torsoPositionInObservation) {
            return base;
        }
        double[] xpos = sim.xpos();
        return concat(base, new double[] {xpos[3 * torso], xpos[3 * torso + 1], xpos[3 * torso + 2]});
    }

    @Override
    protected final StepResult stepEpisode(double[] action) {
        double xBefore = sim.qpos()[0];
        doSimulation(action);
        double xVelocity = (sim.qpos()[0] - xBefore) / dt;
        double task = taskReward(xVelocity);
        double ctrlCost = CTRL_COST_WEIGHT * sumSquares(action);
        return new StepResult(observation(), task - ctrlCost, false, false,
                Map.of("x_velocity", xVelocity, "reward_task", task, "reward_ctrl", -ctrlCost,
                        "task", currentTask()));
    }

    /** The task part of the reward for forward velocity {@code vx}. */
    protected abstract double taskReward(double vx);
}
