package org.hyperrl.envs.mujoco;

import static org.hyperrl.envs.registry.EnvRegistry.MAX_EPISODE_STEPS;
import static org.hyperrl.envs.registry.EnvRegistry.NUM_TEST_TASKS;
import static org.hyperrl.envs.registry.EnvRegistry.NUM_TRAIN_TASKS;
import static org.hyperrl.envs.registry.EnvRegistry.TASK_LIST_SEED;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.TimeLimit;
import org.hyperrl.envs.meta.TaskDistribution;
import org.hyperrl.envs.registry.EnvRegistry;
import org.hyperrl.envs.registry.EnvSpec;
import org.hyperrl.envs.registry.EnvSpec.OptionSpec;
import org.hyperrl.envs.registry.Options;

/**
 * Registers the MuJoCo env ids with {@link EnvRegistry}. Registration needs no MuJoCo; creating one of these
 * envs without MuJoCo throws {@link MujocoUnavailableException} with the install line.
 */
public final class MujocoRegistrations {

    static final String TORSO_POSITION = "torsoPositionInObservation";
    static final String CONTACT_FORCES = "contactForcesInObservation";
    static final String RECOMPUTE_CONSTANTS = "recomputeConstants";
    static final String TRAIN_LOW = "trainLow";
    static final String TRAIN_HIGH = "trainHigh";
    static final String TEST_LOW = "testLow";
    static final String TEST_HIGH = "testHigh";

    private MujocoRegistrations() {
    }

    /** Called once by the registry's static initialiser. */
    public static void registerAll() {
        single("HalfCheetah", "gym HalfCheetah-v3: obs 17, action 6", HalfCheetah::new);
        single("Hopper", "gym Hopper-v3: obs 11, action 3", Hopper::new);
        single("Walker2d", "gym Walker2d-v3: obs 17, action 6", Walker2d::new);
        EnvRegistry.register(new EnvSpec("Ant", "gym Ant-v3: obs 111 (27 without contact forces), action 8",
                List.of(new OptionSpec(MAX_EPISODE_STEPS, 1000, "episode length"),
                        new OptionSpec(CONTACT_FORCES, true, "append clip(cfrc_ext) to the observation (v3)")),
                o -> new TimeLimit(new Ant(o.getBoolean(CONTACT_FORCES)), o.getInt(MAX_EPISODE_STEPS))));
        single("Humanoid", "gym Humanoid-v3: obs 376, action 17 in [-0.4, 0.4]", Humanoid::new);

        velocityFamily("CheetahVel", "Cheetah-Vel (VariBAD): target velocity ~ U(trainLow, trainHigh), "
                + "r = -|vx - v*| - 0.05 sum a^2, obs 20", 2, 0, 3, 0, 3,
                (tasks, o) -> new CheetahVel(tasks, o.getBoolean(TORSO_POSITION)), true);
        velocityFamily("CheetahVelMedium", "Cheetah-Vel-Medium (Fakoor et al.; Sarafian et al.): "
                + "out-of-distribution split, train v* in [0, 2.5], test v* in [2.5, 3]", 1, 0, 2.5, 2.5, 3,
                (tasks, o) -> new CheetahVel(tasks, o.getBoolean(TORSO_POSITION)), true);
        List<OptionSpec> dirOptions = new ArrayList<>(EnvRegistry.trialOptions(200, 2));
        dirOptions.add(new OptionSpec(TORSO_POSITION, true, "append the torso position (obs 20; false gives 17)"));
        for (String id : new String[] {"CheetahDir", "CheetahFwdBack"}) {
            EnvRegistry.register(new EnvSpec(id, "Cheetah-Dir / Cheetah-Fwd-Back: d in {-1, +1}, "
                    + "r = d vx - 0.05 sum a^2, obs 20", dirOptions,
                    o -> EnvRegistry.trial(new CheetahDir(o.getBoolean(TORSO_POSITION)), o)));
        }
        EnvRegistry.register(new EnvSpec("AntDir", "Ant-Dir as in VariBAD: goal angles {-1, +1} radians "
                + "(directions (0.540, +-0.841)), obs 27", EnvRegistry.trialOptions(200, 2),
                o -> EnvRegistry.trial(new AntDir(AntDir.referenceTasks()), o)));
        EnvRegistry.register(new EnvSpec("AntFwdBack", "Ant-Fwd-Back as in PEARL: goal angles {0, pi}, obs 27",
                EnvRegistry.trialOptions(200, 1),
                o -> EnvRegistry.trial(new AntDir(AntDir.forwardBackwardTasks()), o)));
        velocityFamily("AntVel", "Ant-Vel (pytorch-maml-rl): v* ~ U(0, 3), obs 123", 1, 0, 3, 0, 3,
                (tasks, o) -> new AntVel(tasks), false);
        List<OptionSpec> humanoidOptions = EnvRegistry.taskListOptions(200, 2);
        EnvRegistry.register(new EnvSpec("HumanoidDir", "Humanoid-Dir (VariBAD/PEARL): goal angle ~ U[0, 2 pi), "
                + "obs 376, action 17 in [-1, 1]", humanoidOptions,
                o -> EnvRegistry.trial(new HumanoidDir(EnvRegistry.fixedLists(HumanoidDir.defaultTasks(), o)), o)));
        List<OptionSpec> walkerOptions = new ArrayList<>(EnvRegistry.taskListOptions(200, 2));
        walkerOptions.add(new OptionSpec(RECOMPUTE_CONSTANTS, false,
                "call mj_setConst after writing the randomised parameters (the reference does not)"));
        EnvRegistry.register(new EnvSpec("WalkerRandParams", "Walker-RandParams (VariBAD/rand_param_envs): "
                + "65 randomised physics parameters, obs 17, action 6", walkerOptions,
                o -> {
                    EnvRegistry.checkTaskListOptions(o);
                    return EnvRegistry.trial(new WalkerRandParams(o.getBoolean(RECOMPUTE_CONSTANTS),
                            o.getInt(NUM_TRAIN_TASKS), o.getInt(NUM_TEST_TASKS), o.getLong(TASK_LIST_SEED)), o);
                }));
    }

    private static void single(String id, String description, Supplier<? extends Env> factory) {
        EnvRegistry.register(new EnvSpec(id, description,
                List.of(new OptionSpec(MAX_EPISODE_STEPS, 1000, "episode length")),
                o -> new TimeLimit(factory.get(), o.getInt(MAX_EPISODE_STEPS))));
    }

    private interface MetaFactory {
        org.hyperrl.envs.meta.MetaEnv create(TaskDistribution tasks, Options o);
    }

    private static void velocityFamily(String id, String description, int episodesPerTrial, double trainLow,
                                       double trainHigh, double testLow, double testHigh, MetaFactory factory,
                                       boolean cheetah) {
        List<OptionSpec> options = new ArrayList<>(EnvRegistry.taskListOptions(200, episodesPerTrial));
        options.add(new OptionSpec(TRAIN_LOW, trainLow, "lowest training target velocity"));
        options.add(new OptionSpec(TRAIN_HIGH, trainHigh, "highest training target velocity"));
        options.add(new OptionSpec(TEST_LOW, testLow, "lowest test target velocity"));
        options.add(new OptionSpec(TEST_HIGH, testHigh, "highest test target velocity"));
        if (cheetah) {
            options.add(new OptionSpec(TORSO_POSITION, true, "append the torso position (obs 20; false gives 17)"));
        }
        Function<Options, Env> build = o -> {
            TaskDistribution base = MujocoMetaEnv.uniform1d(o.getDouble(TRAIN_LOW), o.getDouble(TRAIN_HIGH),
                    o.getDouble(TEST_LOW), o.getDouble(TEST_HIGH));
            return EnvRegistry.trial(factory.create(EnvRegistry.fixedLists(base, o), o), o);
        };
        EnvRegistry.register(new EnvSpec(id, description, options, build));
    }

}
