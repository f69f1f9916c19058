package org.hyperrl.algos.maml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.EnvFactory;
import org.hyperrl.algos.api.TrainingContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * MAML-TRPO learns MAML's 2D navigation at the {@code small} preset (10 tasks x 10 episodes per iteration, MLP 64-64,
 * hypernetwork primary 64-128), 12 iterations, seed 0, then 40 test tasks: Vanilla-MAML's return after its adaptation
 * step beats its return before by at least 8 (measured: -24.4 after vs -48.5 before); Hyper-MAML, which reads the
 * oracle goal, beats Vanilla-MAML after adaptation by at least 3 (measured -17.7 vs -24.4). About a minute each on
 * 2 cores.
 */
@Tag("slow")
class MamlNavigationTest {

    static double[] trainAndEvaluate(String policy) {
        MamlConfig c = MamlAlgorithm.ALGORITHM.config("small", "Navigation2D", Map.of("policy", policy));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("evalEvery", 1_000_000);
        m.put("evalTasks", 40);
        Maml maml = new Maml(new TrainingContext(EnvFactory.of("Navigation2D", Map.of()), 0), Configs.with(c, m));
        for (int i = 0; i < 12; i++) {
            maml.iterate();
        }
        return maml.evaluate();
    }

    @Test
    void vanillaMamlAdaptsAndHyperMamlWithTheOracleTaskDoesBetter() {
        double[] vanilla = trainAndEvaluate(MamlConfig.MLP);
        double[] hyper = trainAndEvaluate(MamlConfig.HYPER);
        System.out.printf("2D navigation after 12 iterations: Vanilla-MAML before %.2f after %.2f; Hyper-MAML before "
                + "%.2f after %.2f%n", vanilla[0], vanilla[1], hyper[0], hyper[1]);
        assertTrue(vanilla[1] > vanilla[0] + 8, "Vanilla-MAML adapts: before " + vanilla[0] + ", after " + vanilla[1]);
        assertTrue(hyper[1] > vanilla[1] + 3, "Hyper-MAML " + hyper[1] + " vs Vanilla-MAML " + vanilla[1]
                + " after adaptation");
    }
}
