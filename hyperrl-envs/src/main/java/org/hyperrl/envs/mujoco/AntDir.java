package org.hyperrl.envs.mujoco;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TaskDistribution;

/**
 * Ant direction tasks. The task is a goal angle g; the direction is {@code (cos g, sin g)} and the reward
 * {@code (delta torso_xy / dt) . dir - 0.5 sum a^2 - 0.5e-3 sum clip(cfrc_ext, -1, 1)^2 + 1}; obs
 * {@code qpos[2:] + qvel} (27); terminates on a non-finite state or torso height outside [0.2, 1.0].
 *
 * <p>Two task sets: {@link #referenceTasks()} reproduces VariBAD's Ant-Dir, whose goals are the numbers
 * {-1, +1} used as radians, i.e. directions (0.540, +-0.841) rather than forward/backward;
 * {@link #forwardBackwardTasks()} is PEARL's true Ant-Fwd-Back with angles {0, pi}.
 */
public final class AntDir extends MujocoMetaEnv {

    public static final double CTRL_COST_WEIGHT = 0.5;
    public static final double CONTACT_COST_WEIGHT = 0.5e-3;
    public static final double SURVIVE_REWARD = 1.0;

    private final int torso;

    /** VariBAD's Ant-Dir: goal angles {-1, +1} radians. */
    public static TaskDistribution referenceTasks() {
        List<double[]> g = List.of(new double[] {-1}, new double[] {1});
        return TaskDistribution.fixed(g, g);
    }

    /** PEARL's Ant-Fwd-Back: goal angles {0, pi}. */
    public static TaskDistribution forwardBackwardTasks() {
        List<double[]> g = List.of(new double[] {0}, new double[] {Math.PI});
        return TaskDistribution.fixed(g, g);
    }

    public AntDir(TaskDistribution tasks) {
        super(load(Ant.MODEL), Ant.FRAME_SKIP, true, tasks);
        if (tasks.taskDimension() != 1) {
            throw new IllegalArgumentException("AntDir tasks are one goal angle, got dimension " + tasks.taskDimension());
        }
        this.torso = sim.bodyId("torso");
    }

    @Override
    protected void resetModel(SplittableRandom rng) {
        Ant.resetAnt(this, rng);
    }

    @Override
    protected double[] observation() {
        return concat(tail(sim.qpos(), 2), sim.qvel());
    }

    /** The unit direction (cos g, sin g) of the current task. */
    public double[] direction() {
        double g = currentTask().get(0);
        return new double[] {Math.cos(g), Math.sin(g)};
    }

    @Override
    protected void validateTask(Task t) {
        // any finite angle is a valid direction; Task already rejects non-finite values
    }

    @Override
    protected StepResult stepEpisode(double[] action) {
        double[] before = sim.xpos();
        doSimulation(action);
        double[] after = sim.xpos();
        double vx = (after[3 * torso] - before[3 * torso]) / dt;
        double vy = (after[3 * torso + 1] - before[3 * torso + 1]) / dt;
        double[] dir = direction();
        double forward = vx * dir[0] + vy * dir[1];
        double ctrlCost = CTRL_COST_WEIGHT * sumSquares(action);
        double contactCost = CONTACT_COST_WEIGHT * sumSquaresClipped(sim.cfrcExt(), -1, 1);
        double reward = forward - ctrlCost - contactCost + SURVIVE_REWARD;
        return new StepResult(observation(), reward, !Ant.isHealthy(sim), false,
                Map.of("reward_forward", forward, "reward_ctrl", -ctrlCost, "reward_contact", -contactCost,
                        "x_velocity", vx, "y_velocity", vy, "task", currentTask()));
    }
}
