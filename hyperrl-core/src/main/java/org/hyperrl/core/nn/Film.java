package org.hyperrl.core.nn;

import java.util.List;
import org.hyperrl.core.init.DenseInit;
import org.hyperrl.core.init.LayerInit;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Feature-wise linear modulation (the FiLM variant of Beck et al.): an ordinary bias-free layer whose
 * per-unit scale and shift are generated from a conditioning input {@code e}:
 * {@code h = (x W) * s(e) + b(e)} with {@code s(e) = 1 + e S + s0} and {@code b(e) = e B + b0}.
 *
 * <p>The scale and shift heads start at zero (FiLM + Bias-HyperInit), so initially {@code h = x W}.
 */
public final class Film {
    private final Linear base;
    private final Linear scale;
    private final Linear shift;

    public Film(Parameters ps, String scope, String group, int in, int out, int condWidth, LayerInit baseInit,
                double gain) {
        this.base = new Linear(ps, scope + "/base", group, baseInit.sample(in, out, gain, ps.rng(scope + "/base")), false);
        this.scale = new Linear(ps, scope + "/scale", group, DenseInit.zeros(condWidth, out), true);
        this.shift = new Linear(ps, scope + "/shift", group, DenseInit.zeros(condWidth, out), true);
    }

    /** {@code x [batch, in]}, {@code cond [batch, condWidth]} -> {@code [batch, out]}, on the own parameters. */
    public SDVariable apply(Graph g, SDVariable x, SDVariable cond) {
        return apply(g, x, cond, WeightSource.OWN);
    }

    /** {@code x [batch, in]}, {@code cond [batch, condWidth]} -> {@code [batch, out]}, weights from a source. */
    public SDVariable apply(Graph g, SDVariable x, SDVariable cond, WeightSource weights) {
        return weights(g, cond, weights).affine(g.sd(), x, base.outWidth());
    }

    /** The layer as a dense layer: weight {@code W}, gain {@code s(cond)} and bias {@code b(cond)}, per sample. */
    public LayerWeights weights(Graph g, SDVariable cond, WeightSource weights) {
        SDVariable s = scale.apply(g, cond, weights).add(1.0);
        return new LayerWeights(weights.get(g, base.weight()), shift.apply(g, cond, weights), s,
                weights.perSample(base.weight()));
    }

    public List<Parameter> parameters() {
        return List.of(base.parameters().get(0), scale.weight(), scale.bias(), shift.weight(), shift.bias());
    }
}
