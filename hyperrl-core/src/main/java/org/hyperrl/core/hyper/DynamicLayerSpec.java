package org.hyperrl.core.hyper;

import org.hyperrl.core.init.LayerInit;
import org.hyperrl.core.nn.Activation;

/**
 * Declaration of one layer of a base (dynamic) network: {@code h' = act((h W) * s + b)} with generated
 * {@code W [in, out]}, optional generated bias {@code b [out]} and optional generated gain {@code s [out]}.
 *
 * @param name       name of the layer, used for the heads' parameter scopes
 * @param in         fan-in
 * @param out        fan-out
 * @param bias       whether a bias is generated
 * @param gain       whether a gain {@code s = 1 + head} is generated (Sarafian et al.)
 * @param activation activation after the layer
 * @param baseInit   the base initialisation {@code f} that hypernetwork initialisations refer to
 * @param initGain   the gain {@code g} used with {@code baseInit}
 */
public record DynamicLayerSpec(String name, int in, int out, boolean bias, boolean gain, Activation activation,
                               LayerInit baseInit, double initGain) {

    public DynamicLayerSpec {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("dynamic layer '" + name + "' needs positive sizes, got " + in + "x" + out);
        }
    }

    /** Number of generated scalars: weights, plus bias and gain when present. */
    public long generatedCount() {
        return (long) in * out + (bias ? out : 0) + (gain ? out : 0);
    }
}
