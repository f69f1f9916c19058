package org.hyperrl.algos.api;

import java.util.Map;
import java.util.function.Function;

/**
 * A named starting point of an algorithm's config: the paper's values, or a small variant that finishes in minutes.
 *
 * @param name        preset id ({@code --preset})
 * @param description one line for {@code hyperrl list}
 * @param build       the config for an env and the chosen networks
 */
public record Preset<C extends Record>(String name, String description, Function<Context, C> build) {

    /**
     * What a preset may depend on.
     *
     * @param envId    the env id (presets differ per env family)
     * @param networks the value of every {@link NetworkOption} of the algorithm, by key
     */
    public record Context(String envId, Map<String, String> networks) {
        public Context {
            networks = Map.copyOf(networks);
        }

        /** The chosen value of a network option. */
        public String network(String key) {
            String v = networks.get(key);
            if (v == null) {
                throw new IllegalArgumentException("no network option '" + key + "' in this context; options: "
                        + networks.keySet());
            }
            return v;
        }
    }

    /** The config for {@code context}. */
    public C config(Context context) {
        return build.apply(context);
    }
}
