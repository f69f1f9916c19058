package org.hyperrl.algos.sac;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.api.Configs;
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
        SacConfig c = Configs.with(SacConfig.paper(critic.id(), "Pendulum"), Map.of("criticConfig", cc,
                "totalSteps", STEPS, "evalEvery", 1_000, "evalEpisodes", 5, "startSteps", 1_000, "batchSize", 128));
        c = Configs.with(c, Map.of("actorLr", 3e-4, "criticLr", 3e-4, "rewardScale", 1.0, "alpha", 1.0,
                "autoAlpha", true));
        Sac sac = new Sac(EnvRegistry.create("Pendulum"), EnvRegistry.create("Pendulum"), c, 1);
        double[] best = {Double.NEGATIVE_INFINITY};
        sac.train((step, row) -> {
            Double e = row.get(Columns.EVAL_RETURN);
            if (e != null) {
                best[0] = Math.max(best[0], e);
                System.out.println(critic + " step " + step + " eval " + e + " alpha " + row.get(Sac.ALPHA));
            }
        }, s -> { });
        assertTrue(best[0] > -300, critic + ": best evaluation return " + best[0] + " within " + STEPS + " steps");
    }
}
