package org.hyperrl.algos.api;

import java.util.ServiceLoader;

/**
 * Registers a user's own critics, inits, envs or algorithms with HyperRL's registries from outside the library.
 * Implementations are found with {@link ServiceLoader}: list the class name in
 * {@code META-INF/services/org.hyperrl.algos.api.Extension} of the jar, and the command line (and
 * {@link Algorithms}) see the additions as if they were built in. A program that uses the Java API can equally call
 * the registries' {@code register} methods itself.
 */
public interface Extension {

    /** Registers this extension's parts (called once per JVM). */
    void register();

    /** Runs every extension on the class path once; later calls do nothing. */
    static void loadAll() {
        Algorithms.loadExtensions();
    }
}
