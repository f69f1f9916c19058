package org.hyperrl.bench.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep: the grid of runs of one experiment, read from YAML or JSON (YAML is a superset of JSON, so one parser reads
 * both). Every run of the sweep is one {@code hyperrl train} with the product of the axes' values:
 *
 * <pre>
 * algorithm: ppo                 # or a list: algorithms x envs x variants x networks x grid x seeds
 * envs: [GridWorld]
 * preset: paper                  # default: the algorithm's
 * steps: 4000000                 # default: the preset's
 * seeds: 3                       # a count (firstSeed, firstSeed + 1, ...) or a list [0, 1, 2]
 * networks:                      # network options; a list is an axis
 *   policy: [rnn, rnn+hn]
 * set:                           # --set values of every run
 *   envOptions.episodesPerTrial: 4
 * grid:                          # --set values; every list is an axis
 *   lr: [7.0e-4, 3.0e-4]
 * variants:                      # named bundles of options, one axis (a paper table's columns)
 *   - {name: pearl, networks: {policy: mlp, critic: mlp}}
 * select: {over: [lr], metric: eval_return, score: final, last: 1}
 * </pre>
 *
 * Parsing checks the form (keys, types, empty lists, one key in two places); {@link SweepPlan} then checks every run's
 * options against the algorithm, as {@code hyperrl train} would.
 *
 * @param algorithms      algorithm ids
 * @param envs            env ids
 * @param preset          preset name, or null for each algorithm's default
 * @param steps           environment steps per run, or null for the preset's
 * @param seeds           the seeds
 * @param checkpointEvery checkpoint interval of each run
 * @param networks        network options: each key's list of values (one value: not an axis)
 * @param set             {@code --set} values of every run
 * @param grid            {@code --set} axes: each key's list of values
 * @param variants        named option bundles (empty: no variant axis)
 * @param select          how to choose the best configuration, or null
 * @param jvmOptions      JVM options of each run's process, or null for the defaults
 */
public record SweepSpec(List<String> algorithms, List<String> envs, String preset, Long steps, List<Long> seeds,
                        long checkpointEvery, Map<String, List<String>> networks, Map<String, String> set,
                        Map<String, List<String>> grid, List<Variant> variants, Select select,
                        List<String> jvmOptions) {

    /** Top-level keys. */
    static final List<String> KEYS = List.of("algorithm", "algorithms", "envs", "env", "preset", "steps", "seeds",
            "firstSeed", "checkpointEvery", "networks", "set", "grid", "variants", "select", "jvmOptions");

    /**
     * A named bundle of options, e.g. a table column.
     *
     * @param name     its name (in run names and tables)
     * @param networks network options
     * @param set      {@code --set} values
     */
    public record Variant(String name, Map<String, String> networks, Map<String, String> set) {
    }

    /**
     * The selection of the best configuration: per group of runs that differ only in the {@code over} axes and the
     * seed, the value of those axes whose mean score across seeds is highest (Beck et al. 2023 pick each method's
     * learning rate so, by the final meta-return).
     *
     * @param over   the axes chosen among: grid keys, network keys or {@code variant}
     * @param metric the progress.csv column scored
     * @param score  {@code final} (the mean of the last {@code last} values) or {@code best} (the maximum)
     * @param last   how many final values are averaged
     */
    public record Select(List<String> over, String metric, String score, int last) {
    }

    /** Reads a spec file. */
    public static SweepSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("sweep spec " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read sweep spec " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sweep spec " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a spec from YAML or JSON text. */
    public static SweepSpec parse(String text) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid YAML or JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a mapping of keys (algorithm, envs, seeds, ...), got "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "'; valid keys: " + String.join(", ", KEYS));
            }
        }
        List<String> algorithms = eitherOf(root, "algorithm", "algorithms");
        List<String> envs = eitherOf(root, "env", "envs");
        noDuplicates(algorithms, "algorithms");
        noDuplicates(envs, "envs");
        String preset = root.has("preset") ? scalar(root.get("preset"), "preset") : null;
        Long steps = root.has("steps") ? positiveLong(root.get("steps"), "steps") : null;
        long checkpointEvery = root.has("checkpointEvery") ? positiveLong(root.get("checkpointEvery"),
                "checkpointEvery") : 10000;
        List<Long> seeds = seeds(root);
        Map<String, List<String>> networks = axes(root.get("networks"), "networks");
        Map<String, String> set = values(root.get("set"), "set");
        Map<String, List<String>> grid = axes(root.get("grid"), "grid");
        List<Variant> variants = variants(root.get("variants"));
        for (String key : set.keySet()) {
            if (grid.containsKey(key)) {
                throw new IllegalArgumentException("'" + key + "' is in both set and grid; give it in one of them");
            }
            if (networks.containsKey(key)) {
                throw new IllegalArgumentException("'" + key + "' is in both set and networks; give it in networks");
            }
        }
        for (Variant v : variants) {
            for (String key : v.set().keySet()) {
                if (grid.containsKey(key) || set.containsKey(key)) {
                    throw new IllegalArgumentException("variant '" + v.name() + "' sets '" + key + "', which the "
                            + (grid.containsKey(key) ? "grid" : "set") + " also gives; give it in one place");
                }
            }
            for (String key : v.networks().keySet()) {
                if (networks.containsKey(key)) {
                    throw new IllegalArgumentException("variant '" + v.name() + "' chooses the " + key + ", which "
                            + "networks also gives; give it in one place");
                }
            }
        }
        Select select = select(root.get("select"), networks, grid, variants);
        List<String> jvmOptions = root.has("jvmOptions") ? list(root.get("jvmOptions"), "jvmOptions") : null;
        return new SweepSpec(algorithms, envs, preset, steps, seeds, checkpointEvery, networks, set, grid, variants,
                select, jvmOptions);
    }

    private static List<String> eitherOf(JsonNode root, String one, String many) {
        if (root.has(one) && root.has(many)) {
            throw new IllegalArgumentException("give '" + one + "' or '" + many + "', not both");
        }
        if (!root.has(one) && !root.has(many)) {
            throw new IllegalArgumentException("'" + many + "' is missing: the sweep needs at least one");
        }
        String key = root.has(one) ? one : many;
        return list(root.get(key), key);
    }

    private static List<Long> seeds(JsonNode root) {
        JsonNode node = root.get("seeds");
        if (node == null) {
            throw new IllegalArgumentException("'seeds' is missing: give a count (seeds: 3) or a list (seeds: [0, 1, 2])");
        }
        List<Long> seeds = new ArrayList<>();
        if (node.isArray()) {
            if (root.has("firstSeed")) {
                throw new IllegalArgumentException("firstSeed is for a count of seeds; with a list, list the seeds");
            }
            for (JsonNode s : node) {
                if (!s.canConvertToExactIntegral() || !s.isNumber()) {
                    throw new IllegalArgumentException("seeds: '" + s.asText() + "' is not an integer");
                }
                seeds.add(s.asLong());
            }
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("seeds: the list is empty");
            }
            noDuplicates(seeds.stream().map(String::valueOf).toList(), "seeds");
        } else {
            long count = positiveLong(node, "seeds");
            long first = root.has("firstSeed") ? nonNegativeLong(root.get("firstSeed"), "firstSeed") : 0;
            for (long s = first; s < first + count; s++) {
                seeds.add(s);
            }
        }
        return List.copyOf(seeds);
    }

    private static Map<String, List<String>> axes(JsonNode node, String where) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        if (node == null) {
            return axes;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a mapping of KEY: value or KEY: [values]");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = where + "." + e.getKey();
            List<String> values = e.getValue().isArray() ? list(e.getValue(), key) : List.of(scalar(e.getValue(), key));
            noDuplicates(values, key);
            axes.put(e.getKey(), values);
        }
        return axes;
    }

    private static Map<String, String> values(JsonNode node, String where) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node == null) {
            return values;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a mapping of KEY: value");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            values.put(e.getKey(), scalarOrCsv(e.getValue(), where + "." + e.getKey()));
        }
        return values;
    }

    private static List<Variant> variants(JsonNode node) {
        List<Variant> variants = new ArrayList<>();
        if (node == null) {
            return variants;
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException("variants: expected a non-empty list of {name, networks, set}");
        }
        Set<String> names = new LinkedHashSet<>();
        int i = 0;
        for (JsonNode v : node) {
            String where = "variants[" + i++ + "]";
            if (!v.isObject() || !v.has("name")) {
                throw new IllegalArgumentException(where + ": expected {name: ..., networks: {...}, set: {...}}");
            }
            for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!List.of("name", "networks", "set").contains(key)) {
                    throw new IllegalArgumentException(where + ": unknown key '" + key + "'; valid: name, networks, set");
                }
            }
            String name = scalar(v.get("name"), where + ".name");
            if (!names.add(name)) {
                throw new IllegalArgumentException("variants: the name '" + name + "' is given twice");
            }
            variants.add(new Variant(name, values(v.get("networks"), where + ".networks"),
                    values(v.get("set"), where + ".set")));
        }
        return variants;
    }

    private static Select select(JsonNode node, Map<String, List<String>> networks, Map<String, List<String>> grid,
                                 List<Variant> variants) {
        if (node == null) {
            return null;
        }
        if (!node.isObject() || !node.has("over")) {
            throw new IllegalArgumentException("select: expected {over: [AXIS...], metric: eval_return, score: final|best}");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!List.of("over", "metric", "score", "last").contains(key)) {
                throw new IllegalArgumentException("select: unknown key '" + key + "'; valid: over, metric, score, last");
            }
        }
        List<String> over = node.get("over").isArray() ? list(node.get("over"), "select.over")
                : List.of(scalar(node.get("over"), "select.over"));
        for (String axis : over) {
            boolean isAxis = grid.containsKey(axis) || networks.containsKey(axis)
                    || (axis.equals(SweepRun.VARIANT_AXIS) && !variants.isEmpty());
            if (!isAxis) {
                throw new IllegalArgumentException("select.over: '" + axis + "' is not an axis of the sweep; axes: "
                        + String.join(", ", axisNames(networks, grid, variants)));
            }
        }
        String metric = node.has("metric") ? scalar(node.get("metric"), "select.metric") : "eval_return";
        String score = node.has("score") ? scalar(node.get("score"), "select.score") : "final";
        if (!score.equals("final") && !score.equals("best")) {
            throw new IllegalArgumentException("select.score must be final or best, got " + score);
        }
        int last = node.has("last") ? (int) positiveLong(node.get("last"), "select.last") : 1;
        return new Select(over, metric, score, last);
    }

    private static List<String> axisNames(Map<String, List<String>> networks, Map<String, List<String>> grid,
                                          List<Variant> variants) {
        List<String> names = new ArrayList<>();
        if (!variants.isEmpty()) {
            names.add(SweepRun.VARIANT_AXIS);
        }
        names.addAll(networks.keySet());
        names.addAll(grid.keySet());
        return names.isEmpty() ? List.of("(none: the sweep varies only seeds, envs and algorithms)") : names;
    }

    private static List<String> list(JsonNode node, String key) {
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException(key + ": no value");
        }
        if (!node.isArray()) {
            return List.of(scalar(node, key));
        }
        if (node.isEmpty()) {
            throw new IllegalArgumentException(key + ": the list is empty");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode n : node) {
            values.add(scalarOrCsv(n, key));
        }
        return List.copyOf(values);
    }

    /** A scalar, or a list of scalars written as the comma-separated form --set takes (e.g. hidden sizes). */
    private static String scalarOrCsv(JsonNode node, String key) {
        if (node != null && node.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode n : node) {
                parts.add(scalar(n, key));
            }
            if (parts.isEmpty()) {
                throw new IllegalArgumentException(key + ": the list is empty");
            }
            return String.join(",", parts);
        }
        return scalar(node, key);
    }

    private static String scalar(JsonNode node, String key) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            throw new IllegalArgumentException(key + ": expected a single value");
        }
        // A float as written in most specs (3.0e-4 -> 0.0003), not as Java prints a double (3.0E-4).
        String text = node.isFloatingPointNumber()
                ? java.math.BigDecimal.valueOf(node.doubleValue()).stripTrailingZeros().toPlainString()
                : node.asText().trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException(key + ": the value is empty");
        }
        return text;
    }

    private static long positiveLong(JsonNode node, String key) {
        long v = nonNegativeLong(node, key);
        if (v < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, got " + v);
        }
        return v;
    }

    private static long nonNegativeLong(JsonNode node, String key) {
        if (node == null || !node.isNumber() || !node.canConvertToExactIntegral()) {
            throw new IllegalArgumentException(key + ": expected an integer, got "
                    + (node == null ? "nothing" : node.asText()));
        }
        long v = node.asLong();
        if (v < 0) {
            throw new IllegalArgumentException(key + " must not be negative, got " + v);
        }
        return v;
    }

    private static void noDuplicates(List<String> values, String key) {
        Set<String> seen = new LinkedHashSet<>();
        for (String v : values) {
            if (!seen.add(v)) {
                throw new IllegalArgumentException(key + ": '" + v + "' is given twice");
            }
        }
    }
}
