package org.hyperrl.algos.ppo;

import static org.hyperrl.algos.ppo.PpoRuns.changed;
import static org.hyperrl.algos.ppo.PpoRuns.rows;
import static org.hyperrl.algos.ppo.PpoRuns.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.EnvFactory;
import org.hyperrl.algos.api.TrainingContext;
import org.hyperrl.algos.meta.InferenceConfig;
import org.hyperrl.algos.meta.Vae;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.policy.PolicyConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * TI and TI++ (and their hypernetwork forms) inside PPO: the multi-task pre-training comes first and its frames count
 * in the budget; TI++ starts the meta-policy from the pre-trained one bit for bit, TI from its own initialisation; the
 * inference target g(c) gets no gradient from the inference loss; TI keeps only the meta-phase trials, TI++ the
 * pre-training's too; exact resume in the middle of the pre-training; bad configs; and (slow) TI learns to infer g(c)
 * on a 3x3 Grid-World.
 */
class TaskInferencePpoTest {
    private static final Map<String, Object> GRID = Map.of("maxEpisodeSteps", 5, "episodesPerTrial", 3);

    @TempDir
    Path dir;

    /** 2 processes x 15 steps per update (one trial), {@code pretrain} updates of pre-training. */
    static PpoConfig tiny(String method, int updates, int pretrain) {
        InferenceConfig inf = PpoAlgorithm.smallInference(PpoAlgorithm.paper(method, "GridWorld").inference())
                .withPretrainUpdates(pretrain);
        return Configs.with(PpoAlgorithm.paper(method, "GridWorld"), Map.of("policyConfig", PolicyConfig.small(),
                "totalSteps", 30L * updates, "processes", 2, "steps", 15, "minibatches", 2, "evalEvery", 0,
                "logEvery", 1, "inference", inf));
    }

    private static Ppo ppo(PpoConfig c) {
        return new Ppo(new TrainingContext(EnvFactory.of("GridWorld", GRID), 5), c);
    }

    /**
     * The first two updates (60 frames of the 120) train pi' only; the next two the meta-policy and the encoder only;
     * at the switch TI++'s meta-policy equals pi' (its own task projection aside) bit for bit, and TI's is still at
     * its initialisation.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ti", "ti++", "ti+hn", "ti++hn"})
    void preTrainingComesFirstInsideTheBudgetThenTheMetaPolicy(String method) {
        Ppo ppo = ppo(tiny(method, 4, 2));
        Map<String, float[]> initial = snapshot(ppo);
        List<Long> steps = new ArrayList<>();
        boolean plus = method.startsWith("ti++");
        Map<String, float[]>[] atSwitch = new Map[1];
        ppo.train((s, r) -> { }, step -> {
            steps.add(step);
            if (step == 60) {
                assertTrue(changed(initial, ppo, Ppo.PRETRAIN), "pre-training trained pi'");
                assertFalse(changed(initial, ppo, Vae.GROUP), "no inference training during pre-training");
                for (Parameter p : ppo.parameters().group(PpoAgent.POLICY)) {
                    String rest = p.name().substring("policy/".length());
                    float[] now = p.value().castTo(DataType.FLOAT).data().asFloat();
                    if (rest.startsWith("context_projection/") || !plus) {
                        assertArrayEquals(initial.get(p.name()), now, 0f, p.name() + " at its initialisation");
                    } else {
                        assertArrayEquals(ppo.parameters().get("pretrain/" + rest).value().castTo(DataType.FLOAT)
                                .data().asFloat(), now, 0f, p.name() + " copied from pi'");
                    }
                }
                if (!plus) {
                    assertTrue(ppo.trajectoryBuffer().size() == 0, "TI keeps no pre-training trials");
                } else {
                    assertEquals(4, ppo.trajectoryBuffer().size(), "TI++ keeps the 4 pre-training trials");
                }
                atSwitch[0] = snapshot(ppo);
            }
        });
        assertEquals(List.of(30L, 60L, 90L, 120L), steps, "4 updates of 30 frames, 2 of them pre-training");
        assertTrue(changed(atSwitch[0], ppo, PpoAgent.POLICY), "the meta-policy trains after the switch");
        assertTrue(changed(atSwitch[0], ppo, Vae.GROUP), "and the encoder");
        assertFalse(changed(atSwitch[0], ppo, Ppo.PRETRAIN), "pi' and g are frozen: the inference loss never reaches "
                + "g, nor does PPO");
    }

    @Test
    void theInferenceTargetGetsNoGradientFromTheInferenceLoss() {
        Ppo ppo = ppo(tiny("ti", 3, 1));
        ppo.train((s, r) -> { }, s -> { });
        Map<String, float[]> before = snapshot(ppo);
        ppo.vae().update(ppo.trajectoryBuffer(), new SplittableRandom(3), 0);
        assertTrue(changed(before, ppo, Vae.GROUP));
        assertFalse(changed(before, ppo, Ppo.PRETRAIN), "g(c) is computed outside the loss");
    }

    @Test
    void resumeInsideThePreTrainingContinuesExactly() throws Exception {
        PpoConfig c = tiny("ti++hn", 5, 3);
        List<String> fullRows = rows(ppo(c), 0);
        Ppo first = ppo(c);
        List<String> rows = new ArrayList<>(rows(first, 30));
        Path ckpt = dir.resolve("ti.ckpt");
        first.saveCheckpoint(ckpt, Map.of());
        Ppo resumed = ppo(c);
        resumed.loadCheckpoint(ckpt);
        rows.addAll(rows(resumed, 0));
        assertEquals(fullRows, rows);
        Ppo full = ppo(c);
        full.train((s, r) -> { }, s -> { });
        for (Parameter p : full.parameters().all()) {
            assertArrayEquals(p.value().castTo(DataType.FLOAT).data().asFloat(),
                    resumed.parameters().get(p.name()).value().castTo(DataType.FLOAT).data().asFloat(), 0f, p.name());
        }
    }

    @Test
    void badConfigurationsAreRefusedWithTheFix() {
        IllegalArgumentException longer = assertThrows(IllegalArgumentException.class, () -> tiny("ti", 4, 4));
        assertTrue(longer.getMessage().contains("pre-training of 'ti' (4 updates = 120 frames) must be shorter than "
                + "totalSteps (120)"), longer.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class, () -> Configs.with(
                tiny("ti++", 4, 1), "inference.contextProjection", 0));
        assertTrue(width.getMessage().contains("contextProjection > 0"), width.getMessage());
        PpoConfig pendulum = Configs.with(PpoAlgorithm.paper("ti", "Pendulum"), Map.of("policyConfig",
                PolicyConfig.small(), "totalSteps", 400, "processes", 2, "steps", 10, "minibatches", 1,
                "inference.pretrainUpdates", 1));
        IllegalArgumentException task = assertThrows(IllegalArgumentException.class,
                () -> new Ppo(new TrainingContext(EnvFactory.of("Pendulum", Map.of()), 1), pendulum));
        assertTrue(task.getMessage().contains("task"), task.getMessage());
    }

    /**
     * TI on a 3x3 Grid-World (5 goals, 8-step episodes, 4 per trial): 20 updates of pre-training, then 100 of the
     * meta-phase, the inference tuned for the small task (Adam 3e-3, bottleneck weight 0.1, 6 updates per PPO update,
     * as VI+HN's learning test); task inference must then predict g(c) from the posterior mean at the end of the
     * newest 200 trials with a mean squared error below a quarter of that of the best constant prediction (which
     * ignores the trial).
     */
    @Tag("slow")
    @Test
    void taskInferenceLearnsToInferTheGoalOnGridWorld() {
        Map<String, Object> env = Map.of("size", 3, "maxEpisodeSteps", 8, "episodesPerTrial", 4);
        InferenceConfig inf = Configs.with(PpoConfig.grid("ti").inference(), Map.of("gruSize", 64,
                "pretrainUpdates", 20, "lr", 3e-3, "klWeight", 0.1, "updatesPerIteration", 6));
        PpoConfig c = Configs.with(PpoConfig.grid("ti"), Map.of("policyConfig", PolicyConfig.grid().withGruSize(64),
                "totalSteps", 120 * 16 * 32, "steps", 32, "evalEvery", 0, "logEvery", 50, "inference", inf));
        Ppo ppo = new Ppo(new TrainingContext(EnvFactory.of("GridWorld", env), 0), c);
        ppo.train((s, r) -> { }, s -> { });
        double[] err = ppo.taskInferenceError(200);
        System.out.printf("TI on a 3x3 Grid-World after %d frames: end-of-trial g(c) error %.4f, constant "
                + "prediction %.4f%n", c.totalSteps(), err[0], err[1]);
        assertTrue(err[1] > 0, "the targets differ between goals");
        assertTrue(err[0] < 0.25 * err[1], "inference error " + err[0] + " vs constant " + err[1]);
    }
}
