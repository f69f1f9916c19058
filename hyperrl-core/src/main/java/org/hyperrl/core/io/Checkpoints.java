package org.hyperrl.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.optim.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saves and loads all parameters and the states of any {@link Optimizer}s of a model as one {@link TensorFile}.
 * Loading checks that the file was written for the same architecture (same parameter names and shapes) and reports
 * every difference otherwise; nothing is modified unless everything matches.
 */
public final class Checkpoints {
    private static final String PARAM = "param:";
    private static final String OPTIM = "optim:";

    private Checkpoints() {
    }

    private static final String EXTRA = "extra:";

    /** Writes parameters, optimiser states (keyed by optimiser name) and metadata to {@code file}, atomically. */
    public static void save(Path file, Parameters params, Map<String, ? extends Optimizer> optimisers,
                            Map<String, String> metadata) throws IOException {
        save(file, params, optimisers, Map.of(), metadata);
    }

    /**
     * Writes parameters, optimiser states, further named arrays (replay buffer, counters, generator states...) and
     * metadata to {@code file}, atomically.
     */
    public static void save(Path file, Parameters params, Map<String, ? extends Optimizer> optimisers,
                            Map<String, INDArray> extra, Map<String, String> metadata) throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        extra.forEach((k, v) -> arrays.put(EXTRA + k, v));
        for (Parameter p : params.all()) {
            arrays.put(PARAM + p.name(), p.value());
        }
        for (Map.Entry<String, ? extends Optimizer> o : optimisers.entrySet()) {
            for (Map.Entry<String, INDArray> s : o.getValue().state().entrySet()) {
                arrays.put(OPTIM + o.getKey() + ":" + s.getKey(), s.getValue());
            }
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("dataType", params.dataType().name());
        new TensorFile(meta, arrays).write(file);
    }

    /**
     * Reads {@code file} into the given parameters and optimisers and returns its metadata.
     *
     * @throws IllegalArgumentException if the file belongs to another architecture (names every difference)
     * @throws IOException              if the file cannot be read
     */
    public static Map<String, String> load(Path file, Parameters params, Map<String, ? extends Optimizer> optimisers)
            throws IOException {
        return loadWithExtras(file, params, optimisers).metadata();
    }

    /**
     * Like {@link #load} and also returns the further arrays written by {@link #save(Path, Parameters, Map, Map, Map)}
     * (keys without prefix) together with the metadata.
     */
    public static TensorFile loadWithExtras(Path file, Parameters params, Map<String, ? extends Optimizer> optimisers)
            throws IOException {
        TensorFile tf = TensorFile.read(file);
        List<String> problems = new ArrayList<>();
        for (Parameter p : params.all()) {
            INDArray saved = tf.arrays().get(PARAM + p.name());
            if (saved == null) {
                problems.add("missing parameter " + p.name());
            } else if (!Arrays.equals(saved.shape(), p.shape())) {
                problems.add(p.name() + " has shape " + Arrays.toString(saved.shape()) + " in the file but "
                        + Arrays.toString(p.shape()) + " in the model");
            } else if (saved.dataType() != p.value().dataType()) {
                problems.add(p.name() + " is " + saved.dataType() + " in the file but " + p.value().dataType()
                        + " in the model");
            }
        }
        for (String name : tf.arrays().keySet()) {
            if (name.startsWith(PARAM) && !params.contains(name.substring(PARAM.length()))) {
                problems.add("unexpected parameter " + name.substring(PARAM.length()));
            }
        }
        Map<String, Map<String, INDArray>> optimStates = new LinkedHashMap<>();
        for (String o : optimisers.keySet()) {
            String prefix = OPTIM + o + ":";
            Map<String, INDArray> st = new LinkedHashMap<>();
            tf.arrays().forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    st.put(k.substring(prefix.length()), v);
                }
            });
            if (st.isEmpty()) {
                problems.add("no state for optimiser '" + o + "'");
            }
            optimStates.put(o, st);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("checkpoint " + file + " was written for a different architecture: "
                    + (problems.size() > 10 ? problems.subList(0, 10) + " and " + (problems.size() - 10) + " more"
                    : problems));
        }
        for (Parameter p : params.all()) {
            p.value().assign(tf.arrays().get(PARAM + p.name()));
        }
        for (Map.Entry<String, ? extends Optimizer> o : optimisers.entrySet()) {
            o.getValue().restore(optimStates.get(o.getKey()));
        }
        Map<String, INDArray> extras = new LinkedHashMap<>();
        tf.arrays().forEach((k, v) -> {
            if (k.startsWith(EXTRA)) {
                extras.put(k.substring(EXTRA.length()), v);
            }
        });
        return new TensorFile(tf.metadata(), extras);
    }
}
