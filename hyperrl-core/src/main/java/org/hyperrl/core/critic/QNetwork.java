package org.hyperrl.core.critic;

import java.util.List;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.WeightSource;
import org.nd4j.autodiff.samediff.SDVariable;

/** A state-action value network: {@code (state [batch, S], action [batch, A]) -> Q [batch, 1]}. */
public interface QNetwork {

    /** Adds {@code Q(state, action)} to a graph, on the network's own parameters. */
    default SDVariable q(Graph g, SDVariable state, SDVariable action) {
        return q(g, state, action, WeightSource.OWN);
    }

    /** Adds {@code Q(state, action)} to a graph with the network's weights taken from a source. */
    SDVariable q(Graph g, SDVariable state, SDVariable action, WeightSource weights);

    /** Every parameter of the network. */
    List<Parameter> parameters();

    int stateDim();

    int actionDim();
}
