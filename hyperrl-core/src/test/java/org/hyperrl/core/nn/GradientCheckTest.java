package org.hyperrl.core.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.hyperrl.core.TestArrays;
import org.hyperrl.core.critic.CriticConfig;
import org.hyperrl.core.critic.CriticType;
import org.hyperrl.core.critic.Critics;
import org.hyperrl.core.critic.QNetwork;
import org.hyperrl.core.hyper.DynamicHeads;
import org.hyperrl.core.hyper.Hypernetwork;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.policy.HyperPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Analytic gradients against central finite differences, in double precision. */
class GradientCheckTest {
    private static final double EPS = 1e-6;
    private static final double MAX_REL_ERROR = 1e-5;

    private static void assertGradientsMatch(Graph g, Map<String, INDArray> feeds, int perParam) {
        // Relative error with a floor of 1e-4 on the denominator: below that, central differences in double
        // precision are dominated by rounding (~1e-16 / eps).
        GradientCheck.Result r = GradientCheck.check(g, feeds, EPS, perParam, 1e-4, 42);
        assertTrue(r.checked() > 0);
        assertTrue(r.maxRelError() < MAX_REL_ERROR, "max relative error " + r.maxRelError() + " at " + r.worst());
    }

    @Test
    void dynamicNetworkWithGainsPerSample() {
        Parameters ps = new Parameters(DataType.DOUBLE, 7);
        Mlp trunk = new Mlp(ps, "trunk", "h", 4, new int[0], 6, Activation.TANH, Activation.TANH,
                LayerInits.KAIMING_UNIFORM, 1.0);
        BaseNetworkSpec spec = BaseNetworkSpec.mlp(3, new int[]{5}, 2, Activation.TANH, Activation.IDENTITY, true,
                LayerInits.NORMC, LayerInits.NORMC, 1.0);
        // Non-zero head weights so that every generated parameter depends on the meta-input.
        Hypernetwork h = new Hypernetwork(trunk, new DynamicHeads(ps, "heads", "h", spec, 6,
                HyperInits.naive(LayerInits.KAIMING_UNIFORM), 1.0));
        Graph g = new Graph(ps);
        SDVariable out = h.apply(g, g.input("meta", 4), g.input("x", 3));
        g.setLoss(out.mul(out).sum().mul(0.5).add(out.sum()));
        assertGradientsMatch(g, Map.of("meta", TestArrays.normal(DataType.DOUBLE, 1, 7, 4),
                "x", TestArrays.normal(DataType.DOUBLE, 2, 7, 3)), 12);
    }

    @ParameterizedTest
    @EnumSource(CriticType.class)
    void everyCriticSmall(CriticType type) {
        Parameters ps = new Parameters(DataType.DOUBLE, 3);
        CriticConfig c = CriticConfig.small().withHeadInit(HyperInits.sarafian(0.3, 0.3));
        QNetwork q = Critics.create(type, ps, "critic", "critic", 5, 2, c);
        Graph g = new Graph(ps);
        SDVariable qv = q.q(g, g.input("s", 5), g.input("a", 2));
        SDVariable target = g.input("y", 1);
        SDVariable err = qv.sub(target);
        g.setLoss(err.mul(err).mean());
        assertGradientsMatch(g, Map.of("s", TestArrays.normal(DataType.DOUBLE, 4, 6, 5),
                "a", TestArrays.uniform(DataType.DOUBLE, 5, 6, 2, -1, 1),
                "y", TestArrays.normal(DataType.DOUBLE, 6, 6, 1)), 4);
    }

    @Test
    void beckPolicyHeads() {
        Parameters ps = new Parameters(DataType.DOUBLE, 9);
        HyperPolicy.Config c = new HyperPolicy.Config(8, new int[]{6, 5}, 4, HyperInits.HYPERFAN_IN, HyperPolicy.Generator.FULL, false);
        HyperPolicy pol = new HyperPolicy(ps, "policy", "policy", 3, 4, 2, c);
        Graph g = new Graph(ps);
        HyperPolicy.Outputs o = pol.apply(g, g.input("s", 3), g.input("latent", 4));
        SDVariable actions = g.input("act", 2);
        // Gaussian log-likelihood of fixed actions plus a value loss: exercises mean, log-std and value.
        SDVariable z = actions.sub(o.actor()).div(g.sd().math().exp(o.logStd()));
        SDVariable logp = z.mul(z).mul(-0.5).sub(o.logStd()).sum(1);
        g.setLoss(logp.mean().neg().add(o.value().mul(o.value()).mean()));
        assertGradientsMatch(g, Map.of("s", TestArrays.normal(DataType.DOUBLE, 1, 5, 3),
                "latent", TestArrays.normal(DataType.DOUBLE, 2, 5, 4),
                "act", TestArrays.normal(DataType.DOUBLE, 3, 5, 2)), 6);
    }

    @Test
    void filmLayer() {
        Parameters ps = new Parameters(DataType.DOUBLE, 4);
        Film film = new Film(ps, "film", "f", 3, 4, 2, LayerInits.NORMC, 1.0);
        // Move the zero-initialised scale/shift heads away from zero so their gradients are exercised fully.
        for (Parameter p : film.parameters()) {
            p.value().addi(TestArrays.normal(DataType.DOUBLE, p.name().hashCode(), 1, (int) p.size())
                    .reshape(p.shape()).mul(0.3));
        }
        Graph g = new Graph(ps);
        SDVariable y = film.apply(g, g.input("x", 3), g.input("e", 2));
        g.setLoss(g.sd().math().tanh(y).sum());
        assertGradientsMatch(g, Map.of("x", TestArrays.normal(DataType.DOUBLE, 5, 4, 3),
                "e", TestArrays.normal(DataType.DOUBLE, 6, 4, 2)), 20);
    }

    @Test
    void gruSequence() {
        Parameters ps = new Parameters(DataType.DOUBLE, 5);
        Gru gru = new Gru(ps, "gru", "rnn", 3, 4);
        Graph g = new Graph(ps);
        SDVariable h = gru.apply(g, g.input("x", -1, -1, 3), g.input("h0", 4), 5);
        g.setLoss(h.mul(h).sum());
        INDArray x = TestArrays.normal(DataType.DOUBLE, 8, 5 * 2, 3).reshape(5, 2, 3);
        assertGradientsMatch(g, Map.of("x", x, "h0", TestArrays.normal(DataType.DOUBLE, 9, 2, 4)), 10);
    }
}
