package org.hyperrl.algos.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperrl.algos.sac.Sac;
import org.hyperrl.algos.sac.SacConfig;
import org.hyperrl.algos.td3.Td3;
import org.hyperrl.algos.td3.Td3Config;
import org.hyperrl.core.critic.CriticConfig;
import org.hyperrl.core.critic.CriticType;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.registry.EnvRegistry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Same seed, same results: two identical runs agree bitwise, and a run checkpointed at an episode boundary and
 * resumed in a fresh instance ends with exactly the parameters and logged losses of an uninterrupted run. The log
 * interval (70) deliberately does not divide the checkpoint step (200), so interval statistics must be restored too.
 */
class ResumeDeterminismTest {
    @TempDir
    Path dir;

    private static Env pendulum() {
        return EnvRegistry.create("Pendulum", Map.of(EnvRegistry.MAX_EPISODE_STEPS, 50));
    }

    private static Trainer create(String algo, long steps) {
        CriticConfig cc = CriticConfig.small();
        if (algo.equals("td3")) {
            Td3Config c = new Td3Config(CriticType.SA_HYPER, cc, new int[]{16, 16}, steps, 100, 10_000, 16, 0.99, 0.005,
                    0.2, 0.5, 2, 0.1, 3e-4, 3e-4, 100, 2, 70);
            return new Td3(pendulum(), pendulum(), c, 11);
        }
        SacConfig c = new SacConfig(CriticType.SA_HYPER, cc, new int[]{16, 16}, steps, 100, 10_000, 16, 0.99, 0.005, 1.0,
                3e-4, 3e-4, 1.0, true, 3e-4, Double.NaN, 100, 2, 70);
        return new Sac(pendulum(), pendulum(), c, 11);
    }

    private static Parameters params(Trainer t) {
        return t instanceof Td3 td3 ? td3.parameters() : ((Sac) t).parameters();
    }

    /** Logged rows without the wall-clock columns. */
    private static List<String> run(Trainer t) {
        List<String> rows = new ArrayList<>();
        t.train((step, row) -> {
            Map<String, Double> m = new TreeMap<>(row);
            m.remove("time_s");
            m.remove("env_steps_per_s");
            m.remove("update_ms");
            rows.add(step + " " + m);
        }, s -> { });
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"td3", "sac"})
    void resumedRunEqualsUninterruptedRun(String algo) throws IOException {
        Trainer full = create(algo, 400);
        List<String> fullRows = run(full);

        Trainer again = create(algo, 400);
        assertEquals(fullRows, run(again), "same config and seed give the same progress");

        Trainer first = create(algo, 200);
        List<String> rows = new ArrayList<>(run(first));
        Path ckpt = dir.resolve(algo + ".ckpt");
        first.saveCheckpoint(ckpt, Map.of());
        Trainer resumed = create(algo, 400);
        resumed.loadCheckpoint(ckpt);
        assertEquals(200, resumed.step());
        rows.addAll(run(resumed));
        assertEquals(fullRows, rows, "progress after resume");

        for (Parameter p : params(full).all()) {
            float[] a = p.value().data().asFloat();
            float[] b = params(resumed).get(p.name()).value().data().asFloat();
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), p.name() + "[" + i + "]");
            }
        }
        assertFalse(fullRows.isEmpty());
    }
}
