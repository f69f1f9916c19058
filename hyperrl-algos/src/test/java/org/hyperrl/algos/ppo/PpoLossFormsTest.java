package org.hyperrl.algos.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.policy.ActorCritic;
import org.hyperrl.core.policy.Policies;
import org.hyperrl.core.policy.PolicyConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PPO's loss in its fast forms (a recurrent policy's encoder trained outside the graph,
 * {@link org.hyperrl.core.policy.SplitEncoder}; a feed-forward policy run once on all rows) gives the loss and every
 * parameter's gradient of the policy unrolled step by step in the graph, in double precision, with trials starting
 * inside the sequences and a carried initial state.
 */
class PpoLossFormsTest {
    private static final int T = 7;
    private static final int B = 3;

    @ParameterizedTest
    @CsvSource({"rnn, true", "rnn, false", "rnn+s, true", "rnn+hn, true", "rnn+hn, false", "mlp, true", "multi, false",
            "multi+hn, true"})
    void fastAndReferenceFormsGiveEqualGradients(String id, boolean discrete) {
        Parameters ps = new Parameters(DataType.DOUBLE, 11);
        int obs = 3;
        int actions = discrete ? 4 : 2;
        ActorCritic policy = Policies.create(id, ps, "policy", "policy", PolicyConfig.small(), obs, actions, discrete,
                2);
        assertEquals(policy.stateSize() > 0, policy.splitEncoder() != null, id + ": recurrent policies split");
        PpoLoss split = new PpoLoss(ps, "policy", policy, T, 0.1, 0.5, 0.01, false);
        PpoLoss whole = new PpoLoss(ps, "policy", policy, T, 0.1, 0.5, 0.01, true);
        Map<String, INDArray> feeds = feeds(policy, discrete, actions);

        Graph.Gradients a = split.gradients(feeds, ps.group("policy"), split.policyLoss);
        Graph.Gradients b = whole.gradients(feeds, ps.group("policy"), whole.policyLoss);
        assertEquals(b.loss(), a.loss(), 1e-12 * Math.max(1, Math.abs(b.loss())));
        for (Parameter p : ps.group("policy")) {
            INDArray ga = a.of(p).reshape(p.value().length());
            INDArray gb = b.of(p).reshape(p.value().length());
            double scale = Math.max(1e-8, gb.norm2Number().doubleValue());
            double diff = ga.sub(gb).norm2Number().doubleValue();
            assertTrue(diff <= 1e-9 * scale + 1e-14, p.name() + ": |split - unrolled| = " + diff + " of " + scale);
        }
        assertEquals(whole.run(feeds, whole.ratioDeviation).getDouble(0),
                split.run(feeds, split.ratioDeviation).getDouble(0), 1e-12);
    }

    private static Map<String, INDArray> feeds(ActorCritic policy, boolean discrete, int actions) {
        SplittableRandom rng = new SplittableRandom(3);
        Map<String, INDArray> f = new HashMap<>();
        for (int t = 0; t < T; t++) {
            for (Map.Entry<String, Integer> in : policy.inputWidths().entrySet()) {
                f.put(in.getKey() + "_" + t, normal(rng, B, in.getValue()));
            }
            INDArray start = Nd4j.zeros(DataType.DOUBLE, B, 1);
            if (t == 2 || t == 5) {
                start.putScalar(t == 2 ? 1 : 0, 0, 1.0);
            }
            f.put("start_" + t, start);
        }
        INDArray action = Nd4j.zeros(DataType.DOUBLE, T * B, actions);
        for (int i = 0; i < T * B; i++) {
            if (discrete) {
                action.putScalar(i, rng.nextInt(actions), 1.0);
            } else {
                for (int k = 0; k < actions; k++) {
                    action.putScalar(i, k, rng.nextGaussian());
                }
            }
        }
        f.put(PpoLoss.ACTION, action);
        f.put(PpoLoss.LOG_PROB, normal(rng, T * B, 1).subi(1.5));
        f.put(PpoLoss.ADVANTAGE, normal(rng, T * B, 1));
        f.put(PpoLoss.RETURN, normal(rng, T * B, 1));
        f.put(PpoLoss.VALUE, normal(rng, T * B, 1));
        if (policy.stateSize() > 0) {
            f.put(PpoLoss.H0, normal(rng, B, policy.stateSize()).muli(0.5));
        }
        return f;
    }

    private static INDArray normal(SplittableRandom rng, int rows, int cols) {
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int i = 0; i < cols; i++) {
                row[i] = rng.nextGaussian();
            }
        }
        return Nd4j.createFromArray(v);
    }
}
