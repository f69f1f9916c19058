package org.hyperrl.algos.ppo;

import static org.hyperrl.algos.ppo.PpoRuns.changed;
import static org.hyperrl.algos.ppo.PpoRuns.rows;
import static org.hyperrl.algos.ppo.PpoRuns.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.algos.api.AgentState;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.EnvFactory;
import org.hyperrl.algos.api.TrainingContext;
import org.hyperrl.algos.meta.InferenceConfig;
import org.hyperrl.algos.meta.Vae;
import org.hyperrl.core.inference.TrajectoryEncoder;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.policy.PolicyConfig;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.TrialWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * VariBAD (VI, VI+HN) inside PPO: the RL loss leaves the encoder alone and the VAE leaves the policy alone (checked on
 * the parameters), the encoder's state resets at trial starts only, exact resume with the VAE's buffer and trials
 * under way, precollection, and bad configurations.
 */
class VariBadPpoTest {
    private static final Map<String, Object> GRID = Map.of("maxEpisodeSteps", 5, "episodesPerTrial", 3);

    @TempDir
    Path dir;

    static PpoConfig tiny(String method, int processes, int steps, long total, int vaeUpdates, long precollect) {
        InferenceConfig inf = Configs.with(PpoAlgorithm.smallInference(PpoAlgorithm.paper(method, "GridWorld")
                .inference()), Map.of("updatesPerIteration",
                vaeUpdates, "precollectFrames", precollect));
        return Configs.with(PpoAlgorithm.paper(method, "GridWorld"), Map.of("policyConfig", PolicyConfig.small(),
                "totalSteps", total, "processes", processes, "steps", steps, "minibatches", 2, "evalEvery", 0,
                "logEvery", 1, "inference", inf));
    }

    private static Ppo ppo(PpoConfig c) {
        return new Ppo(new TrainingContext(EnvFactory.of("GridWorld", GRID), 5), c);
    }

    /** TI Naive's projection P^phi belongs to the policy: PPO trains it. */
    @Test
    void theContextProjectionIsTrainedByTheRlLoss() {
        Ppo ppo = ppo(tiny("ti-naive", 4, 15, 90, 0, 0));
        Map<String, float[]> before = snapshot(ppo);
        ppo.train((s, r) -> { }, s -> { });
        Parameter w = ppo.parameters().get("policy/context_projection/W");
        assertEquals(PpoAgent.POLICY, w.group());
        assertFalse(java.util.Arrays.equals(before.get(w.name()), w.value().castTo(DataType.FLOAT).data().asFloat()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vi", "vi+hn", "ti-naive"})
    void theRlLossNeverReachesTheEncoder(String method) {
        Ppo ppo = ppo(tiny(method, 4, 15, 90, 0, 0));
        Map<String, float[]> before = snapshot(ppo);
        ppo.train((s, r) -> { }, s -> { });
        assertTrue(changed(before, ppo, PpoAgent.POLICY), "PPO trained the policy");
        assertFalse(changed(before, ppo, Vae.GROUP), "the RL loss left every encoder parameter bit for bit");
        assertTrue(ppo.trajectoryBuffer().size() > 0, "finished trials went into the VAE buffer");
        // and a VAE step changes the encoder and decoders but not the policy
        Map<String, float[]> mid = snapshot(ppo);
        ppo.vae().update(ppo.trajectoryBuffer(), new SplittableRandom(1), 0);
        assertTrue(changed(mid, ppo, Vae.GROUP));
        assertFalse(changed(mid, ppo, PpoAgent.POLICY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "rnn", "multi", "multi+hn", "vi", "vi+hn", "ti-naive"})
    void ratioIsOneOnTheFirstMinibatchEvenWhenTrialsEndInsideTheRollout(String method) {
        // 15-step trials, 20-step rollouts (a regression test: a trial start used to zero the stored one-hot action of
        // the step before it in place)
        assertEquals(0.0, ppo(tiny(method, 4, 20, 80, 1, 0)).firstMinibatchRatioDeviation(), 1e-5);
    }

    @Test
    void nothingIsUpdatedWhilePrecollecting() {
        Ppo ppo = ppo(tiny("vi", 2, 15, 90, 1, 60));
        Map<String, float[]> before = snapshot(ppo);
        List<Long> checked = new ArrayList<>();
        ppo.train((s, r) -> { }, step -> {
            if (step <= 60) {
                assertFalse(changed(before, ppo, PpoAgent.POLICY), "rollouts within the 60 precollected frames");
                assertFalse(changed(before, ppo, Vae.GROUP));
                checked.add(step);
            }
        });
        assertEquals(List.of(30L, 60L), checked);
        assertTrue(changed(before, ppo, PpoAgent.POLICY), "the third rollout (90 > 60 frames) trains the policy");
        assertTrue(changed(before, ppo, Vae.GROUP), "and the VAE");
    }

    /**
     * Acting through a whole trial of 3 episodes: the agent's encoder state is the encoding of every transition since
     * the trial started (not reset at the inner episodes' ends), and a new trial starts again from the prior.
     */
    @Test
    void theEncoderStateResetsOnlyAtTrialStarts() {
        Ppo ppo = ppo(tiny("vi+hn", 2, 15, 30, 1, 0));
        PpoAgent agent = ppo.agent();
        TrajectoryEncoder enc = agent.encoder();
        assertNotNull(enc);
        Env env = EnvFactory.of("GridWorld", GRID).create(org.hyperrl.envs.meta.Split.TRAIN);
        AgentState state = new AgentState(new SplittableRandom(2));
        for (int trial = 0; trial < 2; trial++) {
            double[] obs = env.reset(40 + trial).observation();
            List<float[]> actions = new ArrayList<>();
            List<Float> rewards = new ArrayList<>();
            List<double[]> next = new ArrayList<>();
            boolean done = false;
            boolean start = true;
            int innerEnds = 0;
            while (!done) {
                double[] a = agent.act(obs, state, start, false);
                int h = 0;
                int e = enc.hiddenWidth();
                float[] memory = state.memory();
                float[] encoderState = java.util.Arrays.copyOfRange(memory, memory.length - e, memory.length);
                INDArray expected = actions.isEmpty() ? enc.zeroState(1) : enc.encode(inputs(actions, rewards, next),
                        actions.size(), enc.zeroState(1)).output().getRow(actions.size() - 1).reshape(1, e);
                assertArrayEquals(expected.castTo(DataType.FLOAT).toFloatVector(), encoderState, 1e-5f,
                        "trial " + trial + " after " + actions.size() + " transitions (" + innerEnds
                                + " inner episodes ended)");
                StepResult r = env.step(a);
                float[] oneHot = new float[5];
                oneHot[(int) a[0]] = 1f;
                actions.add(oneHot);
                rewards.add((float) r.reward());
                next.add(r.observation());
                state.setPreviousReward(r.reward());
                if (Boolean.TRUE.equals(r.info().get(TrialWrapper.INFO_INNER_ENDED)) && !r.done()) {
                    innerEnds++;
                }
                obs = r.observation();
                done = r.done();
                start = false;
            }
            assertEquals(2, innerEnds, "two inner episodes ended inside the trial");
            assertEquals(15, actions.size());
        }
    }

    private static Map<String, INDArray> inputs(List<float[]> actions, List<Float> rewards, List<double[]> next) {
        int n = actions.size();
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = rewards.get(i);
        }
        Map<String, INDArray> in = new HashMap<>();
        in.put(TrajectoryEncoder.ACTION, Nd4j.create(actions.toArray(new float[0][])));
        in.put(TrajectoryEncoder.REWARD, Nd4j.create(r, new long[]{n, 1}, 'c'));
        in.put(TrajectoryEncoder.NEXT_OBS, Nd4j.create(next.toArray(new double[0][])).castTo(DataType.FLOAT));
        return in;
    }

    @Test
    void resumeInTheMiddleOfTrialsContinuesExactlyWithTheVaeBuffer() throws Exception {
        // 15-step trials, 10 steps per update: every checkpoint falls inside a trial of each process
        PpoConfig c = tiny("vi+hn", 2, 10, 120, 2, 20);
        List<String> fullRows = rows(ppo(c));
        Ppo first = ppo(Configs.with(c, "totalSteps", 60));
        List<String> rows = new ArrayList<>(rows(first));
        Path ckpt = dir.resolve("vi.ckpt");
        first.saveCheckpoint(ckpt, Map.of());
        Ppo resumed = ppo(c);
        resumed.loadCheckpoint(ckpt);
        rows.addAll(rows(resumed));
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
        IllegalArgumentException pre = assertThrows(IllegalArgumentException.class,
                () -> tiny("vi", 2, 15, 60, 1, 60));
        assertTrue(pre.getMessage().contains("precollectFrames (60) must be below totalSteps"), pre.getMessage());
        PpoConfig pendulum = Configs.with(PpoAlgorithm.paper("vi", "Pendulum"), Map.of("policyConfig",
                PolicyConfig.small(), "totalSteps", 40, "processes", 2, "steps", 10, "minibatches", 1,
                "inference", Configs.with(PpoAlgorithm.smallInference(InferenceConfig.grid()), "precollectFrames", 0)));
        IllegalArgumentException cells = assertThrows(IllegalArgumentException.class,
                () -> new Ppo(new TrainingContext(EnvFactory.of("Pendulum", Map.of()), 1), pendulum));
        assertTrue(cells.getMessage().contains("rewardDecoder=mse"), cells.getMessage());
        PpoConfig tiPendulum = Configs.with(PpoAlgorithm.paper("ti-naive", "Pendulum"), Map.of("policyConfig",
                PolicyConfig.small(), "totalSteps", 40, "processes", 2, "steps", 10, "minibatches", 1,
                "inference.precollectFrames", 0));
        IllegalArgumentException task = assertThrows(IllegalArgumentException.class,
                () -> new Ppo(new TrainingContext(EnvFactory.of("Pendulum", Map.of()), 1), tiPendulum));
        assertTrue(task.getMessage().contains("reveals it at reset"), task.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> PpoConfig.grid("vae"));
        assertTrue(unknown.getMessage().contains("vi+hn"), unknown.getMessage());
    }
}
