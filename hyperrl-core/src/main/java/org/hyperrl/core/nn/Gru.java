package org.hyperrl.core.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.hyperrl.core.init.LayerInits;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Gated recurrent unit (Cho et al. 2014), built from primitive SameDiff ops:
 * <pre>
 *   r = sigmoid(x Wxr + h Whr + br)          reset gate
 *   u = sigmoid(x Wxu + h Whu + bu)          update gate
 *   c = tanh(x Wxc + (r * h) Whc + bc)       candidate
 *   h' = u * h + (1 - u) * c
 * </pre>
 * Parameters {@code scope/Wx [in, 3h]}, {@code scope/Wh [h, 3h]}, {@code scope/b [3h]} with the gate blocks in
 * the order r, u, c; initialised as in PyTorch, {@code U(+-1/sqrt(h))}.
 *
 * <p>Why not SameDiff's fused {@code gru} op: in ND4J 1.0.0-M2.1 its gradient with respect to the input weights
 * failed our finite-difference check (wrong sign), so sequences are unrolled over a length fixed when the
 * graph is built; every step's gradient is then exact.
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
        RandomGenerator rng = ps.rng(scope);
        this.wx = ps.add(scope + "/Wx", group, new long[]{in, 3L * hidden},
                LayerInits.uniform(in * 3 * hidden, bound, rng));
        this.wh = ps.add(scope + "/Wh", group, new long[]{hidden, 3L * hidden},
                LayerInits.uniform(hidden * 3 * hidden, bound, rng));
        this.b = ps.add(scope + "/b", group, new long[]{3L * hidden},
                LayerInits.uniform(3 * hidden, bound, rng));
    }

    /** One step on the own parameters: {@code x [batch, in]}, {@code h [batch, hidden]} -> the next hidden state. */
    public SDVariable step(Graph g, SDVariable x, SDVariable h) {
        return step(g, x, h, WeightSource.OWN);
    }

    /**
     * One step with weights from a source.
     *
     * @throws UnsupportedOperationException for per-sample weights
     */
    public SDVariable step(Graph g, SDVariable x, SDVariable h, WeightSource weights) {
        requireShared(weights);
        SameDiff sd = g.sd();
        SDVariable wxv = weights.get(g, wx);
        SDVariable whv = weights.get(g, wh);
        SDVariable bv = weights.get(g, b);
        SDVariable xz = SdOps.affine(x, wxv, bv);
        SDVariable xr = cols(xz, 0);
        SDVariable xu = cols(xz, 1);
        SDVariable xc = cols(xz, 2);
        SDVariable whr = cols(whv, 0);
        SDVariable whu = cols(whv, 1);
        SDVariable whc = cols(whv, 2);
        SDVariable r = sd.nn().sigmoid(xr.add(h.mmul(whr)));
        SDVariable u = sd.nn().sigmoid(xu.add(h.mmul(whu)));
        SDVariable c = sd.math().tanh(xc.add(r.mul(h).mmul(whc)));
        return u.mul(h).add(u.rsub(1.0).mul(c));
    }

    /**
     * Runs a sequence {@code x [steps, batch, in]} from {@code h0 [batch, hidden]} and returns the hidden state at
     * every step, {@code [steps, batch, hidden]}.
     */
    public SDVariable apply(Graph g, SDVariable x, SDVariable h0, int steps) {
        return apply(g, x, h0, steps, WeightSource.OWN);
    }

    /**
     * {@link #apply(Graph, SDVariable, SDVariable, int)} with weights from a source (read once, used at every step).
     *
     * @throws UnsupportedOperationException for per-sample weights
     */
    public SDVariable apply(Graph g, SDVariable x, SDVariable h0, int steps, WeightSource weights) {
        requireShared(weights);
        if (steps <= 0) {
            throw new IllegalArgumentException("sequence length must be positive, got " + steps);
        }
        List<SDVariable> hs = new ArrayList<>(steps);
        SDVariable h = h0;
        for (int t = 0; t < steps; t++) {
            h = step(g, x.get(SDIndex.point(t), SDIndex.all(), SDIndex.all()), h, weights);
            hs.add(h);
        }
        return g.sd().stack(0, hs.toArray(new SDVariable[0]));
    }

    private void requireShared(WeightSource weights) {
        if (weights.perSample(wx) || weights.perSample(wh) || weights.perSample(b)) {
            throw new UnsupportedOperationException("per-sample GRU weights are not implemented; use weights shared"
                    + " by the batch");
        }
    }

    private SDVariable cols(SDVariable m, int block) {
        return m.get(SDIndex.all(), SDIndex.interval((long) block * hidden, (long) (block + 1) * hidden));
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
