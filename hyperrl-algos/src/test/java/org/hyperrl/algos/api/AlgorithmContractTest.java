package org.hyperrl.algos.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hyperrl.algos.common.EvalResult;
import org.hyperrl.algos.common.Evaluator;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.meta.Split;
import org.hyperrl.envs.registry.EnvRegistry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test over every registered algorithm (the Stable-Baselines3 pattern): with its {@code smoke} preset it trains a
 * few hundred steps deterministically; a run checkpointed at step 200 and resumed in a fresh trainer ends with exactly
 * the parameters and logged rows of an uninterrupted run (the log interval 70 does not divide 200, so interval
 * statistics must be restored too); and its agent, saved alone and loaded into an agent built without a trainer,
 * acts exactly as the trainer's agent on the test tasks.
 */
class AlgorithmContractTest {
    @TempDir
    Path dir;

    /**
     * The env each algorithm's contract runs on (Pendulum with 50-step episodes unless listed; PEARL and MAML need
     * tasks).
     */
    private static final Map<String, String> ENVS = Map.of("pearl", "PointRobot", "maml", "PointRobot");

    static Stream<String> algorithms() {
        return Algorithms.all().stream().map(Algorithm::id);
    }

    private static EnvFactory envs(String algorithm) {
        String env = ENVS.getOrDefault(algorithm, "Pendulum");
        return env.equals("Pendulum") ? EnvFactory.of(env, Map.of(EnvRegistry.MAX_EPISODE_STEPS, 50))
                : EnvFactory.of(env, Map.of());
    }

    private static Record config(Algorithm<?> a, long steps) {
        Record smoke = a.config("smoke", ENVS.getOrDefault(a.id(), "Pendulum"), Map.of());
        return Configs.with(smoke, Algorithm.TOTAL_STEPS, steps);
    }

    private static Trainer trainer(Algorithm<?> a, long steps) {
        return a.newTrainer(new TrainingContext(envs(a.id()), 11), config(a, steps));
    }

    /** Logged rows without the wall-clock columns. */
    private static List<String> run(Trainer t, List<Long> boundaries) {
        List<String> rows = new ArrayList<>();
        t.train((step, row) -> {
            Map<String, Double> m = new TreeMap<>();
            row.forEach((c, v) -> m.put(c.name(), v));
            // wall-clock columns (time_s, env_steps_per_s, update_ms, MAML's sample_s, ...) end in _s or _ms
            m.keySet().removeIf(name -> name.endsWith("_s") || name.endsWith("_ms"));
            rows.add(step + " " + m);
        }, boundaries::add);
        return rows;
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void trainsDeterministicallyResumesExactlyAndLoadsItsAgentAlone(String id) throws IOException {
        Algorithm<?> a = Algorithms.get(id);
        List<Long> boundaries = new ArrayList<>();
        Trainer full = trainer(a, 400);
        List<String> fullRows = run(full, boundaries);
        assertFalse(fullRows.isEmpty(), "progress rows");
        assertTrue(boundaries.contains(200L), "200 is a boundary: " + boundaries);
        for (String row : fullRows) {
            for (String name : row.substring(row.indexOf('{') + 1, row.length() - 1).split(", ")) {
                String column = name.substring(0, name.indexOf('='));
                assertTrue(a.column(column) != null, id + " wrote undeclared column " + column);
            }
        }
        assertEquals(fullRows, run(trainer(a, 400), new ArrayList<>()), "same config and seed give the same progress");

        Trainer first = trainer(a, 200);
        List<String> rows = new ArrayList<>(run(first, new ArrayList<>()));
        Path ckpt = dir.resolve(id + ".ckpt");
        first.saveCheckpoint(ckpt, Map.of());
        Trainer resumed = trainer(a, 400);
        resumed.loadCheckpoint(ckpt);
        assertEquals(200, resumed.step());
        rows.addAll(run(resumed, new ArrayList<>()));
        assertEquals(fullRows, rows, "progress after resume");
        for (Parameter p : full.parameters().all()) {
            assertArrayEquals(p.value().data().asFloat(), resumed.parameters().get(p.name()).value().data().asFloat(),
                    0f, p.name());
        }

        // The agent alone: saved, loaded into an agent built without a trainer, evaluated on the test tasks.
        Path agentFile = dir.resolve(id + "-agent.ckpt");
        AgentCheckpoint.save(agentFile, full.agent(), Map.of("note", "contract"), full.step());
        Env env = envs(id).create(Split.TEST);
        Agent alone = a.newAgent(config(a, 400), EnvInfo.of(env));
        assertEquals("contract", AgentCheckpoint.load(agentFile, alone).get("note"));
        EvalResult fromTrainer = new Evaluator(envs(id).create(Split.TEST), 5).evaluate(full.agent(), 2);
        EvalResult fromFile = new Evaluator(env, 5).evaluate(alone, 2);
        assertArrayEquals(fromTrainer.totals(), fromFile.totals(), 0.0, "loaded agent acts as the trained one");
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void agentCheckpointOfAnotherArchitectureIsRefusedUntouched(String id) throws IOException {
        Algorithm<?> a = Algorithms.get(id);
        Trainer t = trainer(a, 200);
        Path agentFile = dir.resolve(id + "-agent.ckpt");
        AgentCheckpoint.save(agentFile, t.agent(), Map.of(), 0);
        Env env = envs(id).create(Split.TEST);
        List<String> keys = Configs.keys(a.configType());
        String widths = keys.contains("actorHidden") ? "actorHidden" : keys.contains("encoderHidden") ? "encoderHidden"
                : keys.contains("dynamicHidden") ? "dynamicHidden" : "policyConfig.hidden";
        Record wider = Configs.with(config(a, 200), widths, new int[]{8});
        Agent other = a.newAgent(wider, EnvInfo.of(env));
        float[] before = other.parameters().get(0).value().data().asFloat();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentCheckpoint.load(agentFile, other));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        assertArrayEquals(before, other.parameters().get(0).value().data().asFloat(), 0f, "unchanged");
    }
}
