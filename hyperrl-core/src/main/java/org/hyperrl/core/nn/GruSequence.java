package org.hyperrl.core.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A {@link Gru} run over a whole sequence outside SameDiff, with its exact backward pass (backpropagation through
 * time), for training on long sequences.
 *
 * <p>Why: unrolled in a SameDiff graph, a 60-step sequence is ~2,800 graph ops forward and backward, and each costs
 * ~40 us of bookkeeping besides its arithmetic; as eager array ops a step still costs ~35 ops of ~5-15 us each. Here a
 * step is two small matrix products (BLAS) forward and two backward, with the gates computed in plain Java (in double
 * precision) on the few rows of one step; every product that does not depend on the previous step (the input
 * projection, the weight gradients) is one product over all steps. The equations are {@link Gru}'s (the same
 * parameters give the same outputs); results have the parameters' data type, so double-precision gradient checks
 * apply.
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
    private final DataType type;
    private final INDArray x;
    private final double[] keep;
    // Caches over all steps, row-major [steps * batch, hidden] (rows t * batch + b): masked previous state p, reset and
    // update gates, r * p, candidate, outputs.
    private final double[] prev;
    private final double[] reset;
    private final double[] update;
    private final double[] resetPrev;
    private final double[] candidate;
    private final double[] outputs;
    private INDArray outputArray;

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
        this.type = wx().dataType();
        this.x = x.castTo(type);
        this.keep = keep == null ? null : keep.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int n = steps * batch * hidden;
        this.prev = new double[n];
        this.reset = new double[n];
        this.update = new double[n];
        this.resetPrev = new double[n];
        this.candidate = new double[n];
        this.outputs = new double[n];
        forward(h0.castTo(DataType.DOUBLE).dup('c').data().asDouble());
    }

    private INDArray wx() {
        return gru.parameters().get(0).value();
    }

    private INDArray wh() {
        return gru.parameters().get(1).value();
    }

    /** Columns {@code [from, to)} of the recurrent weights as a standalone c-order matrix. */
    private INDArray whBlock(long from, long to) {
        return wh().get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c');
    }

    private void forward(double[] h0) {
        int bh = batch * hidden;
        int h3 = 3 * hidden;
        INDArray b = gru.parameters().get(2).value();
        // the input projection of every step at once: a = x Wx + b, [steps * batch, 3 hidden]
        double[] a = x.mmul(wx()).addiRowVector(b.reshape(1, h3)).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        INDArray whGates = whBlock(0, 2L * hidden);
        INDArray whCandidate = whBlock(2L * hidden, 3L * hidden);
        INDArray pArr = Nd4j.create(type, batch, hidden);
        INDArray gArr = Nd4j.create(type, batch, 2L * hidden);
        INDArray qArr = Nd4j.create(type, batch, hidden);
        INDArray cArr = Nd4j.create(type, batch, hidden);
        for (int t = 0; t < steps; t++) {
            int o = t * bh;
            for (int i = 0; i < bh; i++) {
                double h = t == 0 ? h0[i] : outputs[o - bh + i];
                prev[o + i] = keep == null ? h : h * keep[t * batch + i / hidden];
            }
            write(pArr, prev, o, bh);
            Nd4j.gemm(pArr, whGates, gArr, false, false, 1.0, 0.0);
            double[] g = gArr.data().asDouble();
            for (int r = 0; r < batch; r++) {
                int ar = (t * batch + r) * h3;
                for (int j = 0; j < hidden; j++) {
                    int i = o + r * hidden + j;
                    reset[i] = sigmoid(a[ar + j] + g[r * 2 * hidden + j]);
                    update[i] = sigmoid(a[ar + hidden + j] + g[r * 2 * hidden + hidden + j]);
                    resetPrev[i] = reset[i] * prev[i];
                }
            }
            write(qArr, resetPrev, o, bh);
            Nd4j.gemm(qArr, whCandidate, cArr, false, false, 1.0, 0.0);
            double[] c = cArr.data().asDouble();
            for (int r = 0; r < batch; r++) {
                int ar = (t * batch + r) * h3 + 2 * hidden;
                for (int j = 0; j < hidden; j++) {
                    int i = o + r * hidden + j;
                    candidate[i] = Math.tanh(a[ar + j] + c[r * hidden + j]);
                    // u * p + (1 - u) * c
                    outputs[i] = candidate[i] + update[i] * (prev[i] - candidate[i]);
                }
            }
        }
    }

    private static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }

    /** Writes {@code length} values of {@code src} from {@code from} into a standalone array of the GRU's type. */
    private void write(INDArray dst, double[] src, int from, int length) {
        if (type == DataType.DOUBLE) {
            dst.data().setData(java.util.Arrays.copyOfRange(src, from, from + length));
        } else {
            float[] f = new float[length];
            for (int i = 0; i < length; i++) {
                f[i] = (float) src[from + i];
            }
            dst.data().setData(f);
        }
    }

    /** A {@code [rows, cols]} array of the GRU's type holding {@code v}. */
    private INDArray array(double[] v, long rows, long cols) {
        INDArray d = Nd4j.create(v, new long[]{rows, cols}, 'c');
        return type == DataType.DOUBLE ? d : d.castTo(type);
    }

    /** The hidden state after every step, {@code [steps * batch, hidden]}, rows {@code t * batch + b}. */
    public INDArray outputs() {
        if (outputArray == null) {
            outputArray = array(outputs, (long) steps * batch, hidden);
        }
        return outputArray;
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
        long rows = (long) steps * batch;
        if (dOutputs.rank() != 2 || dOutputs.size(0) != rows || dOutputs.size(1) != hidden) {
            throw new IllegalArgumentException("output gradient must be [" + rows + ", " + hidden + "], got "
                    + java.util.Arrays.toString(dOutputs.shape()));
        }
        int bh = batch * hidden;
        int h3 = 3 * hidden;
        double[] dOut = dOutputs.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        INDArray whGates = whBlock(0, 2L * hidden);
        INDArray whCandidate = whBlock(2L * hidden, 3L * hidden);
        INDArray dcArr = Nd4j.create(type, batch, hidden);
        INDArray dqArr = Nd4j.create(type, batch, hidden);
        INDArray dgArr = Nd4j.create(type, batch, 2L * hidden);
        INDArray dpArr = Nd4j.create(type, batch, hidden);
        // gradient with respect to the pre-activations, [steps * batch, 3 hidden]: blocks r, u, c
        double[] dPre = new double[(int) rows * h3];
        double[] dc = new double[bh];
        double[] dg = new double[2 * bh];
        double[] dp = new double[bh];
        double[] dNext = new double[bh];
        for (int t = steps - 1; t >= 0; t--) {
            int o = t * bh;
            for (int r = 0; r < batch; r++) {
                int pr = (t * batch + r) * h3 + 2 * hidden;
                for (int j = 0; j < hidden; j++) {
                    int k = r * hidden + j;
                    int i = o + k;
                    double dh = dOut[i] + dNext[k];
                    double u = update[i];
                    double c = candidate[i];
                    // h = c + u * (p - c)
                    double dPreC = dh * (1 - u) * (1 - c * c);
                    dPre[pr + j] = dPreC;
                    dc[k] = dPreC;
                    dPre[pr - hidden + j] = dh * (prev[i] - c) * u * (1 - u);
                    dp[k] = dh * u;
                }
            }
            // c = tanh(a_c + q Wh_c), q = r * p
            write(dcArr, dc, 0, bh);
            Nd4j.gemm(dcArr, whCandidate, dqArr, false, true, 1.0, 0.0);
            double[] dq = dqArr.data().asDouble();
            for (int r = 0; r < batch; r++) {
                int pr = (t * batch + r) * h3;
                for (int j = 0; j < hidden; j++) {
                    int k = r * hidden + j;
                    int i = o + k;
                    double rg = reset[i];
                    dp[k] += dq[k] * rg;
                    double dPreR = dq[k] * prev[i] * rg * (1 - rg);
                    dPre[pr + j] = dPreR;
                    dg[r * 2 * hidden + j] = dPreR;
                    dg[r * 2 * hidden + hidden + j] = dPre[pr + hidden + j];
                }
            }
            // gates = sigmoid(a_ru + p Wh_ru)
            write(dgArr, dg, 0, 2 * bh);
            Nd4j.gemm(dgArr, whGates, dpArr, false, true, 1.0, 0.0);
            double[] dpg = dpArr.data().asDouble();
            for (int k = 0; k < bh; k++) {
                double v = dp[k] + dpg[k];
                dNext[k] = keep == null ? v : v * keep[t * batch + k / hidden];
            }
        }
        INDArray dPreArr = array(dPre, rows, h3);
        INDArray dWh = Nd4j.create(type, hidden, h3);
        dWh.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * hidden)).assign(array(prev, rows, hidden).transpose()
                .mmul(dPreArr.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * hidden))));
        dWh.get(NDArrayIndex.all(), NDArrayIndex.interval(2L * hidden, h3)).assign(array(resetPrev, rows, hidden)
                .transpose().mmul(dPreArr.get(NDArrayIndex.all(), NDArrayIndex.interval(2L * hidden, h3))));
        Map<Parameter, INDArray> grads = new LinkedHashMap<>();
        grads.put(gru.parameters().get(0), x.transpose().mmul(dPreArr));
        grads.put(gru.parameters().get(1), dWh);
        grads.put(gru.parameters().get(2), dPreArr.sum(0));
        return new Gradients(grads, dPreArr.mmul(wx().transpose()), array(dNext, batch, hidden));
    }
}
