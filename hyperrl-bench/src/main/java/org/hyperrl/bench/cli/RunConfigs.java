package org.hyperrl.bench.cli;

import java.util.List;
import java.util.Map;
import org.hyperrl.algos.api.Algorithms;

/**
 * Public access to run-config resolution for code outside the command line (the sweep planner): the same checks and
 * the same {@code config.json} as {@code hyperrl train}, without creating envs or writing anything.
 */
public final class RunConfigs {
    private RunConfigs() {
    }

    /**
     * The {@code config.json} object that {@code hyperrl train} would write for these options.
     *
     * @param preset   preset name, or null for the algorithm's default
     * @param networks network options by key ({@code policy}, {@code critic})
     * @param steps    {@code --steps}, or null for the preset's
     * @param sets     {@code --set} values by key, in order
     * @throws IllegalArgumentException naming the offending option, as {@code hyperrl train} does
     */
    public static Map<String, Object> resolve(String algorithm, String env, String preset, Map<String, String> networks,
                                              Long steps, long seed, long checkpointEvery, Map<String, String> sets) {
        var algo = Algorithms.get(algorithm);
        return RunConfig.resolve(algo, env, preset == null ? algo.defaultPreset().name() : preset, networks, steps,
                seed, checkpointEvery, sets).toJson();
    }

    /**
     * The keys whose values differ between a resolved config and an existing {@code config.json} (total steps and the
     * checkpoint interval excepted: they may change on resume), as "key = existing vs resolved" lines.
     */
    public static List<String> differences(Map<String, Object> resolved, Map<String, Object> existing) {
        return RunConfig.fromJson(resolved).differencesFrom(existing);
    }

    /** The total steps of a {@code config.json} object. */
    public static long totalSteps(Map<String, Object> config) {
        return RunConfig.fromJson(config).totalSteps();
    }
}
