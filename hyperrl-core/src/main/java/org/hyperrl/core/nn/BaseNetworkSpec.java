package org.hyperrl.core.nn;

import java.util.ArrayList;
import java.util.List;
import org.hyperrl.core.init.LayerInit;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The shape of a stack of dense layers, {@code h' = act((h W) * s + b)} per layer: an ordered list of
 * {@link DynamicLayerSpec}s. An {@link Mlp} is one such stack evaluated on its own parameters; a hypernetwork's
 * base (dynamic) network is one evaluated on generated weights. Heads are derived from this declaration, so any
 * base architecture that can be declared this way can be driven by any hypernetwork, and {@link #forward} is the
 * one evaluator for both.
 */
public record BaseNetworkSpec(List<DynamicLayerSpec> layers) {

    public BaseNetworkSpec {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a base network needs at least one layer");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).in() != layers.get(i - 1).out()) {
                throw new IllegalArgumentException("base layer '" + layers.get(i).name() + "' has fan-in "
                        + layers.get(i).in() + " but the previous layer outputs " + layers.get(i - 1).out());
            }
        }
    }

    /**
     * An MLP-shaped base network {@code in -> hidden... -> out}, layers named {@code l0, l1, ...}.
     *
     * @param withGain   generate gains {@code s} (Sarafian) or not (Beck)
     * @param hiddenInit base init of hidden layers (with the hidden activation's gain)
     * @param outInit    base init of the output layer
     * @param outGain    gain of the output layer's base init
     */
    public static BaseNetworkSpec mlp(int in, int[] hidden, int out, Activation hiddenAct, Activation outAct,
                                      boolean withGain, LayerInit hiddenInit, LayerInit outInit, double outGain) {
        return mlp("l", in, hidden, out, hiddenAct, outAct, withGain, hiddenInit, outInit, outGain);
    }

    /** As {@link #mlp(int, int[], int, Activation, Activation, boolean, LayerInit, LayerInit, double)}, layers
     * named {@code prefix0, prefix1, ...}. */
    public static BaseNetworkSpec mlp(String prefix, int in, int[] hidden, int out, Activation hiddenAct,
                                      Activation outAct, boolean withGain, LayerInit hiddenInit, LayerInit outInit,
                                      double outGain) {
        List<DynamicLayerSpec> specs = new ArrayList<>();
        int prev = in;
        for (int i = 0; i < hidden.length; i++) {
            specs.add(new DynamicLayerSpec(prefix + i, prev, hidden[i], true, withGain, hiddenAct, hiddenInit,
                    hiddenAct.gain()));
            prev = hidden[i];
        }
        specs.add(new DynamicLayerSpec(prefix + hidden.length, prev, out, true, withGain, outAct, outInit, outGain));
        return new BaseNetworkSpec(specs);
    }

    /**
     * Evaluates the stack on {@code x [batch, in]} with one {@link LayerWeights} per layer, shared by the batch or
     * per sample: {@code h_{l+1} = act_l((h_l W_l) * s_l + b_l)}.
     *
     * @throws IllegalArgumentException if the number of weight sets differs from the number of layers, or a
     *                                  declared bias or gain is missing
     */
    public SDVariable forward(Graph g, SDVariable x, List<LayerWeights> weights) {
        if (weights.size() != layers.size()) {
            throw new IllegalArgumentException("base network has " + layers.size() + " layers but "
                    + weights.size() + " weight sets were given");
        }
        SDVariable h = x;
        for (int i = 0; i < layers.size(); i++) {
            DynamicLayerSpec l = layers.get(i);
            LayerWeights w = weights.get(i);
            if (l.bias() != (w.bias() != null) || l.gain() != (w.gain() != null)) {
                throw new IllegalArgumentException("layer '" + l.name() + "' declares bias=" + l.bias() + ", gain="
                        + l.gain() + " but its weights have bias=" + (w.bias() != null) + ", gain="
                        + (w.gain() != null));
            }
            h = l.activation().apply(g.sd(), w.affine(g.sd(), h, l.out()));
        }
        return h;
    }

    /** Input width of the base network. */
    public int inWidth() {
        return layers.get(0).in();
    }

    /** Output width of the base network. */
    public int outWidth() {
        return layers.get(layers.size() - 1).out();
    }

    /** Number of generated scalars per sample (the "dynamic parameters"). */
    public long generatedCount() {
        return layers.stream().mapToLong(DynamicLayerSpec::generatedCount).sum();
    }
}
