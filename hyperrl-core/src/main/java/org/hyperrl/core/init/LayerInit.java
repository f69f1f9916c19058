package org.hyperrl.core.init;

import java.util.random.RandomGenerator;

/**
 * An initialisation scheme for an ordinary dense layer (the paper's base initialisation {@code f}).
 *
 * <p>Implementations see the layer's shape and the activation gain {@code g} (tanh 5/3, ReLU sqrt(2),
 * linear 1) and draw from the given generator only, so a fixed seed gives fixed values.
 */
@FunctionalInterface
public interface LayerInit {

    /**
     * Draws initial values for a layer with {@code in} inputs and {@code out} outputs.
     *
     * @param gain activation gain {@code g}; schemes that do not use a gain ignore it
     */
    DenseInit sample(int in, int out, double gain, RandomGenerator rng);

    /** A short name for logs and configs; defaults to the class name. */
    default String name() {
        return getClass().getSimpleName();
    }
}
