package org.hyperrl.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.hyperrl.core.TestArrays;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.optim.AdamOptimizer;
import org.hyperrl.core.optim.Polyak;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GraphTest {

    @Test
    void graphsShareLiveParameterArrays() {
        Parameters ps = new Parameters(DataType.FLOAT, 1);
        Mlp mlp = new Mlp(ps, "net", "net", 3, new int[]{8}, 2, Activation.RELU, Activation.IDENTITY,
                LayerInits.TORCH_DEFAULT, 1.0);
        Graph train = new Graph(ps);
        SDVariable x = train.input("x", 3);
        SDVariable y = train.input("y", 2);
        train.setLoss(mlp.apply(train, x).sub(y).norm2());
        Graph frozen = new Graph(ps, p -> false);
        SDVariable out = mlp.apply(frozen, frozen.input("x", 3));

        INDArray xs = TestArrays.normal(DataType.FLOAT, 2, 16, 3);
        INDArray before = frozen.run(Map.of("x", xs), out).dup();
        AdamOptimizer adam = new AdamOptimizer(ps.all(), 1e-2, 0);
        adam.minimise(train, Map.of("x", xs, "y", Nd4j.zeros(DataType.FLOAT, 16, 2)));
        INDArray after = frozen.run(Map.of("x", xs), out);
        assertFalse(before.equalsWithEps(after, 1e-7), "an optimiser step in one graph is seen by the other");
        assertTrue(frozen.trainableParameters().isEmpty());
    }

    @Test
    void gradientsOfASubsetLeaveOthersOut() {
        Parameters ps = new Parameters(DataType.DOUBLE, 1);
        Linear a = new Linear(ps, "a", "actor", 3, 4, LayerInits.TORCH_DEFAULT, 1.0);
        Linear b = new Linear(ps, "b", "critic", 4, 1, LayerInits.TORCH_DEFAULT, 1.0);
        Graph g = new Graph(ps, p -> p.group().equals("actor"));
        g.setLoss(b.apply(g, a.apply(g, g.input("x", 3))).sum());
        Graph.Gradients grads = g.gradients(Map.of("x", TestArrays.normal(DataType.DOUBLE, 3, 5, 3)));
        assertEquals(ps.group("actor"), g.trainableParameters());
        assertEquals(2, grads.byParameter().size());
        assertThrows(IllegalArgumentException.class, () -> g.gradients(Map.of("x", Nd4j.zeros(DataType.DOUBLE, 1, 3)),
                java.util.List.of(b.weight())));
    }

    @Test
    void badInputsAreNamed() {
        Parameters ps = new Parameters(DataType.FLOAT, 1);
        Linear l = new Linear(ps, "l", "g", 17, 4, LayerInits.TORCH_DEFAULT, 1.0);
        Graph g = new Graph(ps);
        SDVariable out = l.apply(g, g.input("state", 17));
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> g.run(Map.of("state", Nd4j.zeros(DataType.FLOAT, 5, 16)), out));
        assertTrue(width.getMessage().contains("state") && width.getMessage().contains("17")
                && width.getMessage().contains("[5, 16]"), width.getMessage());
        INDArray nan = Nd4j.zeros(DataType.FLOAT, 2, 17);
        nan.putScalar(1, 3, Double.NaN);
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> g.run(Map.of("state", nan), out));
        assertTrue(n.getMessage().contains("NaN"), n.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> g.run(Map.of("obs", Nd4j.zeros(DataType.FLOAT, 2, 17)), out));
        assertTrue(unknown.getMessage().contains("obs") && unknown.getMessage().contains("state"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Linear(ps, "l", "g", 3, 3, LayerInits.ZEROS, 1.0),
                "duplicate scope");
        g.checkInputs(false);
        assertTrue(g.run(Map.of("state", nan), out).isMatrix(), "checks can be switched off");
    }

    @Test
    void polyakAveragesTowardsOnline() {
        Parameters online = new Parameters(DataType.DOUBLE, 3);
        new Linear(online, "q", "critic", 4, 2, LayerInits.TORCH_DEFAULT, 1.0);
        Parameters target = online.copy();
        INDArray t0 = target.get("q/W").value().dup();
        online.get("q/W").value().addi(1.0);
        Polyak.update(target, online, 0.005);
        INDArray expected = t0.mul(0.995).add(online.get("q/W").value().mul(0.005));
        assertTrue(expected.equalsWithEps(target.get("q/W").value(), 1e-12));
        Polyak.update(target, online, 1.0);
        assertEquals(online.get("q/W").value(), target.get("q/W").value());
        assertThrows(IllegalArgumentException.class, () -> Polyak.update(target, online, 1.5));
    }

    @Test
    void adamMatchesTheUpdateFormulaAndClips() {
        Parameters ps = new Parameters(DataType.DOUBLE, 1);
        Parameter p = ps.add("p", "g", new long[]{3}, new double[]{1, -2, 3});
        AdamOptimizer adam = new AdamOptimizer(ps.all(), 0.1, 0);
        double[] m = new double[3];
        double[] v = new double[3];
        double[] x = {1, -2, 3};
        for (int t = 1; t <= 3; t++) {
            double[] grad = {2 * x[0], 2 * x[1], 2 * x[2]};
            adam.step(Map.of(p, Nd4j.createFromArray(grad.clone())));
            for (int i = 0; i < 3; i++) {
                m[i] = 0.9 * m[i] + 0.1 * grad[i];
                v[i] = 0.999 * v[i] + 0.001 * grad[i] * grad[i];
                double alpha = 0.1 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                x[i] -= alpha * m[i] / (Math.sqrt(v[i]) + 1e-8);
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(x[i], p.value().getDouble(i), 1e-6, "step " + t + " entry " + i);
            }
        }
        AdamOptimizer clipped = new AdamOptimizer(ps.all(), 0.1, 1.0);
        INDArray big = Nd4j.createFromArray(30.0, 40.0, 0.0);
        clipped.step(Map.of(p, big));
        assertEquals(50.0, clipped.lastGradNorm(), 1e-9);
        INDArray nan = Nd4j.createFromArray(Double.NaN, 0.0, 0.0);
        assertThrows(org.hyperrl.core.optim.NonFiniteGradientException.class, () -> clipped.step(Map.of(p, nan)));
    }
}
