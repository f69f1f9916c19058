package org.hyperrl.algos.ppo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.EnvFactory;
import org.hyperrl.algos.api.TrainingContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PPO learns on Grid-World with the paper's grid settings and a bounded budget. The {@code multi} policy sees the goal,
 * so this is PPO solving a (goal-conditioned) grid task: a random policy's trial return is about -6 and the
 * best possible about 44 (four 15-step episodes, ~4.5 steps to the goal at -0.1 each, +1 per step on it). The
 * threshold 20 needs the policy to head for the goal in most episodes.
 */
@Tag("slow")
class PpoGridLearningTest {
    static final long FRAMES = 40 * 960;

    @Test
    void multiPolicyLearnsToReachTheGoal() {
        PpoConfig c = Configs.with(PpoConfig.grid("multi"), Map.of("totalSteps", FRAMES, "evalEvery", 10,
                "logEvery", 10));
        Ppo ppo = new Ppo(new TrainingContext(EnvFactory.of("GridWorld", Map.of()), 1), c);
        double[] best = {Double.NEGATIVE_INFINITY};
        ppo.train((step, row) -> {
            Double e = row.get(Columns.EVAL_RETURN);
            if (e != null) {
                best[0] = Math.max(best[0], e);
                System.out.println("ppo multi GridWorld frame " + step + " eval " + e);
            }
        }, s -> { });
        assertTrue(best[0] > 20, "best evaluation return " + best[0] + " within " + FRAMES + " frames");
    }
}
