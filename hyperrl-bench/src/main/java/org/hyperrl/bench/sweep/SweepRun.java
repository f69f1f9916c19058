package org.hyperrl.bench.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a sweep: its name (its directory under {@code OUT/runs/}) and the {@code hyperrl train} options that make
 * it. Plain strings and lists only, so that it travels to a Spark executor as it is.
 *
 * @param name      the run's name, from the algorithm, the env, the varying axes' values and the seed
 * @param algorithm algorithm id
 * @param env       env id
 * @param seed      root seed
 * @param axes      the run's value of every axis of the sweep ({@link #VARIANT_AXIS}, network keys, grid keys), in
 *                  the spec's order; the selection and the tables group runs by these
 * @param trainArgs the {@code hyperrl train} arguments, without {@code --out}
 * @param steps     {@code --steps}, or null for the preset's
 */
public record SweepRun(String name, String algorithm, String env, long seed, Map<String, String> axes,
                       List<String> trainArgs, Long steps) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The axis of the spec's named variants. */
    public static final String VARIANT_AXIS = "variant";

    public SweepRun {
        axes = new LinkedHashMap<>(axes);
        trainArgs = new ArrayList<>(trainArgs);
    }

    /** The {@code hyperrl train} arguments with the run directory. */
    public List<String> trainArgs(String runDir) {
        List<String> args = new ArrayList<>(trainArgs);
        args.add("--out");
        args.add(runDir);
        return args;
    }

    /** The group of the run for the selection: algorithm, env and every axis except {@code over}. */
    public String group(List<String> over) {
        List<String> parts = new ArrayList<>(List.of(algorithm, env));
        axes.forEach((k, v) -> {
            if (!over.contains(k)) {
                parts.add(k + "=" + v);
            }
        });
        return String.join(" ", parts);
    }

    /** The run's values of the {@code over} axes, e.g. "lr=3e-4". */
    public String candidate(List<String> over) {
        List<String> parts = new ArrayList<>();
        for (String k : over) {
            parts.add(k + "=" + axes.get(k));
        }
        return String.join(" ", parts);
    }
}
