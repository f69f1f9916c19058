package org.hyperrl.bench.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hyperrl.algos.api.Algorithm;
import org.hyperrl.algos.api.Algorithms;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.EnvFactory;
import org.hyperrl.algos.api.Trainer;
import org.hyperrl.algos.api.TrainingContext;
import org.hyperrl.bench.runtime.Json;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.registry.EnvRegistry;
import org.hyperrl.envs.registry.EnvSpec;

/**
 * The fully resolved configuration of one run, as written to {@code config.json}: the run's own keys ({@code
 * algorithm}, {@code env}, {@code envOptions}, {@code seed}, {@code preset}, {@code checkpointEvery}) followed by every
 * component of the algorithm's config record (its network options such as {@code critic}, then {@code totalSteps},
 * ...).
 *
 * @param algorithm       the algorithm
 * @param env             env id
 * @param envOptions      every declared option of the env with the value used
 * @param seed            root seed
 * @param preset          the preset the values started from (informational)
 * @param checkpointEvery minimum number of steps between checkpoints
 * @param config          the algorithm's config record
 */
record RunConfig(Algorithm<?> algorithm, String env, Map<String, Object> envOptions, long seed,
                 String preset, long checkpointEvery, Record config) {

    static final String ALGORITHM = "algorithm";
    static final String ENV = "env";
    static final String ENV_OPTIONS = "envOptions";
    static final String SEED = "seed";
    static final String PRESET = "preset";
    static final String CHECKPOINT_EVERY = "checkpointEvery";
    static final String TOTAL_STEPS = Algorithm.TOTAL_STEPS;
    /** Keys of the run itself, each set by its own option rather than {@code --set}. */
    static final List<String> RUN_KEYS = List.of(ALGORITHM, ENV, ENV_OPTIONS, SEED, PRESET, CHECKPOINT_EVERY);
    /** Keys that may change on resume without changing the training trajectory. */
    static final List<String> RESUMABLE_KEYS = List.of(TOTAL_STEPS, CHECKPOINT_EVERY);

    RunConfig {
        envOptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(envOptions));
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be >= 1, got " + checkpointEvery);
        }
    }

    /**
     * Resolves a new run's config: the preset's values for the env and the chosen networks, then the step count, then
     * the {@code --set} overrides, checked by the config record.
     *
     * @param networks  network options by key from their own command-line options ({@code --critic}, ...); a key may
     *                  also be given as {@code --set KEY=VALUE}, but not both
     * @param steps     {@code --steps}, or null
     * @param overrides {@code --set} values by key, in the order given
     */
    static RunConfig resolve(Algorithm<?> algorithm, String env, String presetName, Map<String, String> networks,
                             Long steps, long seed, long checkpointEvery, Map<String, String> overrides) {
        Map<String, String> sets = new LinkedHashMap<>(overrides);
        for (String key : sets.keySet()) {
            if (RUN_KEYS.contains(key)) {
                throw new IllegalArgumentException("--set " + key + ": '" + key + "' has its own option ("
                        + optionOf(key) + "), use that");
            }
        }
        Map<String, String> chosen = new LinkedHashMap<>(networks);
        for (String key : networks.keySet()) {
            algorithm.network(key);
        }
        for (var option : algorithm.networks()) {
            String fromSet = sets.remove(option.key());
            if (fromSet != null && chosen.containsKey(option.key())) {
                throw new IllegalArgumentException("--" + option.key() + " " + chosen.get(option.key()) + " and --set "
                        + option.key() + "=" + fromSet + " contradict each other; give the " + option.key() + " once");
            }
            if (fromSet != null) {
                chosen.put(option.key(), fromSet);
            }
        }
        if (steps != null && sets.containsKey(TOTAL_STEPS)) {
            throw new IllegalArgumentException("--steps " + steps + " and --set totalSteps=" + sets.get(TOTAL_STEPS)
                    + " contradict each other; give the number of steps once");
        }
        EnvSpec spec = EnvRegistry.spec(env);
        Map<String, Object> options = new LinkedHashMap<>();
        for (EnvSpec.OptionSpec o : spec.options()) {
            options.put(o.name(), o.defaultValue());
        }
        String preset = algorithm.preset(presetName).name();
        Map<String, Object> values = Configs.encode(algorithm.config(preset, env, chosen));
        if (steps != null) {
            Configs.set(algorithm.configType(), values, TOTAL_STEPS, Long.toString(steps));
        }
        for (Map.Entry<String, String> e : sets.entrySet()) {
            String key = e.getKey();
            try {
                if (key.startsWith(ENV_OPTIONS + ".")) {
                    setEnvOption(spec, options, key.substring(ENV_OPTIONS.length() + 1), e.getValue());
                } else {
                    Configs.set(algorithm.configType(), values, key, e.getValue());
                }
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("--set " + key + "=" + e.getValue() + ": " + ex.getMessage(), ex);
            }
        }
        Record config = decode(algorithm, values);
        return new RunConfig(algorithm, env, options, seed, preset, checkpointEvery, config);
    }

    /** Reads a {@code config.json} written by {@link #toJson}. */
    static RunConfig fromJson(Map<String, Object> json) {
        Object algorithmId = json.get(ALGORITHM);
        if (algorithmId == null) {
            throw new IllegalArgumentException("config.json has no '" + ALGORITHM + "'; it was not written by "
                    + "'hyperrl train'");
        }
        Algorithm<?> algorithm = Algorithms.get(algorithmId.toString());
        for (String key : RUN_KEYS) {
            if (!json.containsKey(key)) {
                throw new IllegalArgumentException("config.json has no '" + key + "'; it was not written by "
                        + "'hyperrl train'");
            }
        }
        if (!(json.get(ENV_OPTIONS) instanceof Map<?, ?> rawOptions)) {
            throw new IllegalArgumentException("config.json: '" + ENV_OPTIONS + "' must be an object");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        rawOptions.forEach((k, v) -> options.put(k.toString(), v));
        Map<String, Object> values = new LinkedHashMap<>(json);
        RUN_KEYS.forEach(values::remove);
        try {
            return new RunConfig(algorithm, json.get(ENV).toString(), options, toLong(json.get(SEED), SEED),
                    json.get(PRESET).toString(), toLong(json.get(CHECKPOINT_EVERY), CHECKPOINT_EVERY),
                    decode(algorithm, values));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config.json: " + e.getMessage(), e);
        }
    }

    /** This config with another number of total steps. */
    RunConfig withTotalSteps(long steps) {
        Map<String, Object> values = Configs.encode(config);
        Configs.set(algorithm.configType(), values, TOTAL_STEPS, Long.toString(steps));
        return new RunConfig(algorithm, env, envOptions, seed, preset, checkpointEvery, decode(algorithm, values));
    }

    /** The content of {@code config.json}. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(ALGORITHM, algorithm.id());
        json.put(ENV, env);
        json.put(ENV_OPTIONS, new LinkedHashMap<>(envOptions));
        json.put(SEED, seed);
        json.put(PRESET, preset);
        json.put(CHECKPOINT_EVERY, checkpointEvery);
        json.putAll(Configs.encode(config));
        return json;
    }

    /** {@link #toJson} as one line of JSON (stored in checkpoints). */
    String toCompactJson() {
        try {
            return Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the run config: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * SHA-256 of the config without the keys that may change on resume ({@link #RESUMABLE_KEYS}): two runs with the
     * same fingerprint follow the same trajectory.
     */
    String fingerprint() {
        Map<String, Object> json = toJson();
        RESUMABLE_KEYS.forEach(json::remove);
        // components at their default are left out, so that runs written before such a component existed (and
        // decoded with its default) keep their fingerprint
        Configs.defaulted(config).forEach(json::remove);
        try {
            byte[] bytes = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the run config: " + e.getOriginalMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * The keys (dotted paths) whose values differ between this config and {@code other} (a config.json object),
     * ignoring {@link #RESUMABLE_KEYS}, as "key: other's value vs this value" lines.
     */
    List<String> differencesFrom(Map<String, Object> other) {
        Map<String, String> mine = flatten(toJson());
        Map<String, String> theirs = flatten(other);
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, String> e : mine.entrySet()) {
            if (!RESUMABLE_KEYS.contains(e.getKey()) && !Objects.equals(e.getValue(), theirs.get(e.getKey()))) {
                diffs.add(e.getKey() + " = " + theirs.getOrDefault(e.getKey(), "(absent)") + " vs " + e.getValue());
            }
        }
        List<String> defaulted = Configs.defaulted(config);
        diffs.removeIf(d -> defaulted.stream().anyMatch(k -> d.startsWith(k + ".") || d.startsWith(k + " "))
                && d.contains(" = (absent) vs "));
        for (String key : theirs.keySet()) {
            if (!mine.containsKey(key) && !RESUMABLE_KEYS.contains(key)) {
                diffs.add(key + " = " + theirs.get(key) + " vs (absent)");
            }
        }
        return diffs;
    }

    /** The config's total number of environment steps. */
    long totalSteps() {
        return ((Number) Configs.encode(config).get(TOTAL_STEPS)).longValue();
    }

    /** The values of the algorithm's group keys, e.g. the critic's id. */
    List<String> variant() {
        Map<String, Object> values = Configs.encode(config);
        return algorithm.groupKeys().stream().map(k -> String.valueOf(Configs.get(values, k))).toList();
    }

    /** "td3 sa-hyper Pendulum": algorithm, variant, env. */
    String label() {
        List<String> parts = new ArrayList<>();
        parts.add(algorithm.id());
        parts.addAll(variant());
        parts.add(env);
        return String.join(" ", parts);
    }

    /** Creates a fresh environment of this run's id and options. */
    Env newEnv() {
        return EnvRegistry.create(env, envOptions);
    }

    /** Where this run's environments come from: its env id and options, training or test tasks. */
    EnvFactory envFactory() {
        return EnvFactory.of(env, envOptions);
    }

    /** Builds the trainer (training env on the train tasks, evaluation env on the test tasks). */
    Trainer newTrainer() {
        return algorithm.newTrainer(new TrainingContext(envFactory(), seed), config);
    }

    private static Record decode(Algorithm<?> algorithm, Map<String, Object> values) {
        return Configs.decode(algorithm.configType(), values);
    }

    private static void setEnvOption(EnvSpec spec, Map<String, Object> options, String name, String text) {
        if (!options.containsKey(name)) {
            throw new IllegalArgumentException("env '" + spec.id() + "' has no option '" + name + "'; valid options: "
                    + (options.isEmpty() ? "(none)" : String.join(", ", options.keySet())));
        }
        Object def = options.get(name);
        Object value;
        try {
            if (def instanceof Integer || def instanceof Long) {
                value = Long.parseLong(text.trim().replace("_", ""));
            } else if (def instanceof Number) {
                value = Double.parseDouble(text.trim());
            } else if (def instanceof Boolean) {
                String s = text.trim();
                if (!s.equals("true") && !s.equals("false")) {
                    throw new NumberFormatException();
                }
                value = Boolean.parseBoolean(s);
            } else {
                value = text;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("env option '" + name + "' = '" + text + "' is malformed; expected "
                    + (def instanceof Boolean ? "true or false" : def instanceof Number ? "a number" : "a value")
                    + " like the default " + def, e);
        }
        options.put(name, value);
    }

    private static long toLong(Object value, String key) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw new IllegalArgumentException("'" + key + "' must be an integer, got " + value);
    }

    private static String optionOf(String key) {
        return switch (key) {
            case ALGORITHM -> "--algo";
            case ENV -> "--env";
            case SEED -> "--seed";
            case PRESET -> "--preset";
            case CHECKPOINT_EVERY -> "--checkpoint-every";
            default -> "--set " + ENV_OPTIONS + ".NAME=VALUE for each option";
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> flatten(Map<String, Object> json) {
        Map<String, String> flat = new LinkedHashMap<>();
        json.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                flatten((Map<String, Object>) m).forEach((k2, v2) -> flat.put(k + "." + k2, v2));
            } else {
                flat.put(k, String.valueOf(v));
            }
        });
        return flat;
    }
}
