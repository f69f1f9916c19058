package org.hyperrl.algos.ppo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;

/** What the PPO tests do to runs: parameter snapshots, which groups changed, progress rows without timings. */
final class PpoRuns {
    private PpoRuns() {
    }

    /** Every parameter's values, as floats, by name. */
    static Map<String, float[]> snapshot(Ppo ppo) {
        Map<String, float[]> m = new HashMap<>();
        for (Parameter p : ppo.parameters().all()) {
            m.put(p.name(), p.value().castTo(DataType.FLOAT).dup().data().asFloat());
        }
        return m;
    }

    /** Whether any parameter of {@code group} differs from {@code before}. */
    static boolean changed(Map<String, float[]> before, Ppo ppo, String group) {
        for (Parameter p : ppo.parameters().all()) {
            if (p.group().equals(group)
                    && !java.util.Arrays.equals(before.get(p.name()), p.value().castTo(DataType.FLOAT).data().asFloat())) {
                return true;
            }
        }
        return false;
    }

    /** Stops a run at a boundary, as a killed process would after its checkpoint. */
    private static final class Stop extends RuntimeException {
    }

    /** The progress rows of a whole run, without the timing columns. */
    static List<String> rows(Ppo ppo) {
        return rows(ppo, 0);
    }

    /** The progress rows of a run stopped after the boundary at {@code stopAt} (0: to the end), without timings. */
    static List<String> rows(Ppo ppo, long stopAt) {
        List<String> rows = new ArrayList<>();
        try {
            ppo.train((step, row) -> {
                Map<String, Double> m = new java.util.TreeMap<>();
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
            // stopped where asked
        }
        return rows;
    }
}
