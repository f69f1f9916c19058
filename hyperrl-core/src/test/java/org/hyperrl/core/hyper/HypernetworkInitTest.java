package org.hyperrl.core.hyper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.hyperrl.core.TestArrays;
import org.hyperrl.core.init.DenseInit;
import org.hyperrl.core.init.Gains;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.BaseNetworkSpec;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Identity;
import org.hyperrl.core.nn.LayerWeights;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameters;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Initialisation properties checked on generated parameters, through the graph. */
class HypernetworkInitTest {
    private static final BaseNetworkSpec SPEC = BaseNetworkSpec.mlp(6, new int[]{10}, 3, Activation.TANH,
            Activation.IDENTITY, false, LayerInits.NORMC, LayerInits.NORMC, 1.0);

    @Test
    void biasHyperInitGeneratesTheSameBaseSampleForAnyMetaInput() {
        Parameters ps = new Parameters(DataType.DOUBLE, 5);
        Mlp trunk = new Mlp(ps, "trunk", "h", 4, new int[]{16}, 8, Activation.TANH, Activation.TANH,
                LayerInits.KAIMING_UNIFORM, Gains.TANH);
        Hypernetwork h = new Hypernetwork(trunk, new DynamicHeads(ps, "heads", "h", SPEC, 8, HyperInits.BIAS_HYPERINIT, 1.0));
        Graph g = new Graph(ps);
        List<LayerWeights> gen = h.generate(g, g.input("meta", 4));
        INDArray meta = TestArrays.normal(DataType.DOUBLE, 3, 9, 4).mul(5);
        Map<String, INDArray> out = g.run(Map.of("meta", meta), gen.get(0).weight(), gen.get(1).weight(), gen.get(0).bias());
        INDArray w0 = out.get(gen.get(0).weight().name());
        INDArray w1 = out.get(gen.get(1).weight().name());
        // Equal to the sample stored in the head bias, for every one of the 9 very different inputs.
        INDArray sample0 = ps.get("heads/l0/W/b").value().reshape(6, 10);
        INDArray sample1 = ps.get("heads/l1/W/b").value().reshape(10, 3);
        for (int n = 0; n < 9; n++) {
            assertEquals(sample0, w0.slice(n), "layer 0, sample " + n);
            assertEquals(sample1, w1.slice(n), "layer 1, sample " + n);
        }
        assertEquals(0.0, out.get(gen.get(0).bias().name()).amaxNumber().doubleValue());
        // ...and that sample is a normc sample: every output unit's weights have norm g (5/3 hidden, 1 output).
        for (int j = 0; j < 10; j++) {
            assertEquals(Gains.TANH, sample0.getColumn(j).norm2Number().doubleValue(), 1e-12);
        }
        for (int j = 0; j < 3; j++) {
            assertEquals(1.0, sample1.getColumn(j).norm2Number().doubleValue(), 1e-12);
        }
    }

    @Test
    void weightHyperInitWithOneHotInputsGivesIndependentBaseNetworks() {
        int tasks = 4;
        Parameters ps = new Parameters(DataType.DOUBLE, 8);
        Hypernetwork h = new Hypernetwork(new Identity(tasks),
                new DynamicHeads(ps, "heads", "h", SPEC, tasks, HyperInits.WEIGHT_HYPERINIT, 1.0));
        Graph g = new Graph(ps);
        List<LayerWeights> gen = h.generate(g, g.input("task", tasks));
        INDArray w0 = g.run(Map.of("task", Nd4j.eye(tasks).castTo(DataType.DOUBLE)), gen.get(0).weight());
        // Replay the scheme's draws: layer 0's heads (scope heads/l0) draw `tasks` independent normc samples first.
        RandomGenerator replay = ps.rng("heads/l0");
        for (int i = 0; i < tasks; i++) {
            DenseInit expected = LayerInits.NORMC.sample(6, 10, Gains.TANH, replay);
            INDArray exp = Nd4j.create(expected.weight(), new long[]{6, 10}, 'c');
            assertTrue(exp.equalsWithEps(w0.slice(i), 1e-15), "task " + i + " gets its own base sample");
        }
        assertFalse(w0.slice(0).equalsWithEps(w0.slice(1), 1e-3));
    }

    @Test
    void hyperfanInGeneratesTheFormulaVarianceThroughTheGraph() {
        int dk = 64;
        Parameters ps = new Parameters(DataType.DOUBLE, 9);
        BaseNetworkSpec relu = BaseNetworkSpec.mlp(32, new int[]{64}, 1, Activation.RELU, Activation.IDENTITY, false,
                LayerInits.KAIMING_UNIFORM, LayerInits.KAIMING_UNIFORM, 1.0);
        Hypernetwork h = new Hypernetwork(new Identity(dk), new DynamicHeads(ps, "heads", "h", relu, dk,
                HyperInits.HYPERFAN_IN, 1.0));
        Graph g = new Graph(ps);
        List<LayerWeights> gen = h.generate(g, g.input("e", dk));
        INDArray w = g.run(Map.of("e", TestArrays.normal(DataType.DOUBLE, 10, 500, dk)), gen.get(0).weight());
        double var = w.varNumber().doubleValue();
        // Var = g^2 / (c_bias d_in) = 2 / (2 * 32); 500 x 2048 generated entries; tolerance 6%.
        assertEquals(2.0 / 64, var, 0.06 * 2.0 / 64);
    }

    @Test
    void embHyperSharesOneGeneratedSet() {
        Parameters ps = new Parameters(DataType.FLOAT, 1);
        Mlp trunk = new Mlp(ps, "trunk", "h", 5, new int[0], 8, Activation.RELU, Activation.RELU,
                LayerInits.KAIMING_UNIFORM, 1.0);
        Hypernetwork h = new Hypernetwork(trunk, new DynamicHeads(ps, "heads", "h", SPEC, 8, HyperInits.SARAFIAN, 1.0));
        Graph g = new Graph(ps);
        SDVariable emb = g.input("emb", 5);
        SDVariable x = g.input("x", 6);
        SDVariable shared = h.evaluate(g, h.generateShared(g, emb), x);
        INDArray e = TestArrays.uniform(DataType.FLOAT, 2, 1, 5, 0, 1);
        INDArray xs = TestArrays.normal(DataType.FLOAT, 3, 7, 6);
        INDArray ys = g.run(Map.of("emb", e, "x", xs), shared);
        Graph g2 = new Graph(ps);
        SDVariable perSample = h.apply(g2, g2.input("emb", 5), g2.input("x", 6));
        INDArray repeated = g2.run(Map.of("emb", e.repeat(0, 7), "x", xs), perSample);
        assertTrue(ys.equalsWithEps(repeated, 1e-5), "shared evaluation equals per-sample evaluation of copies");
    }
}
