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
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
            out.add(generateLayer(g, z, i, shared, heads));
        }
        return out;
    }

    private LayerWeights generateLayer(Graph g, SDVariable z, int layer, boolean shared, WeightSource heads) {
        DynamicLayerSpec l = spec.layers().get(layer);
        SDVariable flatW = weightHeads.get(layer).apply(g, z, heads);
        SDVariable w = shared ? g.sd().reshape(flatW, l.in(), l.out()) : g.sd().reshape(flatW, -1, l.in(), l.out());
        return new LayerWeights(w, bias(g, z, layer, heads), gain(g, z, layer, heads), !shared);
    }

    private SDVariable bias(Graph g, SDVariable z, int layer, WeightSource heads) {
        return biasHeads.get(layer) == null ? null : biasHeads.get(layer).apply(g, z, heads);
    }

    private SDVariable gain(Graph g, SDVariable z, int layer, WeightSource heads) {
        return gainHeads.get(layer) == null ? null : gainHeads.get(layer).apply(g, z, heads).add(1.0);
    }

    /**
     * The base network on {@code x [batch, in]}, every row with the parameters generated from the same row of
     * {@code z [batch, d_k]}, without materialising the per-sample weights (the bilinear form). The weight head is
     * linear in {@code z}: {@code W(z)[i, j] = sum_k z_k Hw[k, i*out + j] + hb[i*out + j]}, so
     * <pre>
     *   x W(z) = (z outer x) Hw' + x hb'
     * </pre>
     * with {@code (z outer x)[n, k*in + i] = z[n, k] x[n, i]}, {@code Hw'} the head weight viewed as
     * {@code [d_k*in, out]} and {@code hb'} the head bias viewed as {@code [in, out]}: one
     * {@code [batch, d_k*in] x [d_k*in, out]} product instead of a generated {@code [batch, in*out]} weight and a
     * product per sample. Gains and biases are generated as usual and applied to the product,
     * {@code (x W(z)) * s(z) + b(z)}, which is exact. Both forms take the same multiply-adds; each layer uses the one
     * with the smaller intermediate: bilinear when {@code d_k < out}, otherwise (narrow outputs such as logits and
     * values, Sarafian's {@code d_k = 1024}) its weights are generated, as they are when the source gives the head
     * weight per sample (there is no shared {@code Hw}). Equals {@code spec().forward(g, x, generate(g, z, false,
     * heads))}.
     *
     * @param heads where the heads' own weights come from (e.g. adapted head weights)
     */
    public SDVariable forward(Graph g, SDVariable z, SDVariable x, WeightSource heads) {
        SameDiff sd = g.sd();
        SDVariable h = x;
        for (int i = 0; i < spec.layers().size(); i++) {
            DynamicLayerSpec l = spec.layers().get(i);
            LayerWeights head = weightHeads.get(i).weights(g, heads);
            SDVariable y;
            // Measured at batch 240 / 100: bilinear ~10x faster for 256x256 with d_k 25, but slower for 128x1 and
            // 128x5 with d_k 25 and for Sarafian's layers with d_k 1024 (up to ~90x for 256x1).
            if (head.perSample() || dk >= l.out()) {
                y = generateLayer(g, z, i, false, heads).affine(sd, h, l.out());
            } else {
                // The outer product z h^T as a batched matrix product [B, dk, 1] x [B, 1, in]: its backward is two
                // batched products, where a broadcast multiply's backward (multiply_bp) took ~40 ms at batch 240.
                SDVariable outer = sd.reshape(sd.mmul(sd.expandDims(z, 2), sd.expandDims(h, 1)), -1,
                        (long) dk * l.in());
                y = outer.mmul(sd.reshape(head.weight(), (long) dk * l.in(), l.out()))
                        .add(h.mmul(sd.reshape(head.bias(), l.in(), l.out())));
                SDVariable s = gain(g, z, i, heads);
                if (s != null) {
                    y = y.mul(s);
                }
                SDVariable b = bias(g, z, i, heads);
                if (b != null) {
                    y = y.add(b);
                }
            }
            h = l.activation().apply(sd, y);
        }
        return h;
    }

    /**
     * {@link #forward(Graph, SDVariable, SDVariable, WeightSource)} with the heads' own weights on arrays, as eager
     * operations (no graph), for acting: {@code z [batch, d_k]}, {@code x [batch, in]}. Every layer in the bilinear
     * form (exact for any width; the graph's choice between the forms only matters for training cost).
     */
    public INDArray forward(INDArray z, INDArray x) {
        INDArray h = x;
        long batch = x.size(0);
        for (int i = 0; i < spec.layers().size(); i++) {
            DynamicLayerSpec l = spec.layers().get(i);
            Linear head = weightHeads.get(i);
            // (z outer h)[n, k*in + j] = z[n, k] h[n, j]
            INDArray outer = Nd4j.matmul(z.reshape(batch, dk, 1), h.reshape(batch, 1, l.in()))
                    .reshape(batch, (long) dk * l.in());
            INDArray y = outer.mmul(head.weight().value().reshape((long) dk * l.in(), l.out()))
                    .addi(h.mmul(head.bias().value().reshape(l.in(), l.out())));
            if (gainHeads.get(i) != null) {
                y.muli(gainHeads.get(i).forward(z).addi(1.0));
            }
            if (biasHeads.get(i) != null) {
                y.addi(biasHeads.get(i).forward(z));
            }
            h = l.activation().applyInPlace(y);
        }
        return h;
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
