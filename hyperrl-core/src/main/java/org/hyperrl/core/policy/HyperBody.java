package org.hyperrl.core.policy;

import java.util.List;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link HyperPolicy} as a policy body: the context (the GRU output for RNN+HN, the task for Multi+HN) is the
 * hypernetwork input, the observation the base networks' input.
 */
final class HyperBody implements PolicyBody {
    private final HyperPolicy policy;

    /**
     * @throws UnsupportedOperationException if the config asks for a hidden activation other than tanh
     */
    HyperBody(Parameters ps, String scope, String group, int obsDim, int contextDim, int actions, boolean discrete,
              PolicyConfig config) {
        if (config.activation() != Activation.TANH) {
            throw new UnsupportedOperationException("policy option activation=" + config.activation()
                    + " is not supported by hypernetwork policies: their base networks are tanh");
        }
        this.policy = new HyperPolicy(ps, scope, group, obsDim, contextDim, actions, config.hyperConfig(discrete));
    }

    @Override
    public Out apply(Graph g, SDVariable obs, SDVariable context) {
        HyperPolicy.Outputs o = policy.apply(g, obs, context);
        return new Out(o.actor(), o.value());
    }

    @Override
    public INDArray[] applyArrays(INDArray obs, INDArray context) {
        return policy.applyArrays(obs, context);
    }

    /** Fully generated base networks only: the FiLM generator has no array form. */
    @Override
    public boolean hasArrayForm() {
        return policy.config().generator() == HyperPolicy.Generator.FULL;
    }

    @Override
    public Parameter logStd() {
        return policy.logStd();
    }

    @Override
    public List<Parameter> parameters() {
        return policy.parameters();
    }
}
