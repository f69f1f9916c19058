package org.hyperrl.envs.registry;

import java.util.List;
import java.util.function.Function;
import org.hyperrl.envs.Env;

/**
 * A registered environment: id, one-line description, declared options with defaults, and the factory.
 *
 * @param id          string id, e.g. {@code "CheetahVel"}
 * @param description what the id builds (spec, wrappers)
 * @param options     the options it accepts
 * @param factory     builds the env from resolved options
 */
public record EnvSpec(String id, String description, List<OptionSpec> options, Function<Options, Env> factory) {

    public EnvSpec {
        options = List.copyOf(options);
    }

    /**
     * One declared option.
     *
     * @param name         option name
     * @param defaultValue value used when the option is not given
     * @param description  meaning and unit
     */
    public record OptionSpec(String name, Object defaultValue, String description) {
    }
}
