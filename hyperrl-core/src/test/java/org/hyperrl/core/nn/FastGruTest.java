package org.hyperrl.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.hyperrl.core.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class FastGruTest {
    private static final int IN = 40;
    private static final int H = 64;
    private static final int B = 5;

    private static void assertStepsEqual(Graph g, SDVariable next, FastGru fast, long seed) {
        INDArray x = TestArrays.normal(DataType.FLOAT, seed, B, IN);
        INDArray h = TestArrays.uniform(DataType.FLOAT, seed + 1, B, H, -1, 1);
        INDArray expected = g.run(Map.of("x", x, "h", h), next);
        float[] out = new float[B * H];
        fast.step(x.data().asFloat(), h.data().asFloat(), B, out);
        for (int n = 0; n < B; n++) {
            for (int j = 0; j < H; j++) {
                assertEquals(expected.getFloat(n, j), out[n * H + j], 1e-5, "row " + n + ", unit " + j);
            }
        }
        // In place, one row at a time.
        float[] row = h.getRow(2).dup().data().asFloat();
        fast.step(x.getRow(2).dup().data().asFloat(), row, 1, row);
        for (int j = 0; j < H; j++) {
            assertEquals(expected.getFloat(2, j), row[j], 1e-5, "row 2 in place, unit " + j);
        }
    }

    @Test
    void matchesTheGraphStepAndFollowsRefresh() {
        Parameters ps = new Parameters(DataType.FLOAT, 6);
        Gru gru = new Gru(ps, "gru", "rnn", IN, H);
        Graph g = new Graph(ps);
        SDVariable next = gru.step(g, g.input("x", IN), g.input("h", H));
        FastGru fast = new FastGru(gru);
        for (long seed = 1; seed <= 3; seed++) {
            assertStepsEqual(g, next, fast, 10 * seed);
        }
        for (Parameter p : gru.parameters()) {
            p.value().addi(TestArrays.normal(DataType.FLOAT, p.name().hashCode(), 1, (int) p.size())
                    .reshape(p.shape()).mul(0.1));
        }
        fast.refresh();
        assertStepsEqual(g, next, fast, 40);
        assertThrows(IllegalArgumentException.class, () -> fast.step(new float[IN], new float[H], 2, new float[2 * H]));
    }
}
