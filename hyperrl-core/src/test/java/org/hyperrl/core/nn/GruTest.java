package org.hyperrl.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** {@link Gru}'s unrolled sequence against the GRU equations evaluated step by step on arrays. */
class GruTest {
    private static final int IN = 3;
    private static final int H = 5;
    private static final int B = 3;
    private static final int T = 6;

    /** Resets: every row at t = 0, row 1 at t = 2, rows 0 and 2 at t = 4. */
    private static List<INDArray> resets() {
        List<INDArray> out = new ArrayList<>();
        for (int t = 0; t < T; t++) {
            INDArray r = Nd4j.zeros(DataType.DOUBLE, B, 1);
            if (t == 0) {
                r.assign(1.0);
            } else if (t == 2) {
                r.putScalar(1, 0, 1.0);
            } else if (t == 4) {
                r.putScalar(0, 0, 1.0);
                r.putScalar(2, 0, 1.0);
            }
            out.add(r);
        }
        return out;
    }

    /** The equations of {@link Gru}'s Javadoc on arrays, one step. */
    private static INDArray referenceStep(Gru gru, INDArray x, INDArray h) {
        List<Parameter> p = gru.parameters();
        INDArray wx = p.get(0).value();
        INDArray wh = p.get(1).value();
        INDArray b = p.get(2).value().reshape(1, 3 * H);
        INDArray xz = x.mmul(wx).addRowVector(b);
        INDArray r = Transforms.sigmoid(block(xz, 0).add(h.mmul(block(wh, 0))));
        INDArray u = Transforms.sigmoid(block(xz, 1).add(h.mmul(block(wh, 1))));
        INDArray c = Transforms.tanh(block(xz, 2).add(r.mul(h).mmul(block(wh, 2))));
        return u.mul(h).add(u.rsub(1.0).mul(c));
    }

    private static INDArray block(INDArray m, int k) {
        return m.get(NDArrayIndex.all(), NDArrayIndex.interval((long) k * H, (long) (k + 1) * H));
    }

    @Test
    void unrollWithResetsMatchesTheEquations() {
        Parameters ps = new Parameters(DataType.DOUBLE, 3);
        Gru gru = new Gru(ps, "gru", "rnn", IN, H);
        Graph g = new Graph(ps);
        List<SDVariable> resetVars = new ArrayList<>();
        for (int t = 0; t < T; t++) {
            resetVars.add(g.input("reset_" + t, 1));
        }
        Gru.Sequence seq = gru.unroll(g, g.input("x", IN), T, resetVars, g.input("h0", H), WeightSource.OWN);
        INDArray x = TestArrays.normal(DataType.DOUBLE, 1, T * B, IN);
        INDArray h0 = TestArrays.normal(DataType.DOUBLE, 2, B, H);
        List<INDArray> resets = resets();
        Map<String, INDArray> feeds = new HashMap<>(Map.of("x", x, "h0", h0));
        for (int t = 0; t < T; t++) {
            feeds.put("reset_" + t, resets.get(t));
        }
        Map<String, INDArray> out = g.run(feeds, seq.outputs().toArray(new SDVariable[0]));

        INDArray h = h0;
        for (int t = 0; t < T; t++) {
            INDArray keep = resets.get(t).rsub(1.0).broadcast(B, H);
            INDArray xt = x.get(NDArrayIndex.interval((long) t * B, (long) (t + 1) * B), NDArrayIndex.all());
            h = referenceStep(gru, xt, h.mul(keep));
            INDArray got = out.get(seq.outputs().get(t).name());
            assertTrue(h.equalsWithEps(got, 1e-12), "step " + t + ": expected " + h + " got " + got);
        }
        assertEquals(seq.outputs().get(T - 1), seq.last());
        assertThrows(IllegalArgumentException.class,
                () -> gru.unroll(g, g.input("x2", IN), T + 1, resetVars, g.input("h2", H), WeightSource.OWN));
    }

    @Test
    void stepMatchesTheEquations() {
        Parameters ps = new Parameters(DataType.DOUBLE, 4);
        Gru gru = new Gru(ps, "gru", "rnn", IN, H);
        Graph g = new Graph(ps);
        SDVariable next = gru.step(g, g.input("x", IN), g.input("h", H));
        INDArray x = TestArrays.normal(DataType.DOUBLE, 5, B, IN);
        INDArray h = TestArrays.normal(DataType.DOUBLE, 6, B, H);
        assertTrue(referenceStep(gru, x, h).equalsWithEps(g.run(Map.of("x", x, "h", h), next), 1e-12));
    }

    /**
     * Finite differences through every part of the unroll: the per-step row blocks of the input projection and the
     * gate column blocks of graph outputs (slices whose backward this relies on), the reset masks, and an input
     * layer in front, so that the gradient reaching {@code xAll} is checked too.
     */
    @Test
    void unrollGradientsMatchFiniteDifferences() {
        Parameters ps = new Parameters(DataType.DOUBLE, 5);
        Linear embed = new Linear(ps, "embed", "rnn", 2, IN, org.hyperrl.core.init.LayerInits.TORCH_DEFAULT, 1.0);
        Gru gru = new Gru(ps, "gru", "rnn", IN, H);
        Graph g = new Graph(ps);
        List<SDVariable> resetVars = new ArrayList<>();
        for (int t = 0; t < T; t++) {
            resetVars.add(g.input("reset_" + t, 1));
        }
        SDVariable xAll = g.sd().math().tanh(embed.apply(g, g.input("obs", 2)));
        Gru.Sequence seq = gru.unroll(g, xAll, T, resetVars, g.input("h0", H), WeightSource.OWN);
        // Each step's output weighted differently, so that an error in one step's slice cannot cancel out.
        SDVariable loss = seq.last().mul(seq.last()).sum();
        for (int t = 0; t < T; t++) {
            loss = loss.add(seq.outputs().get(t).mul(0.3 * (t + 1)).sum());
        }
        g.setLoss(loss);
        Map<String, INDArray> feeds = new HashMap<>(Map.of("obs", TestArrays.normal(DataType.DOUBLE, 7, T * B, 2),
                "h0", TestArrays.normal(DataType.DOUBLE, 8, B, H)));
        List<INDArray> resets = resets();
        for (int t = 0; t < T; t++) {
            feeds.put("reset_" + t, resets.get(t));
        }
        GradientCheck.Result r = GradientCheck.check(g, feeds, 1e-6, 30, 1e-4, 11);
        assertTrue(r.checked() > 0);
        assertTrue(r.maxRelError() < 1e-5, "max relative error " + r.maxRelError() + " at " + r.worst());
    }

    /**
     * A minibatch of one sequence: the gate blocks are split by reshape and unstack because a column slice's backward
     * fails in M2.1 for single-row values (a PPO minibatch of one sequence hit it).
     */
    @Test
    void gradientsFlowForASingleSequence() {
        Parameters ps = new Parameters(DataType.DOUBLE, 6);
        Gru gru = new Gru(ps, "gru", "rnn", IN, H);
        Graph g = new Graph(ps);
        SDVariable xAll = g.input("x", IN);
        Gru.Sequence seq = gru.unroll(g, xAll, 2, null, g.input("h0", H), WeightSource.OWN);
        g.setLoss(seq.last().mul(seq.last()).sum().add(seq.outputs().get(0).sum()));
        Map<String, INDArray> feeds = Map.of("x", TestArrays.normal(DataType.DOUBLE, 3, 2, IN),
                "h0", TestArrays.normal(DataType.DOUBLE, 4, 1, H));
        GradientCheck.Result r = GradientCheck.check(g, feeds, 1e-6, 30, 1e-4, 12);
        assertTrue(r.checked() > 0);
        assertTrue(r.maxRelError() < 1e-5, "max relative error " + r.maxRelError() + " at " + r.worst());
    }
}
