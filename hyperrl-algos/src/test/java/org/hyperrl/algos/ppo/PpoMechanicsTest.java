package org.hyperrl.algos.ppo;

import static org.hyperrl.algos.ppo.PpoRuns.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.EnvFactory;
import org.hyperrl.algos.api.TrainingContext;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.policy.PolicyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** PPO's mechanics: the first ratio, the clipped value loss, exact resume in the middle of trials, bad configs. */
class PpoMechanicsTest {
    @TempDir
    Path dir;

    private static PpoConfig tiny(String policy, String env, int processes, int steps, long total) {
        return Configs.with(PpoAlgorithm.paper(policy, env), Map.of("policyConfig", PolicyConfig.small(),
                "totalSteps", total, "processes", processes, "steps", steps, "minibatches", 2, "evalEvery", 0,
                "logEvery", 1));
    }

    private static Ppo ppo(PpoConfig c, String env, Map<String, ?> options) {
        return new Ppo(new TrainingContext(EnvFactory.of(env, options), 5), c);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rnn+hn", "rnn", "mlp"})
    void ratioIsOneOnTheFirstMinibatchOfAnUpdate(String policy) {
        Ppo grid = ppo(tiny(policy, "GridWorld", 4, 20, 80), "GridWorld", Map.of());
        assertEquals(0.0, grid.firstMinibatchRatioDeviation(), 1e-5, "discrete head");
        Ppo pendulum = ppo(tiny(policy, "Pendulum", 4, 20, 80), "Pendulum", Map.of());
        assertEquals(0.0, pendulum.firstMinibatchRatioDeviation(), 1e-5, "Gaussian head");
    }

    @Test
    void valueLossIsHalfTheLargerHuberOfTheUnclippedAndClippedErrors() {
        SameDiff sd = SameDiff.create();
        SDVariable v = sd.constant(Nd4j.createFromArray(new double[][]{{1.0}, {3.0}, {0.0}}));
        SDVariable old = sd.constant(Nd4j.createFromArray(new double[][]{{0.9}, {0.0}, {0.0}}));
        SDVariable ret = sd.constant(Nd4j.createFromArray(new double[][]{{1.5}, {2.5}, {0.3}}));
        double[] loss = PpoLoss.clippedValueLoss(sd, v, old, ret, 0.2).eval().toDoubleVector();
        // row 0: V - R = -0.5 (Huber 0.125); V_clip = 0.9 + clip(0.1) = 1.0, same: 0.5 * 0.125
        assertEquals(0.0625, loss[0], 1e-12);
        // row 1: V - R = 0.5 (0.125); V_clip = 0 + 0.2, V_clip - R = -2.3 (Huber 1.8): the larger wins
        assertEquals(0.5 * 1.8, loss[1], 1e-12);
        // row 2: V - R = -0.3 (0.045) both ways
        assertEquals(0.5 * 0.045, loss[2], 1e-12);
        SDVariable big = sd.constant(Nd4j.createFromArray(new double[][]{{-3.0}}));
        assertEquals(2.5, PpoLoss.huber(sd, big).eval().getDouble(0), 1e-12, "linear beyond 1");
    }

    @Test
    void resumeInTheMiddleOfTrialsReplaysThemExactly() throws Exception {
        // 50-step episodes, 30 steps per update: every checkpoint falls inside an episode of each process.
        PpoConfig c = tiny("rnn", "Pendulum", 2, 30, 240);
        Map<String, Integer> options = Map.of("maxEpisodeSteps", 50);
        Ppo full = ppo(c, "Pendulum", options);
        List<String> fullRows = rows(full);
        Ppo first = ppo(Configs.with(c, "totalSteps", 120), "Pendulum", options);
        List<String> rows = new ArrayList<>(rows(first));
        Path ckpt = dir.resolve("ppo.ckpt");
        first.saveCheckpoint(ckpt, Map.of());
        Ppo resumed = ppo(c, "Pendulum", options);
        resumed.loadCheckpoint(ckpt);
        assertEquals(120, resumed.step());
        rows.addAll(rows(resumed));
        assertEquals(fullRows, rows);
        for (Parameter p : full.parameters().all()) {
            assertArrayEquals(p.value().castTo(DataType.FLOAT).data().asFloat(),
                    resumed.parameters().get(p.name()).value().castTo(DataType.FLOAT).data().asFloat(), 0f, p.name());
        }
    }

    @Test
    void badConfigsAreRefusedWithTheFix() {
        IllegalArgumentException minibatches = assertThrows(IllegalArgumentException.class, () -> Configs.with(
                PpoConfig.grid("rnn"), "minibatches", 5));
        assertTrue(minibatches.getMessage().contains("minibatches (5) must divide processes (16)")
                && minibatches.getMessage().contains("minibatches = 4"), minibatches.getMessage());
        IllegalArgumentException task = assertThrows(IllegalArgumentException.class,
                () -> ppo(tiny("multi+hn", "Pendulum", 2, 10, 20), "Pendulum", Map.of()));
        assertTrue(task.getMessage().contains("task"), task.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> PpoConfig.grid("lstm"));
        assertTrue(unknown.getMessage().contains("rnn+hn"), unknown.getMessage());
    }
}
