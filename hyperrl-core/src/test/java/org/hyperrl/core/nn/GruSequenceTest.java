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

/**
 * {@link GruSequence} (eager forward, hand-written backpropagation through time) against the SameDiff unroll of
 * {@link Gru} and against central finite differences, in double precision, with trial resets inside the sequence.
 */
class GruSequenceTest {
    private static final int IN = 3;
    private static final int H = 4;
    private static final int B = 3;
    private static final int T = 5;

    /** keep = 1 - reset: row 0 resets at t = 0 (rows 1 and 2 carry h0 in), row 1 at t = 2, rows 0 and 2 at t = 3. */
    private static INDArray keep() {
        INDArray k = Nd4j.ones(DataType.DOUBLE, T * B, 1);
        k.putScalar(0, 0, 0.0);
        k.putScalar(2 * B + 1, 0, 0.0);
        k.putScalar(3 * B, 0, 0.0);
        k.putScalar(3 * B + 2, 0, 0.0);
        return k;
    }

    /** The loss sum(outputs * weights): its gradient with respect to the outputs is {@code weights}. */
    private static double loss(GruSequence s, INDArray weights) {
        return s.outputs().mul(weights).sumNumber().doubleValue();
    }

    @Test
    void outputsAndGradientsEqualTheSameDiffUnroll() {
        Parameters ps = new Parameters(DataType.DOUBLE, 5);
        Gru gru = new Gru(ps, "gru", "rnn", IN, H);
        INDArray x = TestArrays.normal(DataType.DOUBLE, 1, T * B, IN);
        INDArray h0 = TestArrays.normal(DataType.DOUBLE, 2, B, H);
        INDArray w = TestArrays.normal(DataType.DOUBLE, 3, T * B, H);
        INDArray keep = keep();

        Graph g = new Graph(ps);
        List<SDVariable> resets = new ArrayList<>();
        Map<String, INDArray> feeds = new HashMap<>(Map.of("x", x, "h0", h0));
        for (int t = 0; t < T; t++) {
            resets.add(g.input("reset_" + t, 1));
            feeds.put("reset_" + t, keep.get(NDArrayIndex.interval(t * B, (t + 1) * B), NDArrayIndex.all()).rsub(1.0));
        }
        Gru.Sequence seq = gru.unroll(g, g.input("x", IN), T, resets, g.input("h0", H), WeightSource.OWN);
        SDVariable outs = g.sd().reshape(g.sd().stack(0, seq.outputs().toArray(new SDVariable[0])), -1, H);
        g.setLoss(outs.mul(g.sd().constant(w)).sum());
        Graph.Gradients ref = g.gradients(feeds);
        Map<String, INDArray> refInputs = g.sd().calculateGradients(feeds, "x");

        GruSequence s = new GruSequence(gru, x, T, keep, h0);
        assertTrue(s.outputs().equalsWithEps(g.run(feeds, outs), 1e-12), "outputs differ from the SameDiff unroll");
        assertEquals(ref.loss(), loss(s, w), 1e-10);
        GruSequence.Gradients mine = s.backward(w);
        for (Parameter p : gru.parameters()) {
            INDArray expected = ref.of(p).reshape(p.shape());
            INDArray actual = mine.weights().get(p).reshape(p.shape());
            assertTrue(actual.equalsWithEps(expected, 1e-10), p.name() + ": " + actual + " vs " + expected);
        }
        assertTrue(mine.input().equalsWithEps(refInputs.get("x"), 1e-10), "input gradient");
        assertEquals(0.0, mine.h0().getRow(0).norm2Number().doubleValue(), 0.0, "row 0 resets before its first step");
    }

    @Test
    void gradientsMatchCentralFiniteDifferences() {
        Parameters ps = new Parameters(DataType.DOUBLE, 7);
        Gru gru = new Gru(ps, "gru", "rnn", IN, H);
        INDArray x = TestArrays.normal(DataType.DOUBLE, 4, T * B, IN);
        INDArray h0 = TestArrays.normal(DataType.DOUBLE, 5, B, H);
        INDArray w = TestArrays.normal(DataType.DOUBLE, 6, T * B, H);
        INDArray keep = keep();
        GruSequence.Gradients grads = new GruSequence(gru, x, T, keep, h0).backward(w);
        java.util.function.DoubleSupplier lossNow = () -> loss(new GruSequence(gru, x, T, keep, h0), w);
        double worst = 0;
        for (Parameter p : gru.parameters()) {
            worst = Math.max(worst, worstRelativeError(p.value(), grads.weights().get(p), lossNow));
        }
        assertTrue(worst < 1e-6, "largest relative error " + worst);
        // the initial state: row 0 resets before its first step, so its gradient is exactly zero
        double worstH0 = worstRelativeError(h0, grads.h0(), lossNow);
        assertTrue(worstH0 < 1e-6, "largest relative error of the initial-state gradient " + worstH0);
        assertEquals(0.0, grads.h0().getRow(0).norm2Number().doubleValue(), 0.0);
        assertTrue(grads.h0().getRow(1).norm2Number().doubleValue() > 0);
    }

    /**
     * The largest relative difference between {@code analytic} and the central finite differences of {@code loss} with
     * respect to every element of {@code values} (perturbed in place and restored).
     */
    private static double worstRelativeError(INDArray values, INDArray analytic, java.util.function.DoubleSupplier loss) {
        double eps = 1e-6;
        INDArray flat = values.reshape(values.length());
        INDArray expected = analytic.reshape(values.length());
        double worst = 0;
        for (long i = 0; i < values.length(); i++) {
            double orig = flat.getDouble(i);
            flat.putScalar(i, orig + eps);
            double plus = loss.getAsDouble();
            flat.putScalar(i, orig - eps);
            double minus = loss.getAsDouble();
            flat.putScalar(i, orig);
            double numeric = (plus - minus) / (2 * eps);
            worst = Math.max(worst, Math.abs(numeric - expected.getDouble(i)) / Math.max(1e-3, Math.abs(numeric)));
        }
        return worst;
    }

    @Test
    void floatOutputsFollowTheParametersType() {
        Parameters ps = new Parameters(DataType.FLOAT, 5);
        Gru gru = new Gru(ps, "gru", "rnn", IN, H);
        GruSequence s = new GruSequence(gru, TestArrays.normal(DataType.DOUBLE, 1, T * B, IN), T, null,
                Nd4j.zeros(DataType.FLOAT, B, H));
        assertEquals(DataType.FLOAT, s.outputs().dataType());
        assertEquals(DataType.FLOAT, s.backward(Nd4j.ones(DataType.FLOAT, T * B, H)).input().dataType());
    }

    @Test
    void wrongShapesAreRefusedWithTheExpectedShape() {
        Parameters ps = new Parameters(DataType.DOUBLE, 5);
        Gru gru = new Gru(ps, "gru", "rnn", IN, H);
        INDArray x = Nd4j.zeros(DataType.DOUBLE, T * B, IN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GruSequence(gru, x, T, null, Nd4j.zeros(DataType.DOUBLE, B + 1, H)));
        assertTrue(e.getMessage().contains("[" + B + ", " + H + "]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new GruSequence(gru, Nd4j.zeros(DataType.DOUBLE, T * B, IN + 1), T, null,
                        Nd4j.zeros(DataType.DOUBLE, B, H)));
        GruSequence s = new GruSequence(gru, x, T, null, Nd4j.zeros(DataType.DOUBLE, B, H));
        assertThrows(IllegalArgumentException.class, () -> s.backward(Nd4j.zeros(DataType.DOUBLE, T, H)));
    }
}
