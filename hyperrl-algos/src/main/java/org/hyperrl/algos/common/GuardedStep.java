package org.hyperrl.algos.common;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.optim.Optimizer;
import org.hyperrl.core.optim.NonFiniteGradientException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One optimiser step on a graph's loss that stops the run on a non-finite loss or gradient: the loss, gradients and
 * any extra outputs come from one forward and backward pass, and the outputs are returned for the algorithm to use
 * (SAC's temperature update reads log pi from the policy step's pass).
 */
public final class GuardedStep {
    private GuardedStep() {
    }

    /**
     * Minimises {@code graph}'s loss over the optimiser's parameters by one step.
     *
     * @param what  names the loss in the error ("critic", "policy", ...)
     * @param step  the environment step, for the error
     * @param extra outputs wanted besides the loss
     * @return the loss and the extra outputs (the gradients have been applied)
     * @throws NonFiniteException if the loss or a gradient is NaN or infinite (nothing is updated)
     */
    public static Graph.Gradients minimise(Optimizer optimiser, Graph graph, Map<String, INDArray> feeds, String what,
                                           long step, SDVariable... extra) {
        return minimise(optimiser, wrt -> graph.gradients(feeds, wrt, extra), what, step);
    }

    /**
     * {@link #minimise(Optimizer, Graph, Map, String, long, SDVariable...)} with the loss and gradients computed by a
     * function of the parameters to differentiate (the optimiser's), e.g. one that runs part of the model outside the
     * graph.
     */
    public static Graph.Gradients minimise(Optimizer optimiser, Function<List<Parameter>, Graph.Gradients> gradients,
                                           String what, long step) {
        Graph.Gradients g = gradients.apply(optimiser.parameters());
        if (!Double.isFinite(g.loss())) {
            throw new NonFiniteException(what + " loss", step);
        }
        try {
            optimiser.step(g.byParameter());
        } catch (NonFiniteGradientException e) {
            throw new NonFiniteException(what + " gradient", step);
        }
        return g;
    }
}
