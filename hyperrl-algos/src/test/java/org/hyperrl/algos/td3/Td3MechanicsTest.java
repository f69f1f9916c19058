package org.hyperrl.algos.td3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.ProgressSink;
import org.hyperrl.core.critic.CriticConfig;
import org.hyperrl.core.critic.CriticType;
import org.hyperrl.envs.registry.EnvRegistry;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** TD3's target policy smoothing and policy delay as specified (Fujimoto et al. 2018, Sarafian Table 5). */
class Td3MechanicsTest {

    private static Td3 td3(long steps, long start) {
        Td3Config c = Configs.with(Td3Config.paper(CriticType.MLP_SMALL.id()), Map.of("criticConfig",
                CriticConfig.small(), "totalSteps", steps, "startSteps", start, "batchSize", 8, "evalEvery", 0));
        return new Td3(EnvRegistry.create("Pendulum", Map.of("maxEpisodeSteps", 40)),
                EnvRegistry.create("Pendulum"), c, 3);
    }

    @Test
    void targetNoiseIsGaussianWithStd02ClippedAt05() {
        Td3 t = td3(10, 5);
        INDArray noise = t.targetNoise(200_000);
        double[] v = noise.toDoubleVector();
        int clipped = 0;
        double sum = 0;
        for (double x : v) {
            assertTrue(Math.abs(x) <= 0.5 + 1e-7, "noise " + x + " beyond the clip 0.5");
            if (Math.abs(x) >= 0.5 - 1e-7) {
                clipped++;
            }
            sum += x;
        }
        // P(|N(0, 0.2)| > 0.5) = 2 (1 - Phi(2.5)) = 0.01242; 200K draws: standard error 0.00025, tolerance 0.001.
        assertEquals(0.01242, clipped / (double) v.length, 0.001);
        assertEquals(0.0, sum / v.length, 0.002);
        // Below the clip the draws are N(0, 0.2): the interquartile range of N(0, s) is 1.349 s.
        java.util.Arrays.sort(v);
        double iqr = v[(int) (0.75 * v.length)] - v[(int) (0.25 * v.length)];
        assertEquals(1.349 * 0.2, iqr, 0.005);
    }

    @Test
    void actorAndTargetsUpdateEverySecondCriticUpdate() {
        Td3 t = td3(131, 30);
        t.train(ProgressSink.NONE, s -> { });
        long[] counts = t.updateCounts();
        assertEquals(101, counts[0], "one critic update per step after the 30 start steps");
        assertEquals(50, counts[1], "policy delay 2: after critic updates 2, 4, ..., 100, as in the reference TD3");
    }
}
