package org.hyperrl.core.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.hyperrl.core.init.LayerInits;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

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
        return unroll(g, x, 1, null, h, weights).last();
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
        SDVariable rows = g.sd().reshape(x, -1, in);
        List<SDVariable> hs = unroll(g, rows, steps, null, h0, weights).outputs();
        return g.sd().stack(0, hs.toArray(new SDVariable[0]));
    }

    /**
     * An unrolled sequence.
     *
     * @param outputs outputs.get(t) is the hidden state after step t, {@code [batch, hidden]}
     * @param last    the hidden state after the last step (the last output)
     */
    public record Sequence(List<SDVariable> outputs, SDVariable last) {
        public Sequence {
            outputs = List.copyOf(outputs);
        }
    }

    /**
     * Runs {@code steps} steps whose inputs are all known up front, {@code xAll [steps * batch, in]} with the rows
     * ordered by step, then sequence (time-major), from {@code h0 [batch, hidden]}. {@code resets.get(t) [batch, 1]}
     * is 1 where the state is zeroed before step t ({@code h = h * (1 - reset)}), 0 elsewhere; {@code resets} may be
     * {@code null} for none.
     *
     * <p>Built for few SameDiff ops per step (each costs ~10-30 us, forward and backward): the input projection
     * {@code x Wx + b} of every step is one product, split into steps by one {@code unstack}; the recurrent products
     * of the reset and update gates are one product per step; the reset masks are built for all steps at once. A step
     * then takes 14 ops (13 without resets).
     *
     * @throws IllegalArgumentException      if {@code steps} is not positive or {@code resets} has another length
     * @throws UnsupportedOperationException for per-sample weights
     */
    public Sequence unroll(Graph g, SDVariable xAll, int steps, List<SDVariable> resets, SDVariable h0,
                           WeightSource weights) {
        requireShared(weights);
        if (steps <= 0) {
            throw new IllegalArgumentException("sequence length must be positive, got " + steps);
        }
        if (resets != null && resets.size() != steps) {
            throw new IllegalArgumentException(resets.size() + " resets for " + steps + " steps");
        }
        SameDiff sd = g.sd();
        SDVariable whv = weights.get(g, wh);
        SDVariable whGates = cols(whv, 0, 2);
        SDVariable whCandidate = cols(whv, 2, 1);
        SDVariable xz = SdOps.affine(xAll, weights.get(g, wx), weights.get(g, b));
        SDVariable[] xParts = blocks(sd, xz, 3);
        List<SDVariable> xGates = bySteps(sd, sd.concat(1, xParts[0], xParts[1]), steps, 2 * hidden);
        List<SDVariable> xCandidate = bySteps(sd, xParts[2], steps, hidden);
        List<SDVariable> keeps = resets == null ? null : keepMasks(g, resets);

        List<SDVariable> hs = new ArrayList<>(steps);
        SDVariable h = h0;
        for (int t = 0; t < steps; t++) {
            if (keeps != null) {
                h = h.mul(keeps.get(t));
            }
            SDVariable[] gates = blocks(sd, sd.nn().sigmoid(xGates.get(t).add(h.mmul(whGates))), 2);
            SDVariable r = gates[0];
            SDVariable u = gates[1];
            SDVariable c = sd.math().tanh(xCandidate.get(t).add(r.mul(h).mmul(whCandidate)));
            // u * h + (1 - u) * c in three ops instead of four
            h = c.add(u.mul(h.sub(c)));
            hs.add(h);
        }
        return new Sequence(hs, h);
    }

    /** {@code [steps * batch, width]} -> {@code [batch, width]} x steps, in one op (a single step passes through). */
    private static List<SDVariable> bySteps(SameDiff sd, SDVariable rows, int steps, int width) {
        if (steps == 1) {
            return List.of(rows);
        }
        return List.of(sd.unstack(sd.reshape(rows, steps, -1, width), 0, steps));
    }

    /**
     * The masks {@code 1 - reset} widened to {@code [batch, hidden]}, so that a step applies its reset with one
     * multiply. Widened by a product with a constant ones row rather than a broadcast from {@code [batch, 1]}, whose
     * backward is a keep-dims reduction (see {@link SdOps#rowSum}).
     */
    private List<SDVariable> keepMasks(Graph g, List<SDVariable> resets) {
        SameDiff sd = g.sd();
        int steps = resets.size();
        SDVariable all = steps == 1 ? resets.get(0)
                : sd.reshape(sd.stack(0, resets.toArray(new SDVariable[0])), -1, 1);
        SDVariable onesRow = sd.constant(Nd4j.ones(g.dataType(), 1, hidden));
        return bySteps(sd, all.rsub(1.0).mmul(onesRow), steps, hidden);
    }

    private void requireShared(WeightSource weights) {
        if (weights.perSample(wx) || weights.perSample(wh) || weights.perSample(b)) {
            throw new UnsupportedOperationException("per-sample GRU weights are not implemented; use weights shared"
                    + " by the batch");
        }
    }

    /**
     * The {@code k} gate blocks {@code [rows, hidden]} of a {@code [rows, k * hidden]} graph value, by a reshape to
     * {@code [rows, k, hidden]} and one unstack: a column slice's backward ({@code strided_slice_bp}) fails in M2.1 when
     * the value has a single row (a minibatch of one sequence, one step), the unstack's does not.
     */
    private SDVariable[] blocks(SameDiff sd, SDVariable m, int k) {
        return sd.unstack(sd.reshape(m, -1, k, hidden), 1, k);
    }

    /** Gate blocks {@code first .. first + count - 1} of a weight matrix {@code [hidden, k * hidden]}, as a slice. */
    private SDVariable cols(SDVariable m, int first, int count) {
        return m.get(SDIndex.all(), SDIndex.interval((long) first * hidden, (long) (first + count) * hidden));
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
