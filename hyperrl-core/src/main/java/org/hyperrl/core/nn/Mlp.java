package org.hyperrl.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hyperrl.core.init.LayerInit;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Multi-layer perceptron {@code in -> hidden[0] -> ... -> out}: every hidden layer is followed by the hidden
 * activation, the output layer by the output activation. Layers are {@code scope/fc0}, {@code scope/fc1}, ...
 */
public final class Mlp implements Layer {
    private final List<Linear> layers = new ArrayList<>();
    private final Activation hidden;
    private final Activation output;

    /**
     * @param init       initialisation of every layer; hidden layers use the hidden activation's gain,
     *                   the output layer uses {@code outputGain}
     * @param outputGain gain for the output layer's initialisation
     */
    public Mlp(Parameters ps, String scope, String group, int in, int[] hiddenWidths, int out,
               Activation hidden, Activation output, LayerInit init, double outputGain) {
        if (in <= 0 || out <= 0 || Arrays.stream(hiddenWidths).anyMatch(w -> w <= 0)) {
            throw new IllegalArgumentException("MLP widths must be positive: in=" + in + ", hidden="
                    + Arrays.toString(hiddenWidths) + ", out=" + out);
        }
        this.hidden = hidden;
        this.output = output;
        int prev = in;
        for (int i = 0; i < hiddenWidths.length; i++) {
            layers.add(new Linear(ps, scope + "/fc" + i, group, prev, hiddenWidths[i], init, hidden.gain()));
            prev = hiddenWidths[i];
        }
        layers.add(new Linear(ps, scope + "/fc" + hiddenWidths.length, group, prev, out, init, outputGain));
    }

    @Override
    public SDVariable apply(Graph g, SDVariable x) {
        SDVariable h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).apply(g, h);
            h = (i < layers.size() - 1 ? hidden : output).apply(g.sd(), h);
        }
        return h;
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
