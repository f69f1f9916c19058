package org.hyperrl.algos.api;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hyperrl.core.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Everything the runtime and the command line know about one algorithm, declared by the algorithm's own package and
 * registered in {@link Algorithms}: its config record, the network options it accepts, presets, the progress columns
 * it writes, the config keys that tell its runs apart in tables and plots, and factories for its trainer and agent.
 * Cross-field checks belong in the config record's constructor, so that library users get them too.
 *
 * @param id          command-line id, e.g. {@code td3}
 * @param description one line for {@code hyperrl list}
 * @param configType  the config record; it needs a {@code totalSteps} component ({@code long} or {@code int}) and a
 *                    {@code String} component for every network option
 * @param networks    the network options, e.g. {@code critic}
 * @param presets     presets, the first being the default
 * @param columns     the progress columns, {@link Columns#STEP} first
 * @param groupKeys   config keys (dotted paths) besides algorithm and env that name a run's variant in tables and
 *                    plots, e.g. {@code critic}
 * @param trainer     builds the trainer
 * @param agent       builds the agent alone (for evaluation and deployment)
 */
public record Algorithm<C extends Record>(String id, String description, Class<C> configType,
                                          List<NetworkOption> networks, List<Preset<C>> presets, List<Column> columns,
                                          List<String> groupKeys, TrainerFactory<C> trainer, AgentFactory<C> agent) {

    /** Builds a trainer from a context and a resolved config. */
    @FunctionalInterface
    public interface TrainerFactory<C extends Record> {
        Trainer create(TrainingContext context, C config);
    }

    /**
     * Builds an agent whose modules are created in {@code params} (a trainer passes its own store so that the agent
     * shares its live parameters; loading an agent alone passes a fresh one).
     */
    @FunctionalInterface
    public interface AgentFactory<C extends Record> {
        Agent create(Parameters params, EnvInfo env, C config);
    }

    /** The config component holding the number of environment steps. */
    public static final String TOTAL_STEPS = "totalSteps";

    public Algorithm {
        networks = List.copyOf(networks);
        presets = List.copyOf(presets);
        columns = List.copyOf(columns);
        groupKeys = List.copyOf(groupKeys);
        if (presets.isEmpty()) {
            throw new IllegalArgumentException("algorithm '" + id + "' needs at least one preset");
        }
        requireComponent(configType, TOTAL_STEPS, long.class, int.class);
        for (NetworkOption n : networks) {
            requireComponent(configType, n.key(), String.class);
        }
        if (columns.isEmpty() || !columns.get(0).equals(Columns.STEP)) {
            throw new IllegalArgumentException("algorithm '" + id + "': the first progress column must be "
                    + Columns.STEP.name());
        }
        Set<String> names = new HashSet<>();
        for (Column c : columns) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("algorithm '" + id + "' declares column '" + c.name() + "' twice");
            }
        }
        List<String> keys = Configs.keys(configType);
        for (String k : groupKeys) {
            if (!keys.contains(k)) {
                throw new IllegalArgumentException("algorithm '" + id + "': group key '" + k + "' is not a key of "
                        + configType.getSimpleName());
            }
        }
    }

    /** The preset called {@code name}. */
    public Preset<C> preset(String name) {
        for (Preset<C> p : presets) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "' for " + id + "; valid presets: "
                + String.join(", ", presets.stream().map(Preset::name).toList()));
    }

    /** The default preset (the first). */
    public Preset<C> defaultPreset() {
        return presets.get(0);
    }

    /** The network option with this key. */
    public NetworkOption network(String key) {
        for (NetworkOption n : networks) {
            if (n.key().equals(key)) {
                return n;
            }
        }
        throw new IllegalArgumentException(id + " has no network option '" + key + "'"
                + (networks.isEmpty() ? "" : "; its network options are: "
                + String.join(", ", networks.stream().map(NetworkOption::key).toList())));
    }

    /**
     * The value of every network option: the chosen ones (checked against their registries) and the defaults.
     *
     * @throws IllegalArgumentException for an option this algorithm does not have or an unknown value
     */
    public Map<String, String> resolveNetworks(Map<String, String> chosen) {
        for (String key : chosen.keySet()) {
            network(key);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (NetworkOption n : networks) {
            out.put(n.key(), n.check(chosen.getOrDefault(n.key(), n.defaultValue())));
        }
        return out;
    }

    /** The config of a preset for an env and network choices (defaults where none is chosen). */
    public C config(String presetName, String envId, Map<String, String> chosenNetworks) {
        return preset(presetName).config(new Preset.Context(envId, resolveNetworks(chosenNetworks)));
    }

    /** The column called {@code name}, or null. */
    public Column column(String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Column names in order. */
    public List<String> columnNames() {
        List<String> out = new ArrayList<>(columns.size());
        columns.forEach(c -> out.add(c.name()));
        return out;
    }

    /** Builds the trainer for a config of this algorithm. */
    public Trainer newTrainer(TrainingContext context, Record config) {
        return trainer.create(context, configType.cast(config));
    }

    /** Builds the agent alone, in a fresh parameter store, for a config of this algorithm. */
    public Agent newAgent(Record config, EnvInfo env) {
        return agent.create(new Parameters(DataType.FLOAT, 0), env, configType.cast(config));
    }

    private static void requireComponent(Class<?> type, String name, Class<?>... types) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(name) && List.of(types).contains(c.getType())) {
                return;
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " needs a component '" + name + "' of type "
                + List.of(types).stream().map(Class::getSimpleName).toList() + " to be registered as an algorithm");
    }
}
