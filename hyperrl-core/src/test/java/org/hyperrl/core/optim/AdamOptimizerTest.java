package org.hyperrl.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused Adam loop against ND4J's Adam updater: the same parameters, moments and gradient norms after several steps
 * with and without clipping, in float (to float rounding) and double (to 1e-12), and the same checkpoint state layout.
 */
class AdamOptimizerTest {

    private static List<Parameter> parameters(DataType type) {
        Parameters ps = new Parameters(type, 3);
        SplittableRandom r = new SplittableRandom(5);
        for (long[] shape : new long[][]{{7, 5}, {5}, {3, 4, 2}}) {
            int n = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            double[] init = r.doubles(n, -1, 1).toArray();
            ps.add("p" + shape.length + "x" + n, "g", shape, init);
        }
        return ps.group("g");
    }

    @ParameterizedTest
    @CsvSource({"FLOAT, 0, 2e-6", "FLOAT, 0.5, 2e-6", "DOUBLE, 0, 1e-12", "DOUBLE, 0.5, 1e-12"})
    void fusedLoopEqualsNd4jsUpdater(DataType type, double maxGradNorm, double tolerance) {
        List<Parameter> a = parameters(type);
        List<Parameter> b = parameters(type);
        AdamOptimizer fused = new AdamOptimizer(a, 3e-2, maxGradNorm);
        AdamOptimizer nd4j = new AdamOptimizer(b, 3e-2, maxGradNorm).withNd4jUpdater();
        SplittableRandom r = new SplittableRandom(9);
        for (int step = 0; step < 6; step++) {
            Map<Parameter, INDArray> ga = new LinkedHashMap<>();
            Map<Parameter, INDArray> gb = new LinkedHashMap<>();
            for (int i = 0; i < a.size(); i++) {
                double[] g = r.doubles((int) a.get(i).size(), -2, 2).toArray();
                ga.put(a.get(i), Nd4j.create(g, a.get(i).shape(), 'c').castTo(type));
                gb.put(b.get(i), Nd4j.create(g, b.get(i).shape(), 'c').castTo(type));
                assertTrue(fused.fuses(a.get(i), ga.get(a.get(i))), "the fused loop is taken");
            }
            INDArray before = ga.get(a.get(0)).dup();
            fused.step(ga);
            nd4j.step(gb);
            assertEquals(before, ga.get(a.get(0)), "the fused step leaves the gradient unchanged");
            assertEquals(nd4j.lastGradNorm(), fused.lastGradNorm(), tolerance * nd4j.lastGradNorm());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(b.get(i).value().ravel().toDoubleVector(), a.get(i).value().ravel().toDoubleVector(),
                        tolerance * 10, "parameter " + a.get(i).name() + " after step " + step);
            }
        }
        Map<String, INDArray> sa = fused.state();
        Map<String, INDArray> sb = nd4j.state();
        assertEquals(sb.keySet(), sa.keySet());
        for (String k : sa.keySet()) {
            double[] x = sa.get(k).ravel().toDoubleVector();
            double[] y = sb.get(k).ravel().toDoubleVector();
            for (int i = 0; i < x.length; i++) {
                assertEquals(y[i], x[i], tolerance * Math.max(1, Math.abs(y[i])), k + "[" + i + "]");
            }
        }
        // the state of one path restores into the other and continues identically
        AdamOptimizer again = new AdamOptimizer(parameters(type), 3e-2, maxGradNorm);
        again.restore(sb);
        assertEquals(fused.iteration(), again.iteration());
    }

    @ParameterizedTest
    @CsvSource({"FLOAT", "DOUBLE"})
    void aNonFiniteGradientIsRefusedBeforeAnythingChanges(DataType type) {
        List<Parameter> a = parameters(type);
        AdamOptimizer adam = new AdamOptimizer(a, 1e-3, 0);
        Map<Parameter, INDArray> g = new LinkedHashMap<>();
        for (Parameter p : a) {
            g.put(p, Nd4j.zeros(type, p.shape()));
        }
        g.get(a.get(1)).putScalar(2, Double.NaN);
        double[] before = a.get(0).value().ravel().toDoubleVector();
        assertThrows(NonFiniteGradientException.class, () -> adam.step(g));
        assertArrayEquals(before, a.get(0).value().ravel().toDoubleVector(), 0.0);
        assertEquals(0, adam.iteration());
    }
}
