package org.hyperrl.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.TestArrays;
import org.hyperrl.core.dist.Categorical;
import org.hyperrl.core.dist.DiagGaussian;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.nn.GradientCheck;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Analytic gradients of an unrolled policy against central finite differences, in double precision: the loss
 * {@code sum_t (log pi(a_t) + V_t^2)} over T = 3 steps of B = 2 sequences, the first of which starts a new trial at
 * t = 1, with respect to every parameter.
 */
class ActorCriticGradientTest {
    private static final int T = 3;
    private static final int B = 2;
    private static final int OBS = 3;
    private static final int TASK = 2;

    @ParameterizedTest(name = "{0} discrete={1}")
    @CsvSource({"rnn, true", "rnn, false", "rnn+s, true", "rnn+hn, true", "rnn+hn, false", "multi+hn, false",
            "multi+hn, true", "multi, true", "mlp, false"})
    void gradientsMatchFiniteDifferences(String id, boolean discrete) {
        Parameters ps = new Parameters(DataType.DOUBLE, 21);
        int actions = discrete ? 3 : 2;
        // Hyperfan-in heads: under Bias-HyperInit no gradient would reach the hypernetwork input (and the encoder).
        PolicyConfig config = PolicyConfig.small().withInit(HyperInits.HYPERFAN_IN);
        ActorCritic p = Policies.create(id, ps, "policy", "policy", config, OBS, actions, discrete, TASK);
        if (p.logStd() != null) {
            // Away from the initial zeros, so that the log-std's gradient is exercised with std != 1.
            p.logStd().value().assign(Nd4j.createFromArray(0.3, -0.4));
        }
        Graph g = new Graph(ps);
        Map<String, INDArray> feeds = new LinkedHashMap<>();
        Map<String, List<SDVariable>> inputs = new LinkedHashMap<>();
        List<SDVariable> starts = new ArrayList<>();
        SDVariable loss = null;
        for (int t = 0; t < T; t++) {
            for (Map.Entry<String, Integer> e : p.inputWidths().entrySet()) {
                String name = e.getKey() + "_" + t;
                inputs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(g.input(name, e.getValue()));
                feeds.put(name, TestArrays.normal(DataType.DOUBLE, 100L * t + e.getKey().hashCode(), B, e.getValue()));
            }
            starts.add(g.input("start_" + t, 1));
            feeds.put("start_" + t, Nd4j.createFromArray(new double[][]{{t == 0 || t == 1 ? 1 : 0}, {t == 0 ? 1 : 0}}));
        }
        SDVariable h0 = p.stateSize() > 0 ? g.input("h0", p.stateSize()) : null;
        if (h0 != null) {
            feeds.put("h0", Nd4j.zeros(DataType.DOUBLE, B, p.stateSize()));
        }
        ActorCritic.Unrolled u = p.unroll(g, inputs, starts, h0);
        for (int t = 0; t < T; t++) {
            SDVariable a = g.input("action_" + t, actions);
            SDVariable logp;
            if (discrete) {
                INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, B, actions);
                oneHot.putScalar(0, t % actions, 1.0);
                oneHot.putScalar(1, (t + 1) % actions, 1.0);
                feeds.put("action_" + t, oneHot);
                logp = new Categorical(g.sd(), u.heads().get(t), actions).logProb(a);
            } else {
                feeds.put("action_" + t, TestArrays.normal(DataType.DOUBLE, 7 + t, B, actions));
                SDVariable mean = u.heads().get(t);
                logp = new DiagGaussian(g.sd(), mean, mean.mul(0).add(p.logStd(g)), actions).logProb(a);
            }
            SDVariable v = u.values().get(t);
            SDVariable term = logp.add(v.mul(v)).sum();
            loss = loss == null ? term : loss.add(term);
        }
        g.setLoss(loss);
        assertEquals(ps.all().size(), p.parameters().size());
        // eps 1e-5 rather than 1e-6: the loss sums several O(1) terms, whose rounding (~1e-15) divided by 2 eps would
        // reach ~1e-9 in the numeric gradient, visible against the 1e-4 floor; the O(eps^2) truncation stays ~1e-10.
        GradientCheck.Result r = GradientCheck.check(g, feeds, 1e-5, 6, 1e-4, 5);
        assertEquals(p.parameters().size(), g.trainableParameters().size(), "every parameter is bound");
        assertTrue(r.maxRelError() < 1e-5, "max relative error " + r.maxRelError() + " at " + r.worst());
    }
}
