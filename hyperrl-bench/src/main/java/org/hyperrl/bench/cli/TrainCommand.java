package org.hyperrl.bench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hyperrl.algos.api.Algorithm;
import org.hyperrl.algos.api.Algorithms;
import org.hyperrl.algos.api.Trainer;
import org.hyperrl.bench.runtime.ProgressLog;
import org.hyperrl.bench.runtime.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hyperrl train}: resolves a config (preset + overrides), writes a new run directory and trains, with
 * checkpoints at episode boundaries. Bad input stops it with exit code 2 before anything is written.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an agent in a new run directory (config.json, run.json, progress.csv, checkpoints/).",
                "Every field of the algorithm's config can be overridden with --set KEY=VALUE, nested ones with "
                        + "dots (criticConfig.dynamicHidden=64), env options with envOptions.NAME=VALUE; "
                        + "'hyperrl list' shows the keys."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--algo", paramLabel = "ALGO", required = true, description = "Algorithm (see 'hyperrl list').")
    String algorithm;

    @Option(names = "--critic", paramLabel = "CRITIC",
            description = "Critic, for algorithms with a critic option, e.g. sa-hyper or mlp-standard (default: the "
                    + "algorithm's).")
    String critic;

    @Option(names = "--policy", paramLabel = "POLICY",
            description = "Policy, for algorithms with a policy option (default: the algorithm's).")
    String policy;

    @Option(names = "--env", paramLabel = "ENV", required = true, description = "Env id, e.g. Pendulum.")
    String env;

    @Option(names = "--steps", paramLabel = "N", description = "Environment steps (default: the preset's).")
    Long steps;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Root seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--preset", paramLabel = "NAME", description = "paper or small (default: the algorithm's first, "
            + "paper).")
    String preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one config value (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10000",
            description = "Checkpoint at the first episode boundary at least N steps after the previous checkpoint, "
                    + "and at the end (default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "New run directory (must not exist or be empty).")
    Path out;

    @Override
    public Integer call() {
        Algorithm<?> algo = Algorithms.get(algorithm);
        if (steps != null && steps < 1) {
            throw new IllegalArgumentException("--steps must be positive, got " + steps);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("--checkpoint-every must be positive, got " + checkpointEvery);
        }
        RunConfig config = RunConfig.resolve(algo, env, preset == null ? algo.defaultPreset().name() : preset,
                networks(critic, policy), steps, seed, checkpointEvery, parseSets(sets));
        // Building the trainer creates both envs and every network: any remaining problem surfaces before the run
        // directory is written.
        Trainer trainer = config.newTrainer();
        RunDirectory run = RunDirectory.create(out, config.toJson(), seed);
        try (ProgressLog log = run.createProgressLog(algo.columnNames())) {
            return new TrainingSession(run, config, trainer, log, 0, 0).run(spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }

    /** The network options given on the command line, by key. */
    static Map<String, String> networks(String critic, String policy) {
        Map<String, String> m = new LinkedHashMap<>();
        if (critic != null) {
            m.put("critic", critic.trim());
        }
        if (policy != null) {
            m.put("policy", policy.trim());
        }
        return m;
    }

    /** {@code KEY=VALUE} strings as an ordered map; a key given twice is a contradiction. */
    static Map<String, String> parseSets(List<String> sets) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set " + s + ": expected KEY=VALUE, e.g. --set batchSize=256");
            }
            String key = s.substring(0, eq).trim();
            String value = s.substring(eq + 1).trim();
            if (value.isEmpty()) {
                throw new IllegalArgumentException("--set " + s + ": the value is empty");
            }
            String previous = map.put(key, value);
            if (previous != null) {
                throw new IllegalArgumentException("--set " + key + " is given twice (" + previous + " and " + value
                        + "); give each key once");
            }
        }
        return map;
    }
}
