package org.hyperrl.core.hyper;

import java.util.ArrayList;
import java.util.List;
import org.hyperrl.core.init.LayerInit;
import org.hyperrl.core.nn.Activation;

/**
 * The shape of a base (dynamic) network: an ordered list of {@link DynamicLayerSpec}s. Heads are derived
 * from this declaration, so any base architecture that can be declared this way can be driven by any
 * hypernetwork.
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
        List<DynamicLayerSpec> specs = new ArrayList<>();
        int prev = in;
        for (int i = 0; i < hidden.length; i++) {
            specs.add(new DynamicLayerSpec("l" + i, prev, hidden[i], true, withGain, hiddenAct, hiddenInit,
                    hiddenAct.gain()));
            prev = hidden[i];
        }
        specs.add(new DynamicLayerSpec("l" + hidden.length, prev, out, true, withGain, outAct, outInit, outGain));
        return new BaseNetworkSpec(specs);
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
