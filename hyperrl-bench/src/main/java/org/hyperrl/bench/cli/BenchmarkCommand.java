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
import org.hyperrl.envs.registry.EnvRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hyperrl benchmark}: reproduces Table 4 (TD3) or Table 6 (SAC) of Sarafian et al. 2021 at a chosen scale.
 * Trains every env x critic x seed into {@code OUT/runs/ALGO_ENV_CRITIC_sSEED} (an existing run directory is resumed,
 * so an interrupted benchmark continues where it stopped and a finished one is only tabulated), then writes
 * {@code OUT/table.md} (best evaluation return, mean and sample std across seeds) and {@code OUT/curves-ENV.png}.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Reproduce Sarafian et al.'s Table 4 (TD3) or Table 6 (SAC) at a chosen scale: train every "
                + "env x critic x seed, then write the table and the learning curves.",
                "Full scale is --preset paper with 1M steps and 5 seeds on Hopper, Walker2d, Ant and HalfCheetah "
                        + "(see docs/performance.md for how long that takes)."})
public final class BenchmarkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--table", paramLabel = "N", description = "4 (TD3) or 6 (SAC); sets --algo.")
    Integer table;

    @Option(names = "--algo", paramLabel = "ALGO", description = "td3 or sac (default: td3, or the --table's).")
    String algorithm;

    @Option(names = "--envs", paramLabel = "ID", split = ",",
            defaultValue = "Hopper,Walker2d,Ant,HalfCheetah", description = "Env ids (default: ${DEFAULT-VALUE}).")
    List<String> envs;

    @Option(names = "--critics", paramLabel = "CRITIC", split = ",", defaultValue = "sa-hyper,mlp-standard",
            description = "Critic types (default: ${DEFAULT-VALUE}).")
    List<String> critics;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "5", description = "Seeds per cell (default: ${DEFAULT-VALUE}).")
    int seeds;

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

    @Override
    public Integer call() throws Exception {
        String algo = resolveAlgorithm();
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        }
        if (steps != null && steps < 1) {
            throw new IllegalArgumentException("--steps must be positive, got " + steps);
        }
        for (String e : envs) {
            EnvRegistry.spec(e);
        }
        Algorithm<?> algorithm = Algorithms.get(algo);
        List<String> criticIds = critics.stream().map(c -> algorithm.network("critic").check(c.trim())).toList();
        TrainCommand.parseSets(sets);
        algorithm.preset(preset);

        Map<String, List<Path>> runsByEnv = new LinkedHashMap<>();
        List<Path> all = new ArrayList<>();
        CommandLine cli = org.hyperrl.bench.Hyperrl.commandLineForNested(spec.commandLine().getOut(), spec.commandLine().getErr());
        int total = envs.size() * criticIds.size() * seeds;
        int done = 0;
        for (String env : envs) {
            for (String critic : criticIds) {
                for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                    Path dir = out.resolve("runs").resolve(algo + "_" + env + "_" + critic + "_s" + seed);
                    done++;
                    spec.commandLine().getOut().printf("[%d/%d] %s %s %s seed %d -> %s%n", done, total, algo, env,
                            critic, seed, dir);
                    spec.commandLine().getOut().flush();
                    int code = Files.exists(dir.resolve(RunDirectory.CONFIG_FILE))
                            ? cli.execute(resumeArgs(dir))
                            : cli.execute(trainArgs(algo, env, critic, seed, dir));
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
        List<String> tableArgs = new ArrayList<>(List.of("table", "--format", "markdown", "--out",
                out.resolve("table.md").toString()));
        all.forEach(p -> tableArgs.add(p.toString()));
        spec.commandLine().getOut().println();
        int code = cli.execute(tableArgs.toArray(String[]::new));
        if (code != 0) {
            return code;
        }
        for (Map.Entry<String, List<Path>> e : runsByEnv.entrySet()) {
            List<String> plotArgs = new ArrayList<>(List.of("plot", "--group-by", "critic", "--out",
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

    private String resolveAlgorithm() {
        String fromTable = null;
        if (table != null) {
            fromTable = switch (table) {
                case 4 -> "td3";
                case 6 -> "sac";
                default -> throw new IllegalArgumentException("--table must be 4 (TD3) or 6 (SAC), got " + table);
            };
        }
        if (fromTable != null && algorithm != null && !fromTable.equals(algorithm)) {
            throw new IllegalArgumentException("--table " + table + " is " + fromTable + " but --algo is " + algorithm
                    + "; give one of them");
        }
        String a = fromTable != null ? fromTable : algorithm != null ? algorithm : "td3";
        Algorithms.get(a);
        return a;
    }

    private String[] trainArgs(String algo, String env, String critic, long seed, Path dir) {
        List<String> a = new ArrayList<>(List.of("train", "--algo", algo, "--env", env, "--critic", critic,
                "--seed", Long.toString(seed), "--preset", preset, "--checkpoint-every", Long.toString(checkpointEvery),
                "--out", dir.toString()));
        if (steps != null) {
            a.add("--steps");
            a.add(Long.toString(steps));
        }
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        return a.toArray(String[]::new);
    }

    /** Resume the run; with --steps only when it asks for more than the run's configured total. */
    private String[] resumeArgs(Path dir) {
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
