package org.hyperrl.bench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hyperrl.bench.runtime.RunDirectory;
import org.hyperrl.algos.api.Algorithm;
import org.hyperrl.algos.api.Algorithms;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.envs.registry.EnvRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hyperrl benchmark}: reruns a paper's experiment grid at a chosen scale. Sarafian et al. 2021's Table 4 (TD3)
 * and Table 6 (SAC) vary the critic; Beck et al. 2022's Table 1 ({@code beck2022-grid}) varies the hypernetwork
 * initialisation of VI+HN on Grid-World; Beck et al. 2023's grid comparison ({@code beck2023-grid}) varies the
 * method (RNN, RNN+S, RNN+HN, VI, VI+HN, TI Naive, TI, TI+HN, TI++, TI++HN and Multi+HN as the upper bound). Every
 * env x variant x seed trains
 * into {@code OUT/runs/ALGO_ENV_VARIANT_sSEED} (an existing run directory is resumed, so an interrupted benchmark continues
 * where it stopped and a finished one is only tabulated), then {@code OUT/table.md} (best evaluation return, mean and
 * sample std across seeds, cells bolded by a t-test) and {@code OUT/curves-ENV.png} are written.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Rerun a paper's experiment grid at a chosen scale: train every env x variant x seed, then write "
                + "the table and the learning curves.",
                "--table 4 / 6: Sarafian et al. TD3 / SAC, variants = --critics; --table beck2022-grid: VI+HN on "
                        + "Grid-World with each hypernetwork init; --table beck2023-grid: RNN, RNN+S, "
                        + "RNN+HN, VI, VI+HN, TI Naive, TI, TI+HN, TI++, TI++HN, Multi+HN on Grid-World; --table 8: "
                        + "Sarafian et al. MAML, Context-MAML, Hyper-MAML and Multi-Task Hyper-MAML on Cheetah-Vel, "
                        + "Cheetah-Fwd-Back, Cheetah-Vel-Medium, Ant-Vel, Ant-Fwd-Back; --table 10: "
                        + "Sarafian et al. PEARL vs Hyper-PEARL on Cheetah-Vel, Ant-Vel, Cheetah-Vel-Medium, "
                        + "Cheetah-Fwd-Back, Ant-Fwd-Back. See docs/results.md for scales and times."})
public final class BenchmarkCommand implements Callable<Integer> {

    /**
     * One cell column of an experiment: a name, the train options that make it, and the fraction of the steps budget
     * it runs (MAML's multi-task objective samples one batch per task instead of two, so it runs the same iterations
     * in half the steps).
     */
    record Variant(String name, List<String> trainArgs, double stepsFactor) {
        Variant(String name, List<String> trainArgs) {
            this(name, trainArgs, 1.0);
        }
    }

    /**
     * An experiment grid.
     *
     * @param algorithm  the algorithm every run uses
     * @param envs       default env ids
     * @param variants   the variants (columns of the table)
     * @param columnKey  the config key whose values tell the variants apart (table columns, plot curves)
     * @param seeds      default seeds per cell
     * @param interval   the spread the paper reports: {@code std} or {@code ci68} (Beck et al. 2023)
     */
    record Experiment(String algorithm, List<String> envs, List<Variant> variants, String columnKey, int seeds,
                      String interval) {
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--table", paramLabel = "NAME", description = "4 (TD3), 6 (SAC), 8 (MAML variants), 10 (PEARL vs Hyper-PEARL), "
            + "beck2022-grid or beck2023-grid; sets --algo.")
    String table;

    @Option(names = "--algo", paramLabel = "ALGO", description = "td3 or sac for a critic comparison (default: td3, or "
            + "the --table's).")
    String algorithm;

    @Option(names = "--envs", paramLabel = "ID", split = ",", description = "Env ids (default: the table's; Hopper, "
            + "Walker2d, Ant, HalfCheetah for 4 and 6, GridWorld for the Beck tables, the five PEARL families for 10).")
    List<String> envs;

    @Option(names = "--critics", paramLabel = "CRITIC", split = ",", defaultValue = "sa-hyper,mlp-standard",
            description = "Critics of a critic comparison (default: ${DEFAULT-VALUE}).")
    List<String> critics;

    @Option(names = "--variants", paramLabel = "NAME", split = ",", description = "Only these variants of a Beck table or table 10 "
            + "(default: all).")
    List<String> onlyVariants;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds per cell (default: 5 for tables 4 and 6, 3 for the "
            + "Beck tables).")
    Integer seeds;

    @Option(names = "--first-seed", paramLabel = "S", defaultValue = "0", description = "First seed (default: ${DEFAULT-VALUE}).")
    long firstSeed;

    @Option(names = "--steps", paramLabel = "N", description = "Environment steps per run (default: the preset's).")
    Long steps;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "paper", description = "paper or small (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value in every run (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10000",
            description = "Checkpoint interval of each run (default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Benchmark directory.")
    Path out;

    /**
     * Beck et al. 2022 Table 1's initialisations of VI+HN, VariBAD with the hypernetwork policy (the naive ones fail in
     * the paper); the table's "Standard" row, VariBAD without a hypernetwork, is {@code vi} of {@code beck2023-grid}.
     */
    static final List<String> BECK2022_INITS = List.of("bias_hyperinit", "weight_hyperinit", "hfi",
            "naive_kaiming_uniform", "naive_normc");
    /**
     * Beck et al. 2023's grid methods: the recurrent baselines, the recurrent hypernetwork, VariBAD with and without
     * the hypernetwork, and the upper bound.
     */
    static final List<String> BECK2023_POLICIES = List.of("rnn", "rnn+s", "rnn+hn", "vi", "vi+hn", "ti-naive",
            "ti", "ti+hn", "ti++", "ti++hn", "multi+hn");

    @Override
    public Integer call() throws Exception {
        Experiment experiment = experiment();
        int seedCount = seeds != null ? seeds : experiment.seeds();
        if (seedCount < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + seedCount);
        }
        if (steps != null && steps < 1) {
            throw new IllegalArgumentException("--steps must be positive, got " + steps);
        }
        List<String> envIds = envs != null ? envs : experiment.envs();
        for (String e : envIds) {
            EnvRegistry.spec(e);
        }
        String algo = experiment.algorithm();
        TrainCommand.parseSets(sets);
        Algorithms.get(algo).preset(preset);

        Map<String, List<Path>> runsByEnv = new LinkedHashMap<>();
        List<Path> all = new ArrayList<>();
        CommandLine cli = org.hyperrl.bench.Hyperrl.commandLineForNested(spec.commandLine().getOut(), spec.commandLine().getErr());
        int total = envIds.size() * experiment.variants().size() * seedCount;
        int done = 0;
        for (String env : envIds) {
            for (Variant variant : experiment.variants()) {
                for (long seed = firstSeed; seed < firstSeed + seedCount; seed++) {
                    Path dir = out.resolve("runs").resolve(algo + "_" + env + "_" + variant.name() + "_s" + seed);
                    done++;
                    spec.commandLine().getOut().printf("[%d/%d] %s %s %s seed %d -> %s%n", done, total, algo, env,
                            variant.name(), seed, dir);
                    spec.commandLine().getOut().flush();
                    int code = Files.exists(dir.resolve(RunDirectory.CONFIG_FILE))
                            ? cli.execute(resumeArgs(dir, variantSteps(algo, env, variant)))
                            : cli.execute(trainArgs(algo, env, variant, seed, dir));
                    if (code != 0) {
                        spec.commandLine().getErr().println("error: run " + dir + " failed (exit " + code
                                + "); fix the cause and rerun the same benchmark command to continue");
                        return code;
                    }
                    runsByEnv.computeIfAbsent(env, k -> new ArrayList<>()).add(dir);
                    all.add(dir);
                }
            }
        }
        List<String> tableArgs = new ArrayList<>(List.of("table", "--format", "markdown", "--columns",
                experiment.columnKey(), "--interval", experiment.interval(), "--out",
                out.resolve("table.md").toString()));
        all.forEach(p -> tableArgs.add(p.toString()));
        spec.commandLine().getOut().println();
        int code = cli.execute(tableArgs.toArray(String[]::new));
        if (code != 0) {
            return code;
        }
        for (Map.Entry<String, List<Path>> e : runsByEnv.entrySet()) {
            List<String> plotArgs = new ArrayList<>(List.of("plot", "--group-by", experiment.columnKey(), "--out",
                    out.resolve("curves-" + e.getKey() + ".png").toString()));
            e.getValue().forEach(p -> plotArgs.add(p.toString()));
            code = cli.execute(plotArgs.toArray(String[]::new));
            if (code != 0) {
                return code;
            }
        }
        spec.commandLine().getOut().printf("%nTable: %s%nCurves: %s%n", out.resolve("table.md"),
                out.resolve("curves-<env>.png"));
        return 0;
    }

    /**
     * Sarafian et al. 2021 Table 10: PEARL against Hyper-PEARL (hyper policy, Q and V) on the MuJoCo meta-RL families,
     * one episode per task draw.
     */
    static final List<Variant> TABLE10_VARIANTS = List.of(
            new Variant("pearl", List.of("--policy", "mlp", "--critic", "mlp", "--set", "envOptions.episodesPerTrial=1")),
            new Variant("hyper-pearl", List.of("--policy", "hyper", "--critic", "sa-hyper", "--set",
                    "envOptions.episodesPerTrial=1")));

    /**
     * Sarafian et al. 2021 Table 8: MAML-TRPO with the MLP policy (Vanilla), the MLP on (state, oracle task)
     * (Context), the hypernetwork on the oracle task (Hyper), and the hypernetwork without the adaptation step
     * (multi-task objective), one episode per task draw.
     */
    static final List<Variant> TABLE8_VARIANTS = List.of(
            new Variant("maml", List.of("--policy", "mlp", "--set", "envOptions.episodesPerTrial=1")),
            new Variant("context-maml", List.of("--policy", "context", "--set", "envOptions.episodesPerTrial=1")),
            new Variant("hyper-maml", List.of("--policy", "hyper", "--set", "envOptions.episodesPerTrial=1")),
            new Variant("multitask-hyper-maml", List.of("--policy", "hyper", "--set", "adaptation=none", "--set",
                    "envOptions.episodesPerTrial=1"), 0.5));

    /** The experiment named by --table / --algo, with the --critics / --variants choices applied. */
    Experiment experiment() {
        if ("8".equals(table)) {
            if (algorithm != null && !algorithm.equals("maml")) {
                throw new IllegalArgumentException("--table 8 is maml but --algo is " + algorithm + "; give one of them");
            }
            return new Experiment("maml", List.of("CheetahVel", "CheetahFwdBack", "CheetahVelMedium", "AntVel",
                    "AntFwdBack"), only(TABLE8_VARIANTS), "policy+adaptation", 3, "std");
        }
        if ("10".equals(table)) {
            if (algorithm != null && !algorithm.equals("pearl")) {
                throw new IllegalArgumentException("--table 10 is pearl but --algo is " + algorithm + "; give one of them");
            }
            return new Experiment("pearl", List.of("CheetahVel", "AntVel", "CheetahVelMedium", "CheetahFwdBack",
                    "AntFwdBack"), only(TABLE10_VARIANTS), "policy+critic", 3, "std");
        }
        if (table != null && table.startsWith("beck")) {
            if (algorithm != null && !algorithm.equals("ppo")) {
                throw new IllegalArgumentException("--table " + table + " is ppo but --algo is " + algorithm
                        + "; give one of them");
            }
            List<Variant> variants = new ArrayList<>();
            switch (table) {
                case "beck2022-grid" -> BECK2022_INITS.forEach(init -> variants.add(new Variant(init,
                        List.of("--policy", "vi+hn", "--set", "policyConfig.init=" + init))));
                case "beck2023-grid" -> BECK2023_POLICIES.forEach(p -> variants.add(new Variant(p.replace("+", "-"),
                        List.of("--policy", p))));
                default -> throw new IllegalArgumentException("--table must be 4, 6, 8, 10, beck2022-grid or "
                        + "beck2023-grid, got " + table);
            }
            List<Variant> chosen = only(variants);
            boolean beck2022 = table.equals("beck2022-grid");
            return new Experiment("ppo", List.of("GridWorld"), chosen, beck2022 ? "policyConfig.init" : "policy", 3,
                    beck2022 ? "std" : "ci68");
        }
        String fromTable = null;
        if (table != null) {
            fromTable = switch (table) {
                case "4" -> "td3";
                case "6" -> "sac";
                default -> throw new IllegalArgumentException("--table must be 4 (TD3), 6 (SAC), 8 (MAML), "
                        + "10 (PEARL), beck2022-grid or beck2023-grid, got " + table);
            };
        }
        if (fromTable != null && algorithm != null && !fromTable.equals(algorithm)) {
            throw new IllegalArgumentException("--table " + table + " is " + fromTable + " but --algo is " + algorithm
                    + "; give one of them");
        }
        String a = fromTable != null ? fromTable : algorithm != null ? algorithm : "td3";
        Algorithm<?> algo = Algorithms.get(a);
        List<Variant> variants = critics.stream().map(c -> algo.network("critic").check(c.trim()))
                .map(c -> new Variant(c, List.of("--critic", c))).toList();
        return new Experiment(a, List.of("Hopper", "Walker2d", "Ant", "HalfCheetah"), variants, "critic", 5, "std");
    }

    /** The variants chosen with --variants (all without it). */
    private List<Variant> only(List<Variant> variants) {
        if (onlyVariants == null) {
            return variants;
        }
        List<String> names = variants.stream().map(Variant::name).toList();
        for (String v : onlyVariants) {
            if (!names.contains(v)) {
                throw new IllegalArgumentException("--variants: unknown variant '" + v + "' of table " + table
                        + "; valid: " + String.join(", ", names));
            }
        }
        return variants.stream().filter(v -> onlyVariants.contains(v.name())).toList();
    }

    private String[] trainArgs(String algo, String env, Variant variant, long seed, Path dir) {
        List<String> a = new ArrayList<>(List.of("train", "--algo", algo, "--env", env, "--seed", Long.toString(seed),
                "--preset", preset, "--checkpoint-every", Long.toString(checkpointEvery), "--out", dir.toString()));
        a.addAll(variant.trainArgs());
        Long budget = variantSteps(algo, env, variant);
        if (budget != null) {
            a.add("--steps");
            a.add(Long.toString(budget));
        }
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        return a.toArray(String[]::new);
    }

    /**
     * The --steps of a variant's runs: --steps (or, for a variant that runs a fraction of the budget, the preset's
     * total) times the variant's fraction; null to leave the preset's total.
     */
    private Long variantSteps(String algo, String env, Variant variant) {
        if (variant.stepsFactor() == 1.0) {
            return steps;
        }
        long base = steps != null ? steps : ((Number) Configs.encode(Algorithms.get(algo).config(preset, env,
                Map.of())).get(Algorithm.TOTAL_STEPS)).longValue();
        return Math.max(1, Math.round(base * variant.stepsFactor()));
    }

    /** Resume the run; with --steps only when it asks for more than the run's configured total. */
    private String[] resumeArgs(Path dir, Long steps) {
        List<String> a = new ArrayList<>(List.of("resume", dir.toString()));
        Object configured = RunDirectory.open(dir).config().get("totalSteps");
        boolean sameTotal = configured instanceof Number n && steps != null && n.longValue() == steps;
        if (steps != null && !sameTotal) {
            a.add("--steps");
            a.add(Long.toString(steps));
        }
        return a.toArray(String[]::new);
    }
}
