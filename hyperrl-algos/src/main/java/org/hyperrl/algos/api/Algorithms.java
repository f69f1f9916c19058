package org.hyperrl.algos.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.hyperrl.algos.ppo.PpoAlgorithm;
import org.hyperrl.algos.sac.SacAlgorithm;
import org.hyperrl.algos.td3.Td3Algorithm;

/**
 * The algorithms HyperRL can run, by id. Built-in algorithms register here with one line each; a user's algorithm
 * registers with {@link #register} or through an {@link Extension}. The command line only reads this registry.
 */
public final class Algorithms {
    private static final Map<String, Algorithm<?>> REGISTRY = new LinkedHashMap<>();
    private static boolean extensionsLoaded;

    static {
        register(Td3Algorithm.ALGORITHM);
        register(SacAlgorithm.ALGORITHM);
        register(PpoAlgorithm.ALGORITHM);
        register(org.hyperrl.algos.pearl.PearlAlgorithm.ALGORITHM);
        register(org.hyperrl.algos.maml.MamlAlgorithm.ALGORITHM);
    }

    private Algorithms() {
    }

    /** Registers (or replaces) an algorithm. */
    public static synchronized void register(Algorithm<?> algorithm) {
        REGISTRY.put(algorithm.id(), algorithm);
    }

    /** The algorithm with this id. */
    public static synchronized Algorithm<?> get(String id) {
        loadExtensions();
        Algorithm<?> a = REGISTRY.get(id);
        if (a == null) {
            throw new IllegalArgumentException("unknown algorithm '" + id + "'; valid algorithms: "
                    + String.join(", ", REGISTRY.keySet()));
        }
        return a;
    }

    /** Every registered algorithm, in registration order. */
    public static synchronized List<Algorithm<?>> all() {
        loadExtensions();
        return new ArrayList<>(REGISTRY.values());
    }

    /** Runs every {@link Extension} on the class path, once. */
    static synchronized void loadExtensions() {
        if (extensionsLoaded) {
            return;
        }
        extensionsLoaded = true;
        for (Extension e : ServiceLoader.load(Extension.class)) {
            e.register();
        }
    }
}
