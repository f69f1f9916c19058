package org.hyperrl.core.hyper;

import java.util.List;
import org.hyperrl.core.nn.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Evaluates a base network with generated parameters, one parameter set per sample, batched over the
 * minibatch: for layer {@code l}, {@code h_{l+1}[n] = act((h_l[n] W_l[n]) * s_l[n] + b_l[n])}. The
 * per-sample product is a rank-3 batched matrix product {@code [B,1,in] x [B,in,out]}; parameters shared by
 * the whole batch use an ordinary matrix product.
 */
public final class DynamicNetwork {

    private DynamicNetwork() {
    }

    /** Applies the base network to {@code x [batch, in]} with the generated layers. */
    public static SDVariable apply(Graph g, BaseNetworkSpec spec, List<GeneratedLayer> generated, SDVariable x) {
        if (generated.size() != spec.layers().size()) {
            throw new IllegalArgumentException("base network has " + spec.layers().size() + " layers but "
                    + generated.size() + " were generated");
        }
        SameDiff sd = g.sd();
        SDVariable h = x;
        for (int i = 0; i < generated.size(); i++) {
            DynamicLayerSpec l = spec.layers().get(i);
            GeneratedLayer p = generated.get(i);
            if (p.shared()) {
                h = h.mmul(p.weight());
            } else {
                SDVariable row = sd.expandDims(h, 1);
                h = sd.reshape(sd.mmul(row, p.weight()), -1, l.out());
            }
            if (p.gain() != null) {
                h = h.mul(p.gain());
            }
            if (p.bias() != null) {
                h = h.add(p.bias());
            }
            h = l.activation().apply(sd, h);
        }
        return h;
    }
}
