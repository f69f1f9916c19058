package org.hyperrl.bench.cli;

import org.hyperrl.algos.api.Algorithms;
import org.hyperrl.algos.api.Configs;

import org.hyperrl.algos.api.Columns;
import org.hyperrl.bench.runtime.ProgressData;
import org.hyperrl.bench.runtime.RunDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A finished or running run as the plot and table commands see it: its directory, configuration and progress.
 *
 * @param dir      the run directory
 * @param config   its {@code config.json}
 * @param progress its {@code progress.csv}
 */
public record RunResult(Path dir, Map<String, Object> config, ProgressData progress) {

    /**
     * Configuration keys that identify what a run is, apart from its seed: algorithm, env, and the group keys its
     * algorithm declares (e.g. {@code critic}); only algorithm and env for a run of an algorithm not registered here.
     */
    public List<String> identityKeys() {
        List<String> keys = new ArrayList<>(List.of("algorithm", "env"));
        keys.addAll(groupKeys());
        return keys;
    }

    private List<String> groupKeys() {
        Object algorithm = config.get("algorithm");
        if (algorithm == null) {
            return List.of();
        }
        try {
            return Algorithms.get(algorithm.toString()).groupKeys();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /**
     * Loads each directory; fails on the first that is missing, is not a run, has no progress rows, or is given
     * twice.
     *
     * @throws IllegalArgumentException naming the offending directory
     */
    public static List<RunResult> load(List<Path> dirs) {
        if (dirs == null || dirs.isEmpty()) {
            throw new IllegalArgumentException("no run directory given");
        }
        List<RunResult> runs = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path dir : dirs) {
            if (Files.isDirectory(dir) && !seen.add(dir.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("run directory " + dir + " is given twice");
            }
            RunDirectory run = RunDirectory.open(dir);
            ProgressData progress = ProgressData.read(run.progressFile());
            if (progress.rowCount() == 0) {
                throw new IllegalArgumentException("run directory " + dir + ": " + RunDirectory.PROGRESS_FILE
                        + " has no rows yet");
            }
            runs.add(new RunResult(dir, run.config(), progress));
        }
        return runs;
    }

    /**
     * The string value of a configuration key (a dotted path for nested values, e.g. {@code policyConfig.init}); keys
     * joined by {@code +} give their values joined by a space ({@code policy+critic} -> {@code hyper sa-hyper}).
     *
     * @throws IllegalArgumentException if the key is absent
     */
    public String configValue(String key) {
        if (key.contains("+")) {
            return String.join(" ", java.util.Arrays.stream(key.split("\\+")).map(this::configValue).toList());
        }
        Object value = Configs.get(config, key);
        if (value == null) {
            throw new IllegalArgumentException(dir.resolve(RunDirectory.CONFIG_FILE) + " has no '" + key + "' key");
        }
        return value.toString();
    }

    /**
     * The {@code label} key if present, else algorithm, the values of its group keys (e.g. the critic) and env (those
     * present) joined by spaces.
     */
    public String label() {
        Object label = config.get("label");
        if (label != null) {
            return label.toString();
        }
        List<String> parts = new ArrayList<>();
        List<String> keys = new ArrayList<>(List.of("algorithm"));
        keys.addAll(groupKeys());
        keys.add("env");
        for (String key : keys) {
            Object v = Configs.get(config, key);
            if (v != null) {
                parts.add(v.toString());
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(dir.resolve(RunDirectory.CONFIG_FILE)
                    + " has none of the keys label, algorithm, env to name the run by");
        }
        return String.join(" ", parts);
    }

    /**
     * The non-empty values of {@code metric}.
     *
     * @throws IllegalArgumentException if the metric is not a column or has no value yet
     */
    public ProgressData.Series series(String metric) {
        return series(metric, Columns.STEP.name());
    }

    /**
     * The non-empty values of {@code metric} against the column {@code x}.
     *
     * @throws IllegalArgumentException if either is not a column or the metric has no value yet
     */
    public ProgressData.Series series(String metric, String x) {
        ProgressData.Series series = progress.series(metric, x);
        if (series.size() == 0) {
            throw new IllegalArgumentException("run directory " + dir + " has no " + metric + " values in "
                    + RunDirectory.PROGRESS_FILE + " yet");
        }
        return series;
    }
}
