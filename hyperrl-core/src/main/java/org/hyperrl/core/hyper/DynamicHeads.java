package org.hyperrl.core.hyper;

import java.util.ArrayList;
import java.util.List;
import org.hyperrl.core.init.BaseLayerShape;
import org.hyperrl.core.init.HeadInit;
import org.hyperrl.core.init.HyperInit;
import org.hyperrl.core.nn.BaseNetworkSpec;
import org.hyperrl.core.nn.DynamicLayerSpec;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.LayerWeights;
import org.hyperrl.core.nn.Linear;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.nn.WeightSource;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The heads of a hypernetwork: for each layer of a {@link BaseNetworkSpec}, a linear map from the feature
 * {@code z} (width {@code d_k}) to the layer's weight (reshaped to {@code [in, out]}), and, as declared, to its
 * bias and to its gain {@code s = 1 + head(z)}. Parameters are {@code scope/<layer>/W|b|s/(W|b)}.
 */
public final class DynamicHeads {
    private final BaseNetworkSpec spec;
    private final int dk;
    private final List<Linear> weightHeads = new ArrayList<>();
    private final List<Linear> biasHeads = new ArrayList<>();
    private final List<Linear> gainHeads = new ArrayList<>();

    /**
     * @param init  the hypernetwork initialisation scheme, which sees every base layer's shape and gain
     * @param varIn variance of the feature {@code z} assumed by variance-preserving schemes (1 for hyperfan)
     */
    public DynamicHeads(Parameters ps, String scope, String group, BaseNetworkSpec spec, int dk, HyperInit init,
                        double varIn) {
        this.spec = spec;
        this.dk = dk;
        List<DynamicLayerSpec> layers = spec.layers();
        for (int i = 0; i < layers.size(); i++) {
            DynamicLayerSpec l = layers.get(i);
            BaseLayerShape shape = new BaseLayerShape(i, layers.size(), l.in(), l.out(), l.bias(), l.gain(),
                    l.baseInit(), l.initGain());
            String s = scope + "/" + l.name();
            HeadInit h = init.init(shape, dk, varIn, ps.rng(s));
            weightHeads.add(new Linear(ps, s + "/W", group, h.weightHead(), true));
            biasHeads.add(l.bias() ? new Linear(ps, s + "/b", group, h.biasHead(), true) : null);
            gainHeads.add(l.gain() ? new Linear(ps, s + "/s", group, h.gainHead(), true) : null);
        }
    }

    /**
     * Generates every base layer's parameters from {@code z [batch, d_k]}.
     *
     * @param shared whether {@code z} has a single row whose parameters serve a whole batch
     */
    public List<LayerWeights> generate(Graph g, SDVariable z, boolean shared) {
        return generate(g, z, shared, WeightSource.OWN);
    }

    /** {@link #generate(Graph, SDVariable, boolean)} with the heads' own weights taken from a source. */
    public List<LayerWeights> generate(Graph g, SDVariable z, boolean shared, WeightSource heads) {
        List<LayerWeights> out = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            DynamicLayerSpec l = spec.layers().get(i);
            SDVariable flatW = weightHeads.get(i).apply(g, z, heads);
            SDVariable w = shared ? g.sd().reshape(flatW, l.in(), l.out()) : g.sd().reshape(flatW, -1, l.in(), l.out());
            SDVariable b = biasHeads.get(i) == null ? null : biasHeads.get(i).apply(g, z, heads);
            SDVariable s = gainHeads.get(i) == null ? null : gainHeads.get(i).apply(g, z, heads).add(1.0);
            out.add(new LayerWeights(w, b, s, !shared));
        }
        return out;
    }

    /** Width {@code d_k} of the feature the heads read. */
    public int featureWidth() {
        return dk;
    }

    /** The base network these heads generate. */
    public BaseNetworkSpec spec() {
        return spec;
    }

    /** Every head parameter. */
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < weightHeads.size(); i++) {
            ps.addAll(weightHeads.get(i).parameters());
            if (biasHeads.get(i) != null) {
                ps.addAll(biasHeads.get(i).parameters());
            }
            if (gainHeads.get(i) != null) {
                ps.addAll(gainHeads.get(i).parameters());
            }
        }
        return ps;
    }
}
