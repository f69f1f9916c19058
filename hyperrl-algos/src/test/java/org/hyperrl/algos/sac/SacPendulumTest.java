package org.hyperrl.algos.sac;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hyperrl.core.critic.CriticConfig;
import org.hyperrl.core.critic.CriticType;
import org.hyperrl.envs.registry.EnvRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SAC learns Pendulum: a random policy scores about -1200, a solved one about -150. Bound: the best of the
 * evaluations (5 deterministic episodes every 1000 steps) within 8000 steps must exceed -300.
 */
@Tag("slow")
class SacPendulumTest {
    static final long STEPS = 8_000;

    @ParameterizedTest
    @EnumSource(value = CriticType.class, names = {"MLP_STANDARD", "SA_HYPER"})
    void learnsPendulum(CriticType critic) {
        CriticConfig cc = critic.isHyper()
                ? CriticConfig.small().withPrimary(CriticConfig.paper().primary().withWidths(1, 64, 64)).withDynamicHidden(64)
                : CriticConfig.paper();
        // Auto-tuned alpha, reward scale 1 and learning rate 3e-4 for both critics: the usual Pendulum settings.
        SacConfig c = SacConfig.paper(critic, "Pendulum").withCriticConfig(cc).withTotalSteps(STEPS)
                .withEvaluation(1_000, 5).withStartSteps(1_000).withLearningRates(3e-4, 3e-4).withRewardScale(1.0)
                .withAlpha(1.0, true).withBatchSize(128);
        Sac sac = new Sac(EnvRegistry.create("Pendulum"), EnvRegistry.create("Pendulum"), c, 1);
        double[] best = {Double.NEGATIVE_INFINITY};
        sac.train((step, row) -> {
            Double e = row.get("eval_return");
            if (e != null) {
                best[0] = Math.max(best[0], e);
                System.out.println(critic + " step " + step + " eval " + e + " alpha " + row.get("alpha"));
            }
        }, s -> { });
        assertTrue(best[0] > -300, critic + ": best evaluation return " + best[0] + " within " + STEPS + " steps");
    }
}
