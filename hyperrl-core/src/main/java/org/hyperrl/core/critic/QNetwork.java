package org.hyperrl.core.critic;

import java.util.List;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.nd4j.autodiff.samediff.SDVariable;

/** A state-action value network: {@code (state [batch, S], action [batch, A]) -> Q [batch, 1]}. */
public interface QNetwork {

    /** Adds {@code Q(state, action)} to a graph. */
    SDVariable q(Graph g, SDVariable state, SDVariable action);

    /** Every parameter of the network. */
    List<Parameter> parameters();

    int stateDim();

    int actionDim();
}
