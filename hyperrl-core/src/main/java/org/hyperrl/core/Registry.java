package org.hyperrl.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Named entries in registration order, for the registries of critics, policies and the like: built-ins and user
 * additions register the same way, and a lookup of an unknown id names the valid ones. Thread-safe.
 *
 * @param <T> the entry type
 */
public final class Registry<T> {
    private final String what;
    private final Function<T, String> id;
    private final Function<T, String> description;
    private final Map<String, T> entries = new LinkedHashMap<>();

    /**
     * @param what        what an entry is, for error messages ("critic", "policy")
     * @param id          an entry's id
     * @param description an entry's one-line description
     */
    public Registry(String what, Function<T, String> id, Function<T, String> description) {
        this.what = what;
        this.id = id;
        this.description = description;
    }

    /** Registers (or replaces) an entry. */
    public synchronized void register(T entry) {
        entries.put(id.apply(entry), entry);
    }

    /**
     * The entry registered as {@code key}.
     *
     * @throws IllegalArgumentException naming the registered ids if there is none
     */
    public synchronized T get(String key) {
        T entry = entries.get(key);
        if (entry == null) {
            throw new IllegalArgumentException("unknown " + what + " '" + key + "'; valid: "
                    + String.join(", ", entries.keySet()));
        }
        return entry;
    }

    /** Whether {@code key} is registered. */
    public synchronized boolean contains(String key) {
        return entries.containsKey(key);
    }

    /** Every entry, in registration order. */
    public synchronized List<T> all() {
        return new ArrayList<>(entries.values());
    }

    /** Ids with their descriptions, in registration order. */
    public synchronized Map<String, String> descriptions() {
        Map<String, String> out = new LinkedHashMap<>();
        entries.values().forEach(e -> out.put(id.apply(e), description.apply(e)));
        return out;
    }
}
