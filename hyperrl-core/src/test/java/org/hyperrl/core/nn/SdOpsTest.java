package org.hyperrl.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Function;
import org.hyperrl.core.TestArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Each SameDiff workaround gives the right values and gradients, for a batch of one row (where the fused
 * {@code xw_plus_b} failed) and of several (where keep-dims row reductions failed). The inputs are parameters, so
 * the gradient check covers the gradient with respect to the input as well.
 */
class SdOpsTest {
    private static final DataType D = DataType.DOUBLE;

    /** Builds {@code op(x)} in a fresh graph on parameters, checks its value and its gradients. */
    private static void check(int batch, Parameters ps, Parameter x, Function<Graph, SDVariable> op, INDArray expected) {
        Graph g = new Graph(ps);
        SDVariable y = op.apply(g);
        INDArray value = g.run(Map.of(), y);
        assertArrayEquals(expected.shape(), value.shape(), "batch " + batch);
        assertTrue(expected.equalsWithEps(value, 1e-12), "batch " + batch + ": " + value + " vs " + expected);
        // A non-linear loss so that the gradient depends on every output entry differently.
        g.setLoss(g.sd().math().sin(y).sum());
        GradientCheck.Result r = GradientCheck.check(g, Map.of(), 1e-6, 20, 1e-4, batch);
        assertTrue(r.checked() > 0 && g.trainableParameters().contains(x));
        assertTrue(r.maxRelError() < 1e-6, "batch " + batch + ": " + r.worst());
    }

    private static Parameter param(Parameters ps, String name, long seed, int rows, int cols) {
        return ps.add(name, "g", new long[]{rows, cols}, TestArrays.normal(D, seed, rows, cols).data().asDouble());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void affineIsTheProductPlusBias(int batch) {
        Parameters ps = new Parameters(D, 1);
        Parameter x = param(ps, "x", 1, batch, 3);
        Parameter w = param(ps, "w", 2, 3, 5);
        Parameter b = ps.add("b", "g", new long[]{5}, TestArrays.normal(D, 3, 1, 5).data().asDouble());
        INDArray expected = x.value().mmul(w.value()).addRowVector(b.value());
        check(batch, ps, x, g -> SdOps.affine(g.bind(x), g.bind(w), g.bind(b)), expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void perSampleProductMultipliesEachRowByItsOwnMatrix(int batch) {
        Parameters ps = new Parameters(D, 1);
        Parameter x = param(ps, "x", 4, batch, 3);
        Parameter w = ps.add("w", "g", new long[]{batch, 3, 2}, TestArrays.normal(D, 5, 1, batch * 6).data().asDouble());
        INDArray expected = Nd4j.zeros(D, batch, 2);
        for (int n = 0; n < batch; n++) {
            expected.putRow(n, x.value().getRow(n).reshape(1, 3).mmul(w.value().slice(n)));
        }
        check(batch, ps, x, g -> SdOps.perSampleProduct(g.sd(), g.bind(x), g.bind(w), 2), expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void rowSumSumsEachRow(int batch) {
        Parameters ps = new Parameters(D, 1);
        Parameter x = param(ps, "x", 6, batch, 3);
        // Inside a larger graph (the failure appeared there): the row sum of an expression, not of an input.
        INDArray expected = Nd4j.math().tanh(x.value().dup()).sum(true, 1);
        check(batch, ps, x, g -> SdOps.rowSum(g.sd(), g.sd().math().tanh(g.bind(x)), 3), expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void columnsSelectAContiguousBlock(int batch) {
        Parameters ps = new Parameters(D, 1);
        Parameter x = param(ps, "x", 7, batch, 6);
        INDArray expected = x.value().get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5)).dup();
        check(batch, ps, x, g -> SdOps.columns(g.sd(), g.bind(x).mul(1.0), 6, 2, 3), expected);
        assertThrows(IllegalArgumentException.class, () -> SdOps.columns(new Graph(ps).sd(), null, 6, 4, 3));
    }
}
