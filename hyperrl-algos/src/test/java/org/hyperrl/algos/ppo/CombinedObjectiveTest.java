package org.hyperrl.algos.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.EnvFactory;
import org.hyperrl.algos.api.TrainingContext;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.policy.PolicyConfig;
import org.junit.jupiter.api.Test;

/**
 * Beck et al. 2023's combined objective on RNN+HN ({@code inference.endToEndTaskWeight} = w): the loss is
 * {@code (1 - w)} PPO's plus {@code w} times the task term, the term's gradient reaches the encoder, training with a
 * large weight fits the read-out, and the option is refused where it has no meaning.
 */
class CombinedObjectiveTest {
    private static final Map<String, Object> GRID = Map.of("maxEpisodeSteps", 5, "episodesPerTrial", 3);

    private static PpoConfig tiny(String method, double w, int updates) {
        return Configs.with(PpoAlgorithm.paper(method, "GridWorld"), Map.of("policyConfig", PolicyConfig.small(),
                "totalSteps", 60L * updates, "processes", 4, "steps", 15, "minibatches", 2, "evalEvery", 0,
                "logEvery", 1, "inference.endToEndTaskWeight", w));
    }

    private static Ppo ppo(PpoConfig c) {
        return new Ppo(new TrainingContext(EnvFactory.of("GridWorld", GRID), 5), c);
    }

    @Test
    void theLossIsTheWeightedSumAndItsGradientReachesTheEncoder() {
        double w = 0.3;
        Ppo combined = ppo(tiny("rnn+hn", w, 1));
        Graph.Gradients g = combined.firstMinibatchLoss();
        PpoLoss loss = combined.metaLoss();
        double ppoLoss = g.outputs().get(loss.policyLoss.name()).getDouble(0)
                + 0.5 * g.outputs().get(loss.valueLoss.name()).getDouble(0)
                - 0.1 * g.outputs().get(loss.entropy.name()).getDouble(0);
        double task = g.outputs().get(loss.taskLoss.name()).getDouble(0);
        assertTrue(task > 0);
        assertEquals((1 - w) * ppoLoss + w * task, g.loss(), 1e-5 * Math.max(1, Math.abs(g.loss())));
        Ppo plain = ppo(tiny("rnn+hn", 0, 1));
        Graph.Gradients g0 = plain.firstMinibatchLoss();
        Parameter gru = combined.parameters().all().stream().filter(p -> p.name().contains("encoder/gru"))
                .findFirst().orElseThrow();
        assertNotEquals(g0.of(plain.parameters().get(gru.name())).getDouble(0), g.of(gru).getDouble(0),
                "the task term changes the encoder's gradient");
        assertTrue(combined.parameters().get("policy/task_readout/W").group().equals(PpoAgent.POLICY),
                "the read-out is trained with the policy");
    }

    /**
     * With w = 0.9 (Adam 3e-3, 60 updates) the task term must halve: the read-out learns at least the goal prior's
     * mean (the term starts near E||c||^2 ~ 14 on the 5x5 grid; the prior's variance is ~4).
     */
    @Test
    void aLargeWeightFitsTheTaskEstimate() {
        Ppo ppo = ppo(Configs.with(tiny("rnn", 0.9, 60), "lr", 3e-3));
        List<Double> task = new ArrayList<>();
        ppo.train((step, row) -> row.forEach((k, v) -> {
            if (k.equals(Ppo.TASK_LOSS)) {
                task.add(v);
            }
        }), s -> { });
        double first = task.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = task.subList(55, 60).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(last < 0.5 * first, "task term " + first + " -> " + last);
    }

    @Test
    void theOptionIsRefusedWhereItHasNoMeaning() {
        IllegalArgumentException vi = assertThrows(IllegalArgumentException.class, () -> tiny("vi", 0.1, 100));
        assertTrue(vi.getMessage().contains("recurrent method without inference"), vi.getMessage());
        IllegalArgumentException mlp = assertThrows(IllegalArgumentException.class, () -> tiny("mlp", 0.1, 1));
        assertTrue(mlp.getMessage().contains("recurrent method without inference"), mlp.getMessage());
        IllegalArgumentException weight = assertThrows(IllegalArgumentException.class, () -> tiny("rnn", 1.0, 1));
        assertTrue(weight.getMessage().contains("[0, 1)"), weight.getMessage());
        PpoConfig pendulum = Configs.with(PpoAlgorithm.paper("rnn", "Pendulum"), Map.of("policyConfig",
                PolicyConfig.small(), "totalSteps", 40, "processes", 2, "steps", 10, "minibatches", 1,
                "inference.endToEndTaskWeight", 0.1));
        IllegalArgumentException task = assertThrows(IllegalArgumentException.class,
                () -> new Ppo(new TrainingContext(EnvFactory.of("Pendulum", Map.of()), 1), pendulum));
        assertTrue(task.getMessage().contains("reveals its task"), task.getMessage());
    }
}
