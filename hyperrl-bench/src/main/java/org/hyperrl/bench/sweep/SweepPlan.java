package org.hyperrl.bench.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.bench.cli.RunConfigs;
import org.hyperrl.bench.runtime.Json;
import org.hyperrl.bench.runtime.RunDirectory;

/**
 * The runs of a sweep spec, each checked as {@code hyperrl train} would check it, before any run starts.
 *
 * <p>Order: algorithm, env, variant, network axes, grid axes (each in the spec's order), seed. A run is named
 * {@code ALGO_ENV[_VARIANT][_VALUE...][_KEY=VALUE...]_sSEED} from the axes that have more than one value; characters
 * other than letters, digits and {@code . _ = -} become {@code -} ({@code rnn+hn} -> {@code rnn-hn}).
 */
public final class SweepPlan {
    private SweepPlan() {
    }

    /**
     * Expands the spec into runs and checks each: the algorithm, the env, every option and value (as {@code hyperrl
     * train}); no two runs with one name or one configuration; an existing run directory in {@code out} must hold the
     * configuration the spec gives it (its total steps may grow).
     *
     * @param out the sweep directory, or null to skip the check against existing runs
     * @throws IllegalArgumentException naming the run and the offending entry
     */
    public static List<SweepRun> expand(SweepSpec spec, Path out) {
        List<SweepRun> runs = new ArrayList<>();
        Map<String, SweepRun> byName = new HashMap<>();
        Map<String, SweepRun> byConfig = new HashMap<>();
        List<SweepSpec.Variant> variants = spec.variants().isEmpty()
                ? java.util.Collections.singletonList(null) : spec.variants();
        List<Map<String, String>> networkPoints = product(spec.networks());
        List<Map<String, String>> gridPoints = product(spec.grid());
        for (String algorithm : spec.algorithms()) {
            for (String env : spec.envs()) {
                for (SweepSpec.Variant variant : variants) {
                    for (Map<String, String> networks : networkPoints) {
                        for (Map<String, String> grid : gridPoints) {
                            for (long seed : spec.seeds()) {
                                SweepRun run = run(spec, algorithm, env, variant, networks, grid, seed);
                                Map<String, Object> config = check(spec, run, variant, networks, grid);
                                SweepRun clash = byName.put(run.name(), run);
                                if (clash != null) {
                                    throw new IllegalArgumentException("two runs would be named " + run.name() + " ("
                                            + clash.axes() + " and " + run.axes() + "); rename a variant or change "
                                            + "the values so that their names differ");
                                }
                                String key = Json.mapper().valueToTree(config).toString();
                                SweepRun same = byConfig.put(key, run);
                                if (same != null) {
                                    throw new IllegalArgumentException("runs " + same.name() + " and " + run.name()
                                            + " have the same configuration (duplicate runs); remove one of the "
                                            + "values that make them");
                                }
                                if (out != null) {
                                    checkExisting(out, run, config);
                                }
                                runs.add(run);
                            }
                        }
                    }
                }
            }
        }
        return runs;
    }

    /** The run directory of a run. */
    public static Path runDir(Path out, String name) {
        return out.resolve("runs").resolve(name);
    }

    private static SweepRun run(SweepSpec spec, String algorithm, String env, SweepSpec.Variant variant,
                                Map<String, String> networks, Map<String, String> grid, long seed) {
        Map<String, String> axes = new LinkedHashMap<>();
        List<String> nameParts = new ArrayList<>(List.of(algorithm, env));
        if (variant != null) {
            axes.put(SweepRun.VARIANT_AXIS, variant.name());
            nameParts.add(variant.name());
        }
        networks.forEach((k, v) -> {
            axes.put(k, v);
            if (spec.networks().get(k).size() > 1) {
                nameParts.add(v);
            }
        });
        grid.forEach((k, v) -> {
            axes.put(k, v);
            if (spec.grid().get(k).size() > 1) {
                nameParts.add(k + "=" + v);
            }
        });
        nameParts.add("s" + seed);
        String name = String.join("_", nameParts).replaceAll("[^A-Za-z0-9._=-]", "-");

        List<String> args = new ArrayList<>(List.of("train", "--algo", algorithm, "--env", env, "--seed",
                Long.toString(seed), "--checkpoint-every", Long.toString(spec.checkpointEvery())));
        if (spec.preset() != null) {
            args.addAll(List.of("--preset", spec.preset()));
        }
        if (spec.steps() != null) {
            args.addAll(List.of("--steps", Long.toString(spec.steps())));
        }
        Map<String, String> allNetworks = allNetworks(variant, networks);
        allNetworks.forEach((k, v) -> args.addAll(List.of("--" + k, v)));
        allSets(spec, variant, grid).forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return new SweepRun(name, algorithm, env, seed, axes, args, spec.steps());
    }

    private static Map<String, String> allNetworks(SweepSpec.Variant variant, Map<String, String> networks) {
        Map<String, String> all = new LinkedHashMap<>();
        if (variant != null) {
            all.putAll(variant.networks());
        }
        all.putAll(networks);
        return all;
    }

    private static Map<String, String> allSets(SweepSpec spec, SweepSpec.Variant variant, Map<String, String> grid) {
        Map<String, String> all = new LinkedHashMap<>(spec.set());
        if (variant != null) {
            all.putAll(variant.set());
        }
        all.putAll(grid);
        return all;
    }

    private static Map<String, Object> check(SweepSpec spec, SweepRun run, SweepSpec.Variant variant,
                                             Map<String, String> networks, Map<String, String> grid) {
        try {
            return RunConfigs.resolve(run.algorithm(), run.env(), spec.preset(), allNetworks(variant, networks),
                    spec.steps(), run.seed(), spec.checkpointEvery(), allSets(spec, variant, grid));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("run " + run.name() + ": " + e.getMessage(), e);
        }
    }

    private static void checkExisting(Path out, SweepRun run, Map<String, Object> config) {
        Path dir = runDir(out, run.name());
        if (!Files.exists(dir.resolve(RunDirectory.CONFIG_FILE))) {
            return;
        }
        Map<String, Object> existing = RunDirectory.open(dir).config();
        List<String> diffs = RunConfigs.differences(config, existing);
        if (!diffs.isEmpty()) {
            throw new IllegalArgumentException("run " + run.name() + " exists in " + dir + " with another "
                    + "configuration (existing vs spec): " + String.join("; ", diffs) + ". Use a new --out for the "
                    + "changed spec, or restore the spec that made the run");
        }
        long existingSteps = RunConfigs.totalSteps(existing);
        long specSteps = RunConfigs.totalSteps(config);
        if (specSteps < existingSteps) {
            throw new IllegalArgumentException("run " + run.name() + " exists in " + dir + " with " + existingSteps
                    + " total steps, more than the spec's " + specSteps + "; a run cannot be shortened: give steps >= "
                    + existingSteps + " or use a new --out");
        }
    }

    /** Every combination of the axes' values, in order (one empty point without axes). */
    static List<Map<String, String>> product(Map<String, List<String>> axes) {
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> p : points) {
                for (String v : axis.getValue()) {
                    Map<String, String> q = new LinkedHashMap<>(p);
                    q.put(axis.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        return points;
    }
}
