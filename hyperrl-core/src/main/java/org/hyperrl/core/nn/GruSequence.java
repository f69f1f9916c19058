package org.hyperrl.core.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A {@link Gru} run over a whole sequence outside SameDiff, with its exact backward pass (backpropagation through
 * time), for training on long sequences.
 *
 * <p>Why: unrolled in a SameDiff graph, a 60-step sequence is ~2,800 graph ops forward and backward, and each costs
 * ~40 us of bookkeeping besides its arithmetic; here a step is a dozen eager array ops forward and two dozen backward,
 * with every product that does not depend on the previous step (the input projection, the weight gradients) done for
 * all steps at once. The equations are {@link Gru}'s (the same parameters give the same outputs), in any floating-point
 * data type of the parameters, so double-precision gradient checks apply.
 * <pre>
 *   a_t  = x_t Wx + b                         (all steps in one product; blocks r, u, c)
 *   p_t  = h_{t-1} * keep_t                   (keep = 1 - reset: the state is zeroed where a trial starts)
 *   r, u = sigmoid(a_r + p Wh_r), sigmoid(a_u + p Wh_u)
 *   c    = tanh(a_c + (r * p) Wh_c)
 *   h_t  = u * p + (1 - u) * c
 * </pre>
 */
public final class GruSequence {
    private final Gru gru;
    private final int steps;
    private final int batch;
    private final int hidden;
    private final INDArray x;
    private final INDArray keep;
    // Caches over all steps, rows t * batch + b: masked previous state, gates (r | u), r * p, candidate, outputs.
    private final INDArray prev;
    private final INDArray gates;
    private final INDArray resetPrev;
    private final INDArray candidate;
    private final INDArray outputs;

    /**
     * Runs the sequence: {@code x [steps * batch, in]} time-major (rows {@code t * batch + b}), {@code keep
     * [steps * batch, 1]} (1 - reset, or {@code null} for no resets), {@code h0 [batch, hidden]}.
     *
     * @throws IllegalArgumentException if the shapes do not fit the GRU or each other
     */
    public GruSequence(Gru gru, INDArray x, int steps, INDArray keep, INDArray h0) {
        this.gru = gru;
        this.steps = steps;
        this.hidden = gru.hiddenWidth();
        if (steps <= 0 || x.rank() != 2 || x.size(1) != gru.inWidth() || x.size(0) % steps != 0) {
            throw new IllegalArgumentException("GRU input must be [steps * batch, " + gru.inWidth() + "] with "
                    + steps + " steps, got " + java.util.Arrays.toString(x.shape()));
        }
        this.batch = (int) (x.size(0) / steps);
        if (h0.rank() != 2 || h0.size(0) != batch || h0.size(1) != hidden) {
            throw new IllegalArgumentException("initial state must be [" + batch + ", " + hidden + "], got "
                    + java.util.Arrays.toString(h0.shape()));
        }
        if (keep != null && (keep.rank() != 2 || keep.size(0) != x.size(0) || keep.size(1) != 1)) {
            throw new IllegalArgumentException("keep mask must be [" + x.size(0) + ", 1], got "
                    + java.util.Arrays.toString(keep.shape()));
        }
        var type = weight().dataType();
        this.x = x.castTo(type);
        this.keep = keep == null ? null : keep.castTo(type);
        long rows = x.size(0);
        this.prev = Nd4j.create(type, rows, hidden);
        this.gates = Nd4j.create(type, rows, 2L * hidden);
        this.resetPrev = Nd4j.create(type, rows, hidden);
        this.candidate = Nd4j.create(type, rows, hidden);
        this.outputs = Nd4j.create(type, rows, hidden);
        forward(h0.castTo(type));
    }

    private INDArray weight() {
        return gru.parameters().get(0).value();
    }

    private void forward(INDArray h0) {
        INDArray wx = gru.parameters().get(0).value();
        INDArray wh = gru.parameters().get(1).value();
        INDArray b = gru.parameters().get(2).value();
        INDArray whGates = wh.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * hidden)).dup('c');
        INDArray whCandidate = wh.get(NDArrayIndex.all(), NDArrayIndex.interval(2L * hidden, 3L * hidden)).dup('c');
        INDArray a = x.mmul(wx).addiRowVector(b.reshape(1, 3L * hidden));
        INDArray h = h0;
        for (int t = 0; t < steps; t++) {
            INDArrayIndex rows = rows(t);
            INDArray p = prev.get(rows, NDArrayIndex.all());
            p.assign(h);
            if (keep != null) {
                p.muliColumnVector(keep.get(rows, NDArrayIndex.all()));
            }
            INDArray g = gates.get(rows, NDArrayIndex.all());
            g.assign(a.get(rows, NDArrayIndex.interval(0, 2L * hidden)).add(p.mmul(whGates)));
            Transforms.sigmoid(g, false);
            INDArray r = g.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden));
            INDArray u = g.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2L * hidden));
            INDArray q = resetPrev.get(rows, NDArrayIndex.all());
            q.assign(r.mul(p));
            INDArray c = candidate.get(rows, NDArrayIndex.all());
            c.assign(a.get(rows, NDArrayIndex.interval(2L * hidden, 3L * hidden)).add(q.mmul(whCandidate)));
            Transforms.tanh(c, false);
            INDArray out = outputs.get(rows, NDArrayIndex.all());
            // u * p + (1 - u) * c = c + u * (p - c)
            out.assign(p.sub(c).muli(u).addi(c));
            h = out;
        }
    }

    private INDArrayIndex rows(int t) {
        return NDArrayIndex.interval((long) t * batch, (long) (t + 1) * batch);
    }

    /** The hidden state after every step, {@code [steps * batch, hidden]}, rows {@code t * batch + b}. */
    public INDArray outputs() {
        return outputs;
    }

    /** The hidden state after the last step, {@code [batch, hidden]}. */
    public INDArray last() {
        return outputs.get(rows(steps - 1), NDArrayIndex.all());
    }

    /**
     * Gradients of a loss given its gradient with respect to every output.
     *
     * @param weights the GRU's parameters ({@code Wx}, {@code Wh}, {@code b}) -> gradient
     * @param input   gradient with respect to {@code x} {@code [steps * batch, in]}
     * @param h0      gradient with respect to the initial state {@code [batch, hidden]}
     */
    public record Gradients(Map<Parameter, INDArray> weights, INDArray input, INDArray h0) {
    }

    /**
     * Backpropagation through time.
     *
     * @param dOutputs gradient of the loss with respect to {@link #outputs()}, same shape
     */
    public Gradients backward(INDArray dOutputs) {
        if (!java.util.Arrays.equals(dOutputs.shape(), outputs.shape())) {
            throw new IllegalArgumentException("output gradient must be " + java.util.Arrays.toString(outputs.shape())
                    + ", got " + java.util.Arrays.toString(dOutputs.shape()));
        }
        INDArray wx = gru.parameters().get(0).value();
        INDArray wh = gru.parameters().get(1).value();
        INDArray whGatesT = wh.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * hidden)).transpose().dup('c');
        INDArray whCandidateT = wh.get(NDArrayIndex.all(), NDArrayIndex.interval(2L * hidden, 3L * hidden))
                .transpose().dup('c');
        INDArray dIn = dOutputs.castTo(outputs.dataType());
        // Gradient with respect to the pre-activations a_t (+ the recurrent products): blocks r, u, c.
        INDArray dPre = Nd4j.create(outputs.dataType(), outputs.size(0), 3L * hidden);
        INDArray dNext = Nd4j.zeros(outputs.dataType(), batch, hidden);
        for (int t = steps - 1; t >= 0; t--) {
            INDArrayIndex rows = rows(t);
            INDArray dh = dIn.get(rows, NDArrayIndex.all()).add(dNext);
            INDArray p = prev.get(rows, NDArrayIndex.all());
            INDArray g = gates.get(rows, NDArrayIndex.all());
            INDArray r = g.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden));
            INDArray u = g.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2L * hidden));
            INDArray c = candidate.get(rows, NDArrayIndex.all());
            INDArray dRow = dPre.get(rows, NDArrayIndex.all());
            INDArray dr = dRow.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden));
            INDArray du = dRow.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2L * hidden));
            INDArray dc = dRow.get(NDArrayIndex.all(), NDArrayIndex.interval(2L * hidden, 3L * hidden));
            // h = c + u * (p - c): dc = dh * (1 - u) * (1 - c^2), du = dh * (p - c) * u * (1 - u), dp = dh * u
            dc.assign(dh.mul(u.rsub(1.0)).muli(c.mul(c).rsubi(1.0)));
            du.assign(dh.mul(p.sub(c)).muli(u).muli(u.rsub(1.0)));
            INDArray dp = dh.muli(u);
            // c = tanh(a_c + q Wh_c), q = r * p
            INDArray dq = dc.mmul(whCandidateT);
            dp.addi(dq.mul(r));
            dr.assign(dq.muli(p).muli(r).muli(r.rsub(1.0)));
            // gates = sigmoid(a_ru + p Wh_ru)
            dp.addi(dRow.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * hidden)).mmul(whGatesT));
            if (keep != null) {
                dp.muliColumnVector(keep.get(rows, NDArrayIndex.all()));
            }
            dNext = dp;
        }
        INDArray dWh = Nd4j.create(outputs.dataType(), hidden, 3L * hidden);
        dWh.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * hidden))
                .assign(prev.transpose().mmul(dPre.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * hidden))));
        dWh.get(NDArrayIndex.all(), NDArrayIndex.interval(2L * hidden, 3L * hidden)).assign(
                resetPrev.transpose().mmul(dPre.get(NDArrayIndex.all(), NDArrayIndex.interval(2L * hidden, 3L * hidden))));
        Map<Parameter, INDArray> grads = new LinkedHashMap<>();
        grads.put(gru.parameters().get(0), x.transpose().mmul(dPre));
        grads.put(gru.parameters().get(1), dWh);
        grads.put(gru.parameters().get(2), dPre.sum(0));
        return new Gradients(grads, dPre.mmul(wx.transpose()), dNext);
    }
}
