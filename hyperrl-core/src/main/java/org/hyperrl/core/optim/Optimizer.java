package org.hyperrl.core.optim;

import java.util.List;
import java.util.Map;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A gradient-based optimiser over a fixed list of parameters, updated in place (so every graph binding them sees
 * the update). Its state (moments, step count, ...) is a map of named arrays that {@code io.Checkpoints} saves and
 * restores, so any implementation can be checkpointed.
 */
public interface Optimizer {

    /**
     * Applies one update from gradients keyed by parameter (e.g. {@link Graph.Gradients#byParameter()}).
     * Implementations may modify the gradients in place.
     *
     * @throws IllegalArgumentException    if a gradient of one of {@link #parameters()} is missing
     * @throws NonFiniteGradientException if a gradient contains NaN or infinity (nothing is updated)
     */
    void step(Map<Parameter, INDArray> grads);

    /** The parameters this optimiser updates. */
    List<Parameter> parameters();

    /** Number of steps taken. */
    int iteration();

    /** The optimiser's state as named arrays (live views or copies; written by checkpoints). */
    Map<String, INDArray> state();

    /**
     * Restores a state written by {@link #state()}.
     *
     * @throws IllegalArgumentException if it belongs to other parameters or another optimiser
     */
    void restore(Map<String, INDArray> state);

    /** Gradients of the graph's loss with respect to {@link #parameters()}, then a step. Returns the loss. */
    default double minimise(Graph graph, Map<String, INDArray> feeds) {
        Graph.Gradients g = graph.gradients(feeds, parameters());
        step(g.byParameter());
        return g.loss();
    }
}
