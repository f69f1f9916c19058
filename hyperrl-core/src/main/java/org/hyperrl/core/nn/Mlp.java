package org.hyperrl.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hyperrl.core.init.LayerInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Multi-layer perceptron {@code in -> hidden[0] -> ... -> out}: every hidden layer is followed by the hidden
 * activation, the output layer by the output activation. Layers are {@code scope/fc0}, {@code scope/fc1}, ...
 *
 * <p>The MLP is the {@link BaseNetworkSpec} {@link #spec()} with its own parameters, evaluated by
 * {@link BaseNetworkSpec#forward} like a hypernetwork's dynamic network; {@link WeightSource#generated} runs it on
 * weights generated for a spec of the same shape.
 */
public final class Mlp implements Layer {
    private final BaseNetworkSpec spec;
    private final List<Linear> layers = new ArrayList<>();

    /**
     * @param init       initialisation of every layer; hidden layers use the hidden activation's gain,
     *                   the output layer uses {@code outputGain}
     * @param outputGain gain for the output layer's initialisation
     */
    public Mlp(Parameters ps, String scope, String group, int in, int[] hiddenWidths, int out,
               Activation hidden, Activation output, LayerInit init, double outputGain) {
        this(ps, scope, group, spec(in, hiddenWidths, out, hidden, output, init, outputGain));
    }

    /**
     * Creates one {@link Linear} {@code scope/<layer name>} per declared layer, initialised with the layer's base
     * init and gain.
     *
     * @throws UnsupportedOperationException if a layer declares a gain or no bias (an MLP's layers have a bias
     *                                       and no gain)
     */
    public Mlp(Parameters ps, String scope, String group, BaseNetworkSpec spec) {
        for (DynamicLayerSpec l : spec.layers()) {
            if (l.gain() || !l.bias()) {
                throw new UnsupportedOperationException("MLP layer '" + l.name() + "' declares gain=" + l.gain()
                        + ", bias=" + l.bias() + "; an MLP's layers have a bias and no gain");
            }
            layers.add(new Linear(ps, scope + "/" + l.name(), group, l.in(), l.out(), l.baseInit(), l.initGain()));
        }
        this.spec = spec;
    }

    private static BaseNetworkSpec spec(int in, int[] hiddenWidths, int out, Activation hidden, Activation output,
                                        LayerInit init, double outputGain) {
        if (in <= 0 || out <= 0 || Arrays.stream(hiddenWidths).anyMatch(w -> w <= 0)) {
            throw new IllegalArgumentException("MLP widths must be positive: in=" + in + ", hidden="
                    + Arrays.toString(hiddenWidths) + ", out=" + out);
        }
        return BaseNetworkSpec.mlp("fc", in, hiddenWidths, out, hidden, output, false, init, init, outputGain);
    }

    @Override
    public SDVariable apply(Graph g, SDVariable x, WeightSource source) {
        List<LayerWeights> weights = new ArrayList<>(layers.size());
        for (Linear l : layers) {
            weights.add(l.weights(g, source));
        }
        return spec.forward(g, x, weights);
    }

    /**
     * The MLP on an array with the parameters' current values, as eager array operations (no graph): {@code x [batch,
     * in]} -> {@code [batch, out]}, for acting.
     */
    public INDArray forward(INDArray x) {
        INDArray h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = spec.layers().get(i).activation().applyInPlace(layers.get(i).forward(h));
        }
        return h;
    }

    /** The declaration this MLP evaluates. */
    public BaseNetworkSpec spec() {
        return spec;
    }

    /** The dense layers, input first. */
    public List<Linear> layers() {
        return List.copyOf(layers);
    }

    @Override
    public int inWidth() {
        return layers.get(0).inWidth();
    }

    @Override
    public int outWidth() {
        return layers.get(layers.size() - 1).outWidth();
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        layers.forEach(l -> ps.addAll(l.parameters()));
        return ps;
    }
}
