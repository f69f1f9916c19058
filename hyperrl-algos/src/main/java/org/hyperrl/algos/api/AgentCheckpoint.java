package org.hyperrl.algos.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.algos.common.NonFiniteException;
import org.hyperrl.core.io.TensorFile;
import org.hyperrl.core.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An agent's parameters and metadata (config, fingerprint, provenance, step) in one small file, written next to a
 * trainer's full checkpoint, so that evaluation and deployment load the policy without buffers or optimisers.
 */
public final class AgentCheckpoint {
    private static final String PARAM = "param:";

    private AgentCheckpoint() {
    }

    /**
     * Writes the agent's parameters and {@code metadata} atomically.
     *
     * @param step the environment step the parameters belong to (for the non-finite error)
     * @throws NonFiniteException if a parameter is NaN or infinite (nothing is written)
     */
    public static void save(Path file, Agent agent, Map<String, String> metadata, long step) throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (Parameter p : agent.parameters()) {
            if (!Double.isFinite(p.value().sumNumber().doubleValue())) {
                throw new NonFiniteException("parameter " + p.name(), step);
            }
            arrays.put(PARAM + p.name(), p.value());
        }
        new TensorFile(new LinkedHashMap<>(metadata), arrays).write(file);
    }

    /**
     * Loads parameters written by {@link #save} into {@code agent} and returns the metadata. Nothing is changed unless
     * every parameter matches by name, shape and type.
     *
     * @throws IllegalArgumentException naming the differences if the file belongs to another architecture
     */
    public static Map<String, String> load(Path file, Agent agent) throws IOException {
        TensorFile tf = TensorFile.read(file);
        List<String> problems = new ArrayList<>();
        for (Parameter p : agent.parameters()) {
            INDArray saved = tf.arrays().get(PARAM + p.name());
            if (saved == null) {
                problems.add("missing parameter " + p.name());
            } else if (!Arrays.equals(saved.shape(), p.shape()) || saved.dataType() != p.value().dataType()) {
                problems.add(p.name() + " is " + saved.dataType() + Arrays.toString(saved.shape()) + " in the file but "
                        + p.value().dataType() + Arrays.toString(p.shape()) + " in the agent");
            }
        }
        if (tf.arrays().size() != agent.parameters().size() && problems.isEmpty()) {
            problems.add("the file holds " + tf.arrays().size() + " arrays, the agent " + agent.parameters().size()
                    + " parameters");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("agent checkpoint " + file + " does not fit this agent: " + problems);
        }
        for (Parameter p : agent.parameters()) {
            p.value().assign(tf.arrays().get(PARAM + p.name()));
        }
        agent.refresh();
        return tf.metadata();
    }
}
