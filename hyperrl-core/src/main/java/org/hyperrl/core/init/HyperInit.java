package org.hyperrl.core.init;

import java.util.random.RandomGenerator;

/**
 * A hypernetwork initialisation: chooses the initial values of the heads that generate one base layer.
 *
 * <p>It sees the base layer's shape, its base initialisation {@code f} and gain, the width {@code d_k}
 * of the feature the heads read, and the variance {@code Var_in} of that feature (1 for the
 * unit-variance inputs that hyperfan assumes).
 */
public interface HyperInit {

    /** Initial head values for one base layer. */
    HeadInit init(BaseLayerShape layer, int dk, double varIn, RandomGenerator rng);

    /** A short name for logs and configs. */
    String name();

    /** Zero gain head (so {@code s = 1}), or {@code null} when the layer has none. */
    static DenseInit unitGain(BaseLayerShape layer, int dk) {
        return layer.hasGain() ? DenseInit.zeros(dk, layer.out()) : null;
    }
}
