package org.hyperrl.core.nn;

import java.util.List;
import org.hyperrl.core.init.LayerInits;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Gated recurrent unit over a whole sequence, using SameDiff's {@code gru} op. Input {@code [time, batch, in]},
 * initial state {@code [batch, hidden]}, output: the hidden state at every step, {@code [time, batch, hidden]}.
 * Parameters {@code scope/Wx [in, 3h]}, {@code scope/Wh [h, 3h]}, {@code scope/b [3h]}, initialised as in
 * PyTorch: {@code U(+-1/sqrt(h))}. The gate order within the {@code 3h} columns is SameDiff's.
 */
public final class Gru {
    private final int in;
    private final int hidden;
    private final Parameter wx;
    private final Parameter wh;
    private final Parameter b;

    public Gru(Parameters ps, String scope, String group, int in, int hidden) {
        this.in = in;
        this.hidden = hidden;
        double bound = 1.0 / Math.sqrt(hidden);
        this.wx = ps.add(scope + "/Wx", group, new long[]{in, 3L * hidden},
                LayerInits.uniform(in * 3 * hidden, bound, ps.rng()));
        this.wh = ps.add(scope + "/Wh", group, new long[]{hidden, 3L * hidden},
                LayerInits.uniform(hidden * 3 * hidden, bound, ps.rng()));
        this.b = ps.add(scope + "/b", group, new long[]{3L * hidden},
                LayerInits.uniform(3 * hidden, bound, ps.rng()));
    }

    /** Runs the sequence {@code x [time, batch, in]} from {@code h0 [batch, hidden]}. */
    public SDVariable apply(Graph g, SDVariable x, SDVariable h0) {
        return g.sd().rnn().gru(x, h0, g.bind(wx), g.bind(wh), g.bind(b));
    }

    public int inWidth() {
        return in;
    }

    public int hiddenWidth() {
        return hidden;
    }

    public List<Parameter> parameters() {
        return List.of(wx, wh, b);
    }
}
