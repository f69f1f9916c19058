package org.hyperrl.algos.api;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A network choice an algorithm accepts, such as its critic or its policy: the config component it sets, the default
 * and where the valid values come from (a registry, so that registered user networks are valid too). The command line
 * offers it as {@code --KEY VALUE}.
 *
 * @param key          the config record component (a {@code String}) and the command-line option name
 * @param description  one line for {@code hyperrl list}
 * @param defaultValue the value when none is chosen
 * @param choices      the valid values with one line each, read when needed
 */
public record NetworkOption(String key, String description, String defaultValue,
                            Supplier<Map<String, String>> choices) {

    /**
     * Checks a value.
     *
     * @return the value
     * @throws IllegalArgumentException naming the valid values if it is not one
     */
    public String check(String value) {
        Map<String, String> valid = choices.get();
        if (!valid.containsKey(value)) {
            throw new IllegalArgumentException("unknown " + key + " '" + value + "'; valid: "
                    + String.join(", ", valid.keySet()));
        }
        return value;
    }
}
