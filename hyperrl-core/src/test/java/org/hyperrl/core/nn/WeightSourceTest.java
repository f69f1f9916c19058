package org.hyperrl.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.TestArrays;
import org.hyperrl.core.hyper.DynamicHeads;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.init.LayerInits;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Modules applied to weights other than their own parameters: same values as assigned weights, and gradients. */
class WeightSourceTest {
    private static final double FLOAT_TOL = 1e-5;

    /** Random stand-ins of every parameter's shape, as graph constants, and the same values as plain arrays. */
    private static Map<Parameter, SDVariable> randomConstants(SameDiff sd, List<Parameter> params,
                                                              Map<String, INDArray> values, long seed) {
        Map<Parameter, SDVariable> out = new HashMap<>();
        for (Parameter p : params) {
            INDArray v = TestArrays.normal(p.value().dataType(), seed++, 1, (int) p.size()).reshape(p.shape());
            values.put(p.name(), v);
            out.put(p, sd.constant(v));
        }
        return out;
    }

    private static void assignAll(Parameters ps, Map<String, INDArray> values) {
        values.forEach((name, v) -> ps.get(name).value().assign(v));
    }

    @Test
    void linearOnExternalWeightsEqualsAssignedWeights() {
        Parameters ps = new Parameters(DataType.FLOAT, 1);
        Linear l = new Linear(ps, "l", "g", 3, 4, LayerInits.TORCH_DEFAULT, 1.0);
        Graph ext = new Graph(ps);
        Map<String, INDArray> values = new HashMap<>();
        SDVariable y = l.apply(ext, ext.input("x", 3),
                WeightSource.adapted(randomConstants(ext.sd(), l.parameters(), values, 10)));
        assertTrue(ext.trainableParameters().isEmpty(), "the own parameters are not bound");
        INDArray x = TestArrays.normal(DataType.FLOAT, 2, 5, 3);
        INDArray external = ext.run(Map.of("x", x), y);

        assignAll(ps, values);
        Graph own = new Graph(ps);
        SDVariable yOwn = l.apply(own, own.input("x", 3));
        assertTrue(external.equalsWithEps(own.run(Map.of("x", x), yOwn), FLOAT_TOL));
    }

    @Test
    void mlpOnExternalWeightsEqualsAssignedWeights() {
        Parameters ps = new Parameters(DataType.FLOAT, 2);
        Mlp mlp = new Mlp(ps, "mlp", "g", 3, new int[]{6, 5}, 2, Activation.TANH, Activation.IDENTITY,
                LayerInits.TORCH_DEFAULT, 1.0);
        Graph ext = new Graph(ps);
        Map<String, INDArray> values = new HashMap<>();
        Map<Parameter, SDVariable> stand = randomConstants(ext.sd(), mlp.parameters(), values, 20);
        // Leave the last bias unmapped: it falls back to the module's own parameter.
        Parameter ownBias = mlp.layers().get(2).bias();
        stand.remove(ownBias);
        values.remove(ownBias.name());
        SDVariable y = mlp.apply(ext, ext.input("x", 3), WeightSource.adapted(stand));
        assertEquals(List.of(ownBias), ext.trainableParameters());
        INDArray x = TestArrays.normal(DataType.FLOAT, 3, 7, 3);
        INDArray external = ext.run(Map.of("x", x), y);

        assignAll(ps, values);
        Graph own = new Graph(ps);
        SDVariable yOwn = mlp.apply(own, own.input("x", 3));
        assertTrue(external.equalsWithEps(own.run(Map.of("x", x), yOwn), FLOAT_TOL));
    }

    @Test
    void gruOnExternalWeightsEqualsAssignedWeights() {
        Parameters ps = new Parameters(DataType.FLOAT, 3);
        Gru gru = new Gru(ps, "gru", "g", 3, 4);
        Graph ext = new Graph(ps);
        Map<String, INDArray> values = new HashMap<>();
        SDVariable hs = gru.apply(ext, ext.input("x", -1, -1, 3), ext.input("h0", 4), 4,
                WeightSource.adapted(randomConstants(ext.sd(), gru.parameters(), values, 30)));
        Map<String, INDArray> feeds = Map.of("x", TestArrays.normal(DataType.FLOAT, 4, 4 * 2, 3).reshape(4, 2, 3),
                "h0", TestArrays.normal(DataType.FLOAT, 5, 2, 4));
        INDArray external = ext.run(feeds, hs);

        assignAll(ps, values);
        Graph own = new Graph(ps);
        SDVariable hsOwn = gru.apply(own, own.input("x", -1, -1, 3), own.input("h0", 4), 4);
        assertTrue(external.equalsWithEps(own.run(feeds, hsOwn), FLOAT_TOL));
        assertThrows(UnsupportedOperationException.class, () -> gru.step(ext, ext.input("x1", 3), ext.input("h1", 4),
                WeightSource.perSample(Map.of(gru.parameters().get(0), ext.sd().constant(values.get("gru/Wx"))))));
    }

    @Test
    void mlpOnPerSampleGeneratedWeightsEqualsEachSampleRunWithItsWeights() {
        Parameters ps = new Parameters(DataType.FLOAT, 4);
        Mlp mlp = new Mlp(ps, "mlp", "base", 3, new int[]{5}, 2, Activation.RELU, Activation.TANH,
                LayerInits.TORCH_DEFAULT, 1.0);
        // Naive head init: generated weights depend on z, so every sample gets different weights.
        DynamicHeads heads = new DynamicHeads(ps, "heads", "hyper", mlp.spec(), 4,
                HyperInits.naive(LayerInits.KAIMING_UNIFORM), 1.0);
        Graph g = new Graph(ps);
        List<LayerWeights> gen = heads.generate(g, g.input("z", 4), false);
        SDVariable y = mlp.apply(g, g.input("x", 3), WeightSource.generated(mlp.layers(), gen));
        assertTrue(g.trainableParameters().stream().allMatch(p -> p.group().equals("hyper")),
                "only the heads are bound: " + g.trainableParameters());

        int batch = 4;
        INDArray x = TestArrays.normal(DataType.FLOAT, 6, batch, 3);
        Map<String, INDArray> out = g.run(Map.of("z", TestArrays.normal(DataType.FLOAT, 7, batch, 4), "x", x),
                y, gen.get(0).weight(), gen.get(0).bias(), gen.get(1).weight(), gen.get(1).bias());
        INDArray ys = out.get(y.name());
        Graph own = new Graph(ps);
        SDVariable yOwn = mlp.apply(own, own.input("x", 3));
        for (int n = 0; n < batch; n++) {
            for (int l = 0; l < 2; l++) {
                Linear layer = mlp.layers().get(l);
                layer.weight().value().assign(out.get(gen.get(l).weight().name()).slice(n));
                layer.bias().value().assign(out.get(gen.get(l).bias().name()).getRow(n));
            }
            INDArray single = own.run(Map.of("x", x.get(NDArrayIndex.interval(n, n + 1), NDArrayIndex.all())), yOwn);
            assertTrue(single.equalsWithEps(ys.get(NDArrayIndex.interval(n, n + 1), NDArrayIndex.all()), FLOAT_TOL),
                    "sample " + n);
        }
    }

    @Test
    void mismatchesAreNamed() {
        Parameters ps = new Parameters(DataType.FLOAT, 5);
        Mlp mlp = new Mlp(ps, "mlp", "g", 3, new int[]{5}, 2, Activation.RELU, Activation.IDENTITY,
                LayerInits.TORCH_DEFAULT, 1.0);
        Graph g = new Graph(ps);
        Graph other = new Graph(ps);
        Parameter w = mlp.layers().get(0).weight();
        WeightSource foreign = WeightSource.adapted(Map.of(w, other.bind(w)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mlp.apply(g, g.input("x", 3), foreign));
        assertTrue(e.getMessage().contains("mlp/fc0/W"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WeightSource.generated(mlp.layers(), List.of()));
    }

    // ---- gradients reach whatever produced the weights (double precision, central differences) ----

    private static final double EPS = 1e-6;

    private static void assertGradientsMatch(Graph g, Map<String, INDArray> feeds, int perParam) {
        GradientCheck.Result r = GradientCheck.check(g, feeds, EPS, perParam, 1e-4, 42);
        assertTrue(r.checked() > 0);
        assertTrue(r.maxRelError() < 1e-5, "max relative error " + r.maxRelError() + " at " + r.worst());
    }

    @Test
    void gradientsReachTheParametersThatComputeTheWeights() {
        Parameters ps = new Parameters(DataType.DOUBLE, 6);
        Mlp mlp = new Mlp(ps, "mlp", "base", 3, new int[]{4}, 2, Activation.TANH, Activation.IDENTITY,
                LayerInits.TORCH_DEFAULT, 1.0);
        Map<Parameter, Parameter[]> producers = new HashMap<>();
        long seed = 40;
        for (Parameter p : mlp.parameters()) {
            producers.put(p, new Parameter[]{
                    ps.add("prod/A/" + p.name(), "prod", p.shape(), TestArrays.normal(DataType.DOUBLE, seed++, 1,
                            (int) p.size()).data().asDouble()),
                    ps.add("prod/B/" + p.name(), "prod", p.shape(), TestArrays.normal(DataType.DOUBLE, seed++, 1,
                            (int) p.size()).data().asDouble())});
        }
        Graph g = new Graph(ps);
        Map<Parameter, SDVariable> weights = new HashMap<>();
        producers.forEach((p, ab) -> weights.put(p, g.bind(ab[0]).mul(2.0).add(g.bind(ab[1]))));
        SDVariable y = mlp.apply(g, g.input("x", 3), WeightSource.adapted(weights));
        g.setLoss(y.mul(y).sum().mul(0.5).add(y.sum()));
        assertEquals(2 * mlp.parameters().size(), g.trainableParameters().size(), "only the producers are bound");
        assertGradientsMatch(g, Map.of("x", TestArrays.normal(DataType.DOUBLE, 8, 5, 3)), 8);
    }

    @Test
    void gradientsReachTheHeadsThatGenerateAnMlpsWeights() {
        Parameters ps = new Parameters(DataType.DOUBLE, 7);
        Mlp trunk = new Mlp(ps, "trunk", "hyper", 4, new int[0], 5, Activation.TANH, Activation.TANH,
                LayerInits.KAIMING_UNIFORM, 1.0);
        Mlp mlp = new Mlp(ps, "mlp", "base", 3, new int[]{4}, 2, Activation.TANH, Activation.IDENTITY,
                LayerInits.TORCH_DEFAULT, 1.0);
        DynamicHeads heads = new DynamicHeads(ps, "heads", "hyper", mlp.spec(), 5,
                HyperInits.naive(LayerInits.KAIMING_UNIFORM), 1.0);
        Graph g = new Graph(ps);
        List<LayerWeights> gen = heads.generate(g, trunk.apply(g, g.input("meta", 4)), false);
        SDVariable y = mlp.apply(g, g.input("x", 3), WeightSource.generated(mlp.layers(), gen));
        g.setLoss(g.sd().math().tanh(y).sum());
        assertEquals(trunk.parameters().size() + heads.parameters().size(), g.trainableParameters().size());
        assertGradientsMatch(g, Map.of("meta", TestArrays.normal(DataType.DOUBLE, 9, 3, 4),
                "x", TestArrays.normal(DataType.DOUBLE, 10, 3, 3)), 8);
    }

    @Test
    void mamlAdaptedWeightsDifferentiateThroughTheInnerStep() {
        Parameters ps = new Parameters(DataType.DOUBLE, 8);
        Mlp mlp = new Mlp(ps, "mlp", "policy", 3, new int[]{5}, 2, Activation.TANH, Activation.IDENTITY,
                LayerInits.TORCH_DEFAULT, 1.0);
        Graph g = new Graph(ps);
        double alpha = 0.1;
        Map<Parameter, SDVariable> adapted = new HashMap<>();
        long seed = 50;
        for (Parameter p : mlp.parameters()) {
            // theta' = theta - alpha * grad, with the inner gradient a constant (first-order term fixed).
            INDArray inner = TestArrays.normal(DataType.DOUBLE, seed++, 1, (int) p.size()).reshape(p.shape());
            adapted.put(p, g.bind(p).sub(g.sd().constant(inner).mul(alpha)));
        }
        SDVariable y = mlp.apply(g, g.input("x", 3), WeightSource.adapted(adapted));
        SDVariable target = g.input("y", 2);
        SDVariable err = y.sub(target);
        g.setLoss(err.mul(err).mean());
        Map<String, INDArray> feeds = Map.of("x", TestArrays.normal(DataType.DOUBLE, 11, 4, 3),
                "y", TestArrays.normal(DataType.DOUBLE, 12, 4, 2));
        assertGradientsMatch(g, feeds, 10);
        // The inner step really changes the output: theta' is not theta.
        Graph plain = new Graph(ps);
        SDVariable yPlain = mlp.apply(plain, plain.input("x", 3));
        INDArray x = feeds.get("x");
        assertTrue(!g.run(Map.of("x", x, "y", feeds.get("y")), y).equalsWithEps(plain.run(Map.of("x", x), yPlain), 1e-6));
    }
}
