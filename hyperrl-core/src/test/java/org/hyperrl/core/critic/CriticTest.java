package org.hyperrl.core.critic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.TestArrays;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.nn.WeightSource;
import org.hyperrl.core.optim.AdamOptimizer;
import org.hyperrl.core.policy.HyperPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class CriticTest {

    @Test
    void saHyperAtHalfCheetahSizeMatchesThePaperCounts() {
        Parameters ps = new Parameters(DataType.FLOAT, 0);
        HyperCritic c = (HyperCritic) Critics.create(CriticType.SA_HYPER, ps, "q", "critic", 17, 6, CriticConfig.paper());
        long primary = Parameters.count(c.primaryParameters());
        long heads = Parameters.count(c.headParameters());
        // Sarafian D.1: ~6.5M primary, ~2.5M heads, ~9M in total; our exact layout gives 6,173,696 / 2,363,650.
        assertEquals(6_173_696, primary);
        assertEquals(2_363_650, heads);
        assertEquals(primary + heads, ps.count());
        assertEquals(6 * 256 + 256 + 256 + 256 + 1 + 1, c.hypernetwork().baseSpec().generatedCount());
    }

    @Test
    void baselineSizesMatchTheirDescriptions() {
        Parameters large = new Parameters(DataType.FLOAT, 0);
        Critics.create(CriticType.MLP_LARGE, large, "q", "critic", 17, 6, CriticConfig.paper());
        assertEquals(23 * 2900 + 2900 + 2900 * 2900 + 2900 + 2900 + 1, large.count()); // ~8.5M ("~9M")
        Parameters r35 = new Parameters(DataType.FLOAT, 0);
        Critics.create(CriticType.RESNET35, r35, "q", "critic", 17, 6, CriticConfig.paper());
        assertTrue(r35.count() > 4_500_000 && r35.count() < 4_700_000, "ResNet35 ~4.6M: " + r35.count());
    }

    @Test
    void beckXlPolicyForCheetahHasAbout516MillionHypernetworkParameters() {
        Parameters ps = new Parameters(DataType.FLOAT, 0);
        // Cheetah: state 20, action 6, VariBAD latent 5 -> hypernetwork input 10.
        HyperPolicy p = new HyperPolicy(ps, "policy", "policy", 20, 10, 6, HyperPolicy.Config.of(HyperPolicy.Size.XL));
        long hyper = Parameters.count(p.hypernetworkParameters());
        assertEquals(5.16e6, hyper, 0.01e6, "hypernetwork parameters: " + hyper);
        // projection 10*25+25; every head maps 25 features (+ bias) to its base layer: 26 x base parameters.
        assertEquals(275 + 26L * 99_462 + 26L * 98_817, hyper);
        long baseActor = p.actorSpec().generatedCount();
        assertEquals(99.5e3, baseActor, 0.1e3, "generated actor parameters: " + baseActor);
    }

    @ParameterizedTest
    @EnumSource(CriticType.class)
    void everyCriticsLossDecreasesOnAFixedBatch(CriticType type) {
        Parameters ps = new Parameters(DataType.FLOAT, 11);
        QNetwork q = Critics.create(type, ps, "q", "critic", 5, 2, CriticConfig.small());
        Graph g = new Graph(ps);
        SDVariable err = q.q(g, g.input("s", 5), g.input("a", 2)).sub(g.input("y", 1));
        g.setLoss(err.mul(err).mean());
        INDArray s = TestArrays.normal(DataType.FLOAT, 1, 32, 5);
        INDArray a = TestArrays.uniform(DataType.FLOAT, 2, 32, 2, -1, 1);
        INDArray y = s.getColumn(0, true).mul(a.getColumn(1, true)).add(s.getColumn(2, true));
        Map<String, INDArray> feeds = Map.of("s", s, "a", a, "y", y);
        AdamOptimizer adam = new AdamOptimizer(q.parameters(), 3e-3, 0);
        double first = adam.minimise(g, feeds);
        double last = first;
        for (int i = 0; i < 40; i++) {
            last = adam.minimise(g, feeds);
        }
        assertTrue(last < 0.8 * first, type + ": loss " + first + " -> " + last);
    }

    @ParameterizedTest
    @EnumSource(CriticType.class)
    void everyCriticHasFiniteGradientsForABatchOfOne(CriticType type) {
        // Regression: SameDiff M2.1's fused xw_plus_b failed in backprop for a single row.
        Parameters ps = new Parameters(DataType.FLOAT, 12);
        QNetwork q = Critics.create(type, ps, "q", "critic", 5, 2, CriticConfig.small());
        Graph g = new Graph(ps);
        SDVariable err = q.q(g, g.input("s", 5), g.input("a", 2)).sub(g.input("y", 1));
        g.setLoss(err.mul(err).mean());
        Graph.Gradients grads = g.gradients(Map.of("s", TestArrays.normal(DataType.FLOAT, 1, 1, 5),
                "a", TestArrays.normal(DataType.FLOAT, 2, 1, 2), "y", TestArrays.normal(DataType.FLOAT, 3, 1, 1)));
        assertEquals(q.parameters().size(), grads.byParameter().size());
        grads.byParameter().forEach((p, gr) -> assertTrue(Double.isFinite(gr.sumNumber().doubleValue()), p.name()));
    }

    /** Every parameter replaced by a graph constant of its value plus 0.01: no own parameter may be bound. */
    private static WeightSource shiftedConstants(Graph g, List<Parameter> params, Parameters assignTo) {
        Map<Parameter, SDVariable> m = new HashMap<>();
        for (Parameter p : params) {
            INDArray shifted = p.value().add(0.01);
            m.put(p, g.sd().constant(shifted));
            assignTo.get(p.name()).value().assign(shifted);
        }
        return WeightSource.adapted(m);
    }

    @ParameterizedTest
    @EnumSource(CriticType.class)
    void everyCriticReadsEveryWeightFromTheSource(CriticType type) {
        Parameters ps = new Parameters(DataType.FLOAT, 13);
        QNetwork q = Critics.create(type, ps, "q", "critic", 5, 2, CriticConfig.small());
        Parameters assigned = ps.copy();
        Graph ext = new Graph(ps);
        SDVariable qExt = q.q(ext, ext.input("s", 5), ext.input("a", 2), shiftedConstants(ext, q.parameters(), assigned));
        assertTrue(ext.trainableParameters().isEmpty(), "own parameters bound: " + ext.trainableParameters());
        Map<String, INDArray> feeds = Map.of("s", TestArrays.normal(DataType.FLOAT, 1, 3, 5),
                "a", TestArrays.normal(DataType.FLOAT, 2, 3, 2));
        INDArray external = ext.run(feeds, qExt);
        ps.assign(assigned);
        Graph own = new Graph(ps);
        INDArray expected = own.run(feeds, q.q(own, own.input("s", 5), own.input("a", 2)));
        assertTrue(external.equalsWithEps(expected, 1e-5), type + ": " + external + " vs " + expected);
    }

    @ParameterizedTest
    @EnumSource(HyperPolicy.Generator.class)
    void hyperPolicyReadsEveryWeightFromTheSource(HyperPolicy.Generator generator) {
        Parameters ps = new Parameters(DataType.FLOAT, 14);
        // Naive head init so that the generated weights depend on the feature (Bias-HyperInit's weight heads are 0).
        HyperPolicy pol = new HyperPolicy(ps, "pi", "pi", 3, 4, 2, new HyperPolicy.Config(8, new int[]{6}, 5,
                HyperInits.HYPERFAN_IN, generator, false));
        Parameters assigned = ps.copy();
        Graph ext = new Graph(ps);
        HyperPolicy.Outputs o = pol.apply(ext, ext.input("s", 3), ext.input("h", 4),
                shiftedConstants(ext, pol.parameters(), assigned));
        assertTrue(ext.trainableParameters().isEmpty(), "own parameters bound: " + ext.trainableParameters());
        Map<String, INDArray> feeds = Map.of("s", TestArrays.normal(DataType.FLOAT, 3, 3, 3),
                "h", TestArrays.normal(DataType.FLOAT, 4, 3, 4));
        Map<String, INDArray> external = ext.run(feeds, o.actor(), o.value(), o.logStd());
        ps.assign(assigned);
        Graph own = new Graph(ps);
        HyperPolicy.Outputs e = pol.apply(own, own.input("s", 3), own.input("h", 4));
        Map<String, INDArray> expected = own.run(feeds, e.actor(), e.value(), e.logStd());
        assertTrue(external.get(o.actor().name()).equalsWithEps(expected.get(e.actor().name()), 1e-5));
        assertTrue(external.get(o.value().name()).equalsWithEps(expected.get(e.value().name()), 1e-5));
        assertTrue(external.get(o.logStd().name()).equalsWithEps(expected.get(e.logStd().name()), 1e-5));
    }

    @Test
    void saHyperSplitEqualsTheWholeCritic() {
        Parameters ps = new Parameters(DataType.FLOAT, 2);
        HyperCritic c = (HyperCritic) Critics.create(CriticType.SA_HYPER, ps, "q", "critic", 5, 2, CriticConfig.small());
        Graph g = new Graph(ps);
        SDVariable s = g.input("s", 5);
        SDVariable a = g.input("a", 2);
        SDVariable whole = c.q(g, s, a);
        SDVariable split = c.evaluate(g, c.generate(g, s), a);
        Map<String, INDArray> out = g.run(Map.of("s", TestArrays.normal(DataType.FLOAT, 3, 9, 5),
                "a", TestArrays.normal(DataType.FLOAT, 4, 9, 2)), whole, split);
        assertTrue(out.get(whole.name()).equalsWithEps(out.get(split.name()), 1e-6));
        assertThrows(UnsupportedOperationException.class, () -> ((HyperCritic) Critics.create(CriticType.AS_HYPER,
                new Parameters(DataType.FLOAT, 1), "q", "c", 5, 2, CriticConfig.small())).generate(g, s));
    }

    @Test
    void unknownCriticNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CriticType.parse("hyper"));
        assertTrue(e.getMessage().contains("sa-hyper") && e.getMessage().contains("q-d2rl"), e.getMessage());
        assertEquals(CriticType.RESNET_FEATURES, CriticType.parse("RESNET_FEATURES"));
        assertThrows(IllegalArgumentException.class, () -> Critics.create(CriticType.MLP_SMALL,
                new Parameters(DataType.FLOAT, 1), "q", "c", 0, 2, CriticConfig.small()));
        assertTrue(Arrays.stream(CriticType.values()).filter(CriticType::isHyper).count() == 3);
    }
}
