package org.hyperrl.envs.mujoco;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TaskDistribution;

/**
 * Walker-RandParams (VariBAD, from rand_param_envs): the walker2d model with timestep 0.004 and frame skip 4
 * (dt 0.016); reward {@code delta x / dt + 1 - 1e-3 sum a^2}; terminates unless {@code 0.8 < h < 2} and
 * {@code -1 < angle < 1}; obs {@code qpos[1:] + clip(qvel, +-10)} (17); reset noise U(+-0.005).
 *
 * <p>A task is a vector of 65 multipliers, drawn independently: body_mass (8) and body_inertia (24) by
 * {@code 1.5^U(-3, 3)}, dof_damping (9) by {@code 1.3^U(-3, 3)}, geom_friction (24) by {@code 1.5^U(-3, 3)}.
 * Setting a task overwrites those model arrays with the nominal values times the multipliers (the all-ones
 * task restores the nominal model). As in the reference, derived constants are not recomputed unless
 * {@code recomputeConstants} is set.
 */
public final class WalkerRandParams extends MujocoMetaEnv {

    public static final double TIMESTEP = 0.004;
    public static final int FRAME_SKIP = 4;
    public static final double LOG_SCALE_LIMIT = 3.0;

    private final double[] nominalMass;
    private final double[] nominalInertia;
    private final double[] nominalDamping;
    private final double[] nominalFriction;
    private final boolean recomputeConstants;

    public WalkerRandParams() {
        this(false);
    }

    /** @param recomputeConstants call {@code mj_setConst} after writing the parameters (not done by the reference) */
    public WalkerRandParams(boolean recomputeConstants) {
        this(recomputeConstants, 0, 0, 0);
    }

    /**
     * @param numTrainTasks if positive, fixed train/test lists of this many tasks (with {@code numTestTasks}),
     *                      drawn with {@code taskListSeed}
     */
    public WalkerRandParams(boolean recomputeConstants, int numTrainTasks, int numTestTasks, long taskListSeed) {
        super(walkerModel(), FRAME_SKIP, false, tasksFor(numTrainTasks, numTestTasks, taskListSeed));
        this.nominalMass = sim.bodyMass();
        this.nominalInertia = sim.bodyInertia();
        this.nominalDamping = sim.dofDamping();
        this.nominalFriction = sim.geomFriction();
        this.recomputeConstants = recomputeConstants;
        int dim = nominalMass.length + nominalInertia.length + nominalDamping.length + nominalFriction.length;
        if (dim != taskDistribution().taskDimension()) {
            throw new IllegalStateException("walker model has " + dim + " randomised parameters, expected "
                    + taskDistribution().taskDimension());
        }
    }

    private static MujocoModel walkerModel() {
        MujocoModel m = load(Walker2d.MODEL);
        m.setModel(MujocoNative.M_OPT_TIMESTEP, new double[] {TIMESTEP});
        return m;
    }

    /** Sizes of the four parameter groups of the walker model (mass, inertia, damping, friction). */
    static final int[] GROUPS = {8, 24, 9, 24};

    /** The rand_param_envs distribution over the 65 multipliers (same for train and test). */
    public static TaskDistribution defaultTasks() {
        return TaskDistribution.sampled(65, (rng, split) -> {
            double[] v = new double[65];
            int k = 0;
            double[] bases = {1.5, 1.5, 1.3, 1.5};
            for (int g = 0; g < GROUPS.length; g++) {
                for (int i = 0; i < GROUPS[g]; i++) {
                    v[k++] = Math.pow(bases[g], -LOG_SCALE_LIMIT + 2 * LOG_SCALE_LIMIT * rng.nextDouble());
                }
            }
            return v;
        });
    }

    private static TaskDistribution tasksFor(int numTrain, int numTest, long seed) {
        TaskDistribution d = defaultTasks();
        return numTrain > 0 ? d.withFixedLists(numTrain, numTest, seed) : d;
    }

    /** The task with all multipliers 1 (the nominal walker). */
    public static Task nominalTask() {
        double[] ones = new double[65];
        Arrays.fill(ones, 1.0);
        return Task.of(ones);
    }

    @Override
    protected void validateTask(Task t) {
        for (int i = 0; i < t.dimension(); i++) {
            if (!(t.get(i) > 0)) {
                throw new IllegalArgumentException("Walker-RandParams multiplier " + i + " is " + t.get(i)
                        + "; multipliers must be > 0");
            }
        }
    }

    @Override
    protected void applyTask(Task t) {
        double[] v = t.vector();
        int k = 0;
        double[] mass = scaled(nominalMass, v, k);
        k += mass.length;
        double[] inertia = scaled(nominalInertia, v, k);
        k += inertia.length;
        double[] damping = scaled(nominalDamping, v, k);
        k += damping.length;
        double[] friction = scaled(nominalFriction, v, k);
        sim.setBodyMass(mass);
        sim.setBodyInertia(inertia);
        sim.setDofDamping(damping);
        sim.setGeomFriction(friction);
        if (recomputeConstants) {
            sim.recomputeConstants();
        }
    }

    private static double[] scaled(double[] nominal, double[] multipliers, int offset) {
        double[] out = new double[nominal.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = nominal[i] * multipliers[offset + i];
        }
        return out;
    }

    @Override
    protected void resetModel(SplittableRandom rng) {
        setState(uniformNoise(initQpos, PlanarWalker.RESET_NOISE_SCALE, rng),
                uniformNoise(initQvel, PlanarWalker.RESET_NOISE_SCALE, rng));
    }

    @Override
    protected double[] observation() {
        return concat(tail(sim.qpos(), 1), clip(sim.qvel(), -10, 10));
    }

    @Override
    protected StepResult stepEpisode(double[] action) {
        double xBefore = sim.qpos()[0];
        doSimulation(action);
        double[] q = sim.qpos();
        double xVelocity = (q[0] - xBefore) / dt;
        double reward = xVelocity + 1.0 - 1e-3 * sumSquares(action);
        return new StepResult(observation(), reward, !Walker2d.isHealthy(q), false,
                Map.of("x_velocity", xVelocity, "task_id", currentTask().id()));
    }
}
