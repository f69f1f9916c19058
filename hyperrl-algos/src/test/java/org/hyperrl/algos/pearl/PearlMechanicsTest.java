package org.hyperrl.algos.pearl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.common.ReplayBuffer;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.Wrapper;
import org.hyperrl.envs.registry.EnvRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** PEARL's mechanics on the point robot with tiny networks: losses, buffers, context, determinism, resume, bad input. */
class PearlMechanicsTest {

    /** The smoke preset (4 train / 2 test tasks, 20-step episodes), MLP or hyper networks. */
    private static PearlConfig smoke(String policy, String critic) {
        return PearlAlgorithm.ALGORITHM.config("smoke", "PointRobot", Map.of("policy", policy, "critic", critic));
    }

    private static Pearl pearl(PearlConfig c, long seed) {
        return new Pearl(EnvRegistry.create("PointRobot"), EnvRegistry.create("PointRobot"), c, seed);
    }

    private static Map<String, float[]> snapshot(Pearl p) {
        Map<String, float[]> m = new HashMap<>();
        for (Parameter x : p.parameters().all()) {
            m.put(x.name(), x.value().castTo(DataType.FLOAT).dup().data().asFloat());
        }
        return m;
    }

    private static boolean changed(Map<String, float[]> before, Pearl p, String group) {
        for (Parameter x : p.parameters().all()) {
            if (x.group().equals(group)
                    && !Arrays.equals(before.get(x.name()), x.value().castTo(DataType.FLOAT).data().asFloat())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theEncoderLearnsFromTheCriticLossAndKlButNotFromThePolicyLoss() {
        for (String net : List.of("mlp", "hyper")) {
            Pearl p = pearl(smoke(net, net.equals("mlp") ? "mlp" : "sa-hyper"), 1);
            p.collectInitialData();
            Pearl.MetaBatch batch = p.sampleMetaBatch();
            Map<String, float[]> before = snapshot(p);
            p.updatePolicyAndValue(batch);
            assertFalse(changed(before, p, Pearl.CONTEXT), net + ": the policy/V step moved the encoder");
            assertFalse(changed(before, p, "critic"), net + ": the policy/V step moved the Q networks");
            assertTrue(changed(before, p, Pearl.ACTOR), net + ": the policy did not move");
            assertTrue(changed(before, p, "value"), net + ": V did not move");
            before = snapshot(p);
            p.updateCriticsAndEncoder(batch);
            assertTrue(changed(before, p, Pearl.CONTEXT), net + ": the critic step did not move the encoder");
            assertTrue(changed(before, p, "critic"), net + ": the critic step did not move the Q networks");
            assertFalse(changed(before, p, Pearl.ACTOR), net + ": the critic step moved the policy");
            assertFalse(changed(before, p, "value"), net + ": the critic step moved V");
            assertFalse(changed(before, p, "value_target"), net + ": the critic step moved the target V");
        }
    }

    /** Every stored reward is the one of the buffer's own task: {@code r = -||s' - g_i||} on the dense point robot. */
    private static void assertRewardsOfTask(ReplayBuffer buffer, double[] goal) {
        ReplayBuffer.Batch b = buffer.sample(200, new org.hyperrl.algos.common.Rng(3));
        float[] s2 = b.s2().data().asFloat();
        float[] r = b.r().data().asFloat();
        for (int k = 0; k < b.size(); k++) {
            assertEquals(-Math.hypot(s2[2 * k] - goal[0], s2[2 * k + 1] - goal[1]), r[k], 1e-5,
                    "a transition of another task in this task's buffer");
        }
    }

    @Test
    void buffersAreSeparatedByTaskAndEncoderBuffersAreClearedBeforeNewContext() {
        PearlConfig c = Configs.with(smoke("mlp", "mlp"), Map.of("tasksPerIteration", 3, "priorSteps", 40,
                "posteriorSteps", 20, "extraPosteriorSteps", 60));
        Pearl p = pearl(c, 2);
        p.collectInitialData();
        int tasks = p.trainTasks().size();
        for (int i = 0; i < tasks; i++) {
            assertEquals(20, p.replayBuffer(i).size());
            assertEquals(20, p.encoderBuffer(i).size());
            assertRewardsOfTask(p.replayBuffer(i), p.trainTasks().get(i).vector());
            assertRewardsOfTask(p.encoderBuffer(i), p.trainTasks().get(i).vector());
        }
        int[] drawn = p.collectIterationData();
        Map<Integer, Integer> times = new TreeMap<>();
        for (int i : drawn) {
            times.merge(i, 1, Integer::sum);
        }
        for (int i = 0; i < tasks; i++) {
            int n = times.getOrDefault(i, 0);
            assertEquals(20 + n * 120, p.replayBuffer(i).size(), "RL buffer of task " + i);
            // cleared before each new context: prior (40) + posterior (20) steps of the last draw; untouched otherwise
            assertEquals(n == 0 ? 20 : 60, p.encoderBuffer(i).size(), "encoder buffer of task " + i);
            assertRewardsOfTask(p.replayBuffer(i), p.trainTasks().get(i).vector());
            assertRewardsOfTask(p.encoderBuffer(i), p.trainTasks().get(i).vector());
        }
    }

    @Test
    void contextRowsComeFromTheirOwnTask() {
        Pearl p = pearl(Configs.with(smoke("mlp", "mlp"), Map.of("metaBatchWithReplacement", false)), 3);
        p.collectInitialData();
        for (int i = 0; i < p.trainTasks().size(); i++) {
            double[] g = p.trainTasks().get(i).vector();
            float[] rows = p.sampleContext(i, 50);
            assertEquals(50 * 5, rows.length, "rows (s, a, r) of width 2 + 2 + 1");
            for (int k = 0; k < 50; k++) {
                // s' = s + 0.1 u for the normalised action u, and r = -||s' - g||
                double x = rows[5 * k] + 0.1 * rows[5 * k + 2];
                double y = rows[5 * k + 1] + 0.1 * rows[5 * k + 3];
                assertEquals(-Math.hypot(x - g[0], y - g[1]), rows[5 * k + 4], 1e-5, "context row of another task");
            }
        }
        Pearl.MetaBatch m = p.sampleMetaBatch();
        assertEquals(2, m.z().size(0));
        assertEquals(2 * 8, m.s().size(0));
        // drawn without replacement, a meta-batch's tasks are distinct: its task vectors differ
        Set<String> seen = new HashSet<>();
        for (int t = 0; t < 2; t++) {
            seen.add(Arrays.toString(m.tasks().getRow(t).toFloatVector()));
        }
        assertEquals(2, seen.size());
    }

    private static List<String> rows(Pearl p, long stopAt) {
        List<String> rows = new ArrayList<>();
        class Stop extends RuntimeException {
        }
        try {
            p.train((step, row) -> {
                Map<String, Double> m = new TreeMap<>();
                row.forEach((k, v) -> m.put(k.name(), v));
                m.remove("time_s");
                m.remove("env_steps_per_s");
                m.remove("update_ms");
                rows.add(step + " " + m);
            }, s -> {
                if (s == stopAt) {
                    throw new Stop();
                }
            });
        } catch (Stop e) {
            // stopped where asked, as a killed process after its checkpoint
        }
        return rows;
    }

    @Test
    void runsAreDeterministicAndResumeExactly(@TempDir Path dir) throws Exception {
        for (String net : List.of("mlp", "hyper")) {
            PearlConfig c = Configs.with(smoke(net, net.equals("mlp") ? "mlp" : "sa-hyper"),
                    Map.of("totalSteps", 80L + 3 * 120));
            Pearl a = pearl(c, 7);
            List<String> whole = rows(a, 0);
            assertEquals(3, whole.size());
            Pearl b = pearl(c, 7);
            assertEquals(whole, rows(b, 0), net + ": same seed, different rows");
            assertEquals(snapshot(a).keySet(), snapshot(b).keySet());
            snapshot(a).forEach((k, v) -> assertArrayEquals(v, snapshot(b).get(k), net + ": parameter " + k));

            Pearl first = pearl(c, 7);
            List<String> part = rows(first, 200);
            assertEquals(whole.subList(0, 1), part);
            Path file = dir.resolve(net + ".ckpt");
            first.saveCheckpoint(file, Map.of());
            Pearl resumed = pearl(c, 7);
            resumed.loadCheckpoint(file);
            assertEquals(200, resumed.step());
            List<String> rest = rows(resumed, 0);
            assertEquals(whole.subList(1, 3), rest, net + ": resumed rows differ");
            Map<String, float[]> ra = snapshot(a);
            snapshot(resumed).forEach((k, v) -> assertArrayEquals(ra.get(k), v, net + ": resumed parameter " + k));
            assertTrue(Files.size(file) > 0);
        }
    }

    @Test
    void theAgentAloneEvaluatesByTheTrainersProtocol() {
        Pearl p = pearl(smoke("hyper", "sa-hyper"), 5);
        p.collectInitialData();
        p.trainStep();
        p.agent().refresh();
        Pearl.Evaluation fromTrainer = p.evaluate();
        org.hyperrl.algos.common.EvalResult alone = p.agent().evaluate(EnvRegistry.create("PointRobot"), 2, 5 + 100);
        assertEquals(2, alone.episodes().size(), "one entry per test task");
        for (int j = 0; j < 3; j++) {
            assertEquals(fromTrainer.trajectoryReturns()[j], alone.meanOfInner(j), 1e-9, "trajectory " + j);
        }
    }

    @Test
    void badInputIsRefusedWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Pearl(EnvRegistry.create("Pendulum"), EnvRegistry.create("Pendulum"), smoke("mlp", "mlp"), 0));
        assertTrue(e.getMessage().contains("task distribution"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Pearl(EnvRegistry.create("PointRobot", Map.of(
                "episodesPerTrial", 2)), EnvRegistry.create("PointRobot"), smoke("mlp", "mlp"), 0));
        assertTrue(e.getMessage().contains("episodesPerTrial=1"), e.getMessage());
        // a meta-batch larger than the training tasks: refused when drawn without replacement, fine with (oyster's
        // direction families: 2 tasks, meta-batch 4)
        e = assertThrows(IllegalArgumentException.class, () -> pearl(Configs.with(smoke("mlp", "mlp"),
                Map.of("metaBatch", 5, "metaBatchWithReplacement", false)), 0));
        assertTrue(e.getMessage().contains("metaBatch"), e.getMessage());
        Env fixed = EnvRegistry.create("PointRobot", Map.of("numTrainTasks", 3, "numTestTasks", 2));
        e = assertThrows(IllegalArgumentException.class, () -> new Pearl(fixed, EnvRegistry.create("PointRobot"),
                Configs.with(smoke("mlp", "mlp"), Map.of("metaBatch", 4, "metaBatchWithReplacement", false)), 0));
        assertTrue(e.getMessage().contains("3 training tasks"), e.getMessage());
        Pearl withReplacement = pearl(Configs.with(smoke("mlp", "mlp"), Map.of("metaBatch", 6)), 0);
        withReplacement.collectInitialData();
        assertEquals(6, withReplacement.sampleMetaBatch().z().size(0));
        e = assertThrows(IllegalArgumentException.class, () -> Configs.with(smoke("mlp", "mlp"), Map.of("latentDim", 0)));
        assertTrue(e.getMessage().contains("latentDim"), e.getMessage());

        Env nan = new Wrapper(EnvRegistry.create("PointRobot")) {
            @Override
            public StepResult step(double[] action) {
                StepResult r = env.step(action);
                return new StepResult(r.observation(), Double.NaN, r.terminated(), r.truncated(), r.info());
            }
        };
        Pearl p = new Pearl(nan, EnvRegistry.create("PointRobot"), smoke("mlp", "mlp"), 0);
        IllegalStateException s = assertThrows(IllegalStateException.class, p::collectInitialData);
        assertTrue(s.getMessage().contains("non-finite reward"), s.getMessage());
    }
}
