package org.hyperrl.envs.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.TimeLimit;
import org.hyperrl.envs.classic.Pendulum;
import org.hyperrl.envs.grid.GridWorld;
import org.hyperrl.envs.meta.MetaEnv;
import org.hyperrl.envs.meta.Split;
import org.hyperrl.envs.meta.TaskDistribution;
import org.hyperrl.envs.meta.TrialWrapper;
import org.hyperrl.envs.mujoco.MujocoRegistrations;
import org.hyperrl.envs.point.Navigation2D;
import org.hyperrl.envs.point.PointRobot;

/**
 * Creates environments from a string id and an options map, as configs and the CLI do:
 * {@code EnvRegistry.create("CheetahVel", Map.of("episodesPerTrial", 2))}. Unknown ids and unknown options are
 * rejected with the list of valid ones. Meta-RL families come wrapped as
 * {@code TrialWrapper(TimeLimit(env))}; single-task envs as {@code TimeLimit(env)}.
 */
public final class EnvRegistry {

    /** Option name: steps per (inner) episode. */
    public static final String MAX_EPISODE_STEPS = "maxEpisodeSteps";
    /** Option name: episodes per meta-episode (trial). */
    public static final String EPISODES_PER_TRIAL = "episodesPerTrial";
    /** Option name: task set to sample from, "train" or "test". */
    public static final String SPLIT = "split";
    /** Option name: size of a fixed train task list (0 = sample tasks afresh). */
    public static final String NUM_TRAIN_TASKS = "numTrainTasks";
    /** Option name: size of a fixed test task list (used when numTrainTasks > 0). */
    public static final String NUM_TEST_TASKS = "numTestTasks";
    /** Option name: seed for drawing the fixed task lists. */
    public static final String TASK_LIST_SEED = "taskListSeed";
    /** Option: when Grid-World Show reveals the goal ({@link GridWorld.ShowRule}). */
    public static final String SHOW_RULE = "showRule";
    /** Option: where the point robot's goals lie ({@link PointRobot.Goals}). */
    public static final String GOALS = "goals";
    /** Option: side length of the Grid-World family (5 in the papers). */
    public static final String GRID_SIZE = "size";

    private static final Map<String, EnvSpec> SPECS = Collections.synchronizedMap(new LinkedHashMap<>());

    static {
        register(new EnvSpec("Pendulum", "Gym Pendulum-v1 (obs 3, action 1 in [-2, 2]) with a time limit",
                List.of(new EnvSpec.OptionSpec(MAX_EPISODE_STEPS, 200, "episode length")),
                o -> new TimeLimit(new Pendulum(), o.getInt(MAX_EPISODE_STEPS))));
        registerGrid("GridWorld", GridWorld.Variant.PLAIN);
        registerGrid("GridWorldShow", GridWorld.Variant.SHOW);
        registerGrid("GridWorldDense", GridWorld.Variant.DENSE);
        registerPoint("PointRobot", PointRobot.Variant.DENSE, "goals uniform in [-1, 1]^2, reward -||p - g||");
        registerPoint("SparsePointRobot", PointRobot.Variant.SPARSE, "goals on the upper unit half-circle, reward "
                + "1 - ||p - g|| within 0.2 of the goal, else 0");
        register(new EnvSpec("Navigation2D", "MAML's 2D navigation (pytorch-maml-rl): obs position (2), action clipped "
                + "to [-0.1, 0.1]^2 moves p <- p + a, reward -||p - g||, goals uniform in [-0.5, 0.5]^2, ends within "
                + "0.01 of the goal; 100-step episodes", taskListOptions(100, 1),
                o -> trial(new Navigation2D(fixedLists(Navigation2D.defaultTasks(), o)), o)));
        MujocoRegistrations.registerAll();
    }

    private static void registerPoint(String id, PointRobot.Variant variant, String rewards) {
        register(new EnvSpec(id, "PEARL's 2D point robot: obs position (2), action a in [-0.1, 0.1]^2 moves p <- p + a, "
                + rewards + "; 20-step episodes", pointOptions(variant),
                o -> trial(new PointRobot(variant,
                        fixedLists(PointRobot.tasks(o.getEnum(GOALS, PointRobot.Goals.class)), o)), o)));
    }

    private EnvRegistry() {
    }

    private static void registerGrid(String id, GridWorld.Variant variant) {
        List<EnvSpec.OptionSpec> options = new ArrayList<>(trialOptions(15, 4));
        options.add(new EnvSpec.OptionSpec(GRID_SIZE, GridWorld.SIZE,
                "side length (the papers' 5; smaller grids for quick checks)"));
        if (variant == GridWorld.Variant.SHOW) {
            options.add(new EnvSpec.OptionSpec(SHOW_RULE, "first_step", "when the goal is shown: first_step (the "
                    + "paper: each episode's first observation) or on_start_cell (the reference code)"));
        }
        register(new EnvSpec(id, "Grid-World (" + variant.name().toLowerCase() + ") of Beck et al.: 5x5, 21 goals, "
                + "obs (x, y, done flag), 5 actions, trials of k episodes",
                options,
                o -> trial(new GridWorld(variant, o.getInt(GRID_SIZE), variant == GridWorld.Variant.SHOW
                        ? o.getEnum(SHOW_RULE, GridWorld.ShowRule.class) : GridWorld.ShowRule.FIRST_STEP), o)));
    }

    private static List<EnvSpec.OptionSpec> pointOptions(PointRobot.Variant variant) {
        List<EnvSpec.OptionSpec> options = new ArrayList<>(taskListOptions(20, 1));
        options.add(new EnvSpec.OptionSpec(GOALS, PointRobot.defaultGoals(variant).name().toLowerCase(),
                "where goals lie: square ([-1, 1]^2) or half_circle (the upper unit half-circle)"));
        return options;
    }

    /**
     * {@code base} with the fixed task lists the {@link #taskListOptions} ask for ({@code numTrainTasks} and
     * {@code numTestTasks} both > 0, drawn with {@code taskListSeed}), or {@code base} itself when both are 0.
     *
     * @throws IllegalArgumentException if the two sizes are inconsistent
     */
    public static TaskDistribution fixedLists(TaskDistribution base, Options o) {
        checkTaskListOptions(o);
        int train = o.getInt(NUM_TRAIN_TASKS);
        return train > 0 ? base.withFixedLists(train, o.getInt(NUM_TEST_TASKS), o.getLong(TASK_LIST_SEED)) : base;
    }

    /** @throws IllegalArgumentException unless {@code numTrainTasks} and {@code numTestTasks} are both 0 or both > 0 */
    public static void checkTaskListOptions(Options o) {
        int train = o.getInt(NUM_TRAIN_TASKS);
        int test = o.getInt(NUM_TEST_TASKS);
        if (train < 0 || test < 0 || (train > 0) != (test > 0)) {
            throw new IllegalArgumentException("options numTrainTasks = " + train + " and numTestTasks = " + test
                    + " are inconsistent: give both > 0 for fixed task lists, or both 0 to sample tasks afresh");
        }
    }

    /** The options shared by meta-RL families: episode length, episodes per trial, split. */
    public static List<EnvSpec.OptionSpec> trialOptions(int maxEpisodeSteps, int episodesPerTrial) {
        return List.of(
                new EnvSpec.OptionSpec(MAX_EPISODE_STEPS, maxEpisodeSteps, "steps per inner episode"),
                new EnvSpec.OptionSpec(EPISODES_PER_TRIAL, episodesPerTrial,
                        "episodes per meta-episode (> 1 appends the done flag to observations)"),
                new EnvSpec.OptionSpec(SPLIT, "train", "task set to sample from: train or test"));
    }

    /** {@link #trialOptions} plus the fixed task list options of continuous families. */
    public static List<EnvSpec.OptionSpec> taskListOptions(int maxEpisodeSteps, int episodesPerTrial) {
        List<EnvSpec.OptionSpec> l = new ArrayList<>(trialOptions(maxEpisodeSteps, episodesPerTrial));
        l.add(new EnvSpec.OptionSpec(NUM_TRAIN_TASKS, 0, "fixed train task list size; 0 samples tasks afresh"));
        l.add(new EnvSpec.OptionSpec(NUM_TEST_TASKS, 0, "fixed test task list size (with numTrainTasks > 0)"));
        l.add(new EnvSpec.OptionSpec(TASK_LIST_SEED, 0, "seed for drawing the fixed task lists"));
        return l;
    }

    /** Wraps a meta-env as {@code TrialWrapper(TimeLimit(env))} according to the trial options. */
    public static Env trial(MetaEnv env, Options o) {
        Split split = o.getEnum(SPLIT, Split.class);
        return new TrialWrapper(new TimeLimit(env, o.getInt(MAX_EPISODE_STEPS)), o.getInt(EPISODES_PER_TRIAL), split);
    }

    /** Registers (or replaces) an env spec. */
    public static void register(EnvSpec spec) {
        Set<String> names = new TreeSet<>();
        for (EnvSpec.OptionSpec os : spec.options()) {
            if (!names.add(os.name())) {
                throw new IllegalArgumentException("env '" + spec.id() + "' declares option '" + os.name() + "' twice");
            }
        }
        SPECS.put(spec.id(), spec);
    }

    /** All registered ids in registration order. */
    public static List<String> ids() {
        synchronized (SPECS) {
            return List.copyOf(SPECS.keySet());
        }
    }

    /** The spec of {@code id}. */
    public static EnvSpec spec(String id) {
        EnvSpec s = SPECS.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown env id '" + id + "'; valid ids: " + String.join(", ", ids()));
        }
        return s;
    }

    /** Creates {@code id} with default options. */
    public static Env create(String id) {
        return create(id, Map.of());
    }

    /**
     * Creates {@code id} with {@code options} over the spec's defaults.
     *
     * @throws IllegalArgumentException for an unknown id, an unknown option or an invalid value
     */
    public static Env create(String id, Map<String, ?> options) {
        EnvSpec spec = spec(id);
        Map<String, Object> resolved = new HashMap<>();
        for (EnvSpec.OptionSpec os : spec.options()) {
            resolved.put(os.name(), os.defaultValue());
        }
        for (Map.Entry<String, ?> e : options.entrySet()) {
            if (!resolved.containsKey(e.getKey())) {
                List<String> valid = new ArrayList<>();
                spec.options().forEach(os -> valid.add(os.name()));
                throw new IllegalArgumentException("env '" + id + "' has no option '" + e.getKey() + "'; valid options: "
                        + (valid.isEmpty() ? "(none)" : String.join(", ", valid)));
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("env '" + id + "': option '" + e.getKey() + "' is null");
            }
            resolved.put(e.getKey(), e.getValue());
        }
        Function<Options, Env> factory = spec.factory();
        return factory.apply(new Options(id, resolved));
    }
}
