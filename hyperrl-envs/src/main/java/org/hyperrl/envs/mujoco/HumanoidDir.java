package org.hyperrl.envs.mujoco;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.Space;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.TaskDistribution;

/**
 * Humanoid-Dir (VariBAD, from PEARL): task = goal angle g ~ U[0, 2 pi); actions in [-1, 1] are scaled by 0.4
 * into the controls; reward {@code 0.25 (dir . delta com_xy) / timestep - 0.1 sum ctrl^2 -
 * min(0.5e-6 sum cfrc_ext^2, 10) + 5} (divided by the physics timestep, not dt, as in the reference code);
 * obs as Humanoid-v3 (376); terminates when {@code qpos[2]} leaves [1, 2]; reset noise U(+-0.01).
 */
public final class HumanoidDir extends MujocoMetaEnv {

    public static final double ACTION_SCALE = 0.4;
    public static final double VELOCITY_WEIGHT = 0.25;
    public static final double CTRL_COST_WEIGHT = 0.1;
    public static final double CONTACT_COST_WEIGHT = 0.5e-6;
    public static final double ALIVE_BONUS = 5.0;

    private final Box actionSpace;
    private final double timestep;

    public static TaskDistribution defaultTasks() {
        return uniform1d(0, 2 * Math.PI, 0, 2 * Math.PI);
    }

    public HumanoidDir() {
        this(defaultTasks());
    }

    public HumanoidDir(TaskDistribution tasks) {
        super(load(Humanoid.MODEL), Humanoid.FRAME_SKIP, true, tasks);
        this.actionSpace = Box.uniform(sim.nu(), -1, 1);
        this.timestep = sim.timestep();
    }

    @Override
    public Space actionSpace() {
        return actionSpace;
    }

    @Override
    protected void resetModel(SplittableRandom rng) {
        setState(uniformNoise(initQpos, Humanoid.RESET_NOISE_SCALE, rng),
                uniformNoise(initQvel, Humanoid.RESET_NOISE_SCALE, rng));
    }

    @Override
    protected double[] observation() {
        return Humanoid.humanoidObservation(sim);
    }

    @Override
    protected StepResult stepEpisode(double[] action) {
        double[] ctrl = new double[action.length];
        for (int i = 0; i < ctrl.length; i++) {
            ctrl[i] = ACTION_SCALE * Math.max(-1, Math.min(1, action[i]));
        }
        double[] before = Humanoid.massCenter(sim);
        doSimulation(ctrl);
        double[] after = Humanoid.massCenter(sim);
        double g = currentTask().get(0);
        double progress = Math.cos(g) * (after[0] - before[0]) + Math.sin(g) * (after[1] - before[1]);
        double linVel = VELOCITY_WEIGHT * progress / timestep;
        double ctrlCost = CTRL_COST_WEIGHT * sumSquares(ctrl);
        double impactCost = Math.min(CONTACT_COST_WEIGHT * sumSquares(sim.cfrcExt()), 10);
        double reward = linVel - ctrlCost - impactCost + ALIVE_BONUS;
        double z = sim.qpos()[2];
        boolean done = z < 1.0 || z > 2.0;
        return new StepResult(observation(), reward, done, false,
                Map.of("reward_linvel", linVel, "reward_quadctrl", -ctrlCost, "reward_impact", -impactCost,
                        "task", currentTask()));
    }
}
