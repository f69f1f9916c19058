package org.hyperrl.core.policy;

import java.util.ArrayList;
import java.util.List;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Linear;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A body that reads its context through a learned projection: {@code phi = act(P c)}, then the inner body on
 * {@code (obs, phi)}. Beck et al. 2023's task-inference policies condition on {@code phi = ReLU(P^phi (mu, sigma))}
 * of the inferred posterior; the projection belongs to the policy and is trained with it (the posterior arrives as an
 * input, so no gradient reaches whatever computed it).
 */
final class ProjectedContextBody implements PolicyBody {
    private final Linear projection;
    private final Activation activation;
    private final PolicyBody inner;

    /**
     * @param inner the body on the projected context (context width {@code width})
     */
    ProjectedContextBody(Parameters ps, String scope, String group, int contextDim, int width, Activation activation,
                         PolicyBody inner) {
        if (activation != Activation.RELU && activation != Activation.TANH) {
            throw new IllegalArgumentException("the context projection's activation must be relu or tanh, got "
                    + activation);
        }
        this.projection = new Linear(ps, scope + "/context_projection", group, contextDim, width,
                LayerInits.TORCH_DEFAULT, 1.0);
        this.activation = activation;
        this.inner = inner;
    }

    @Override
    public Out apply(Graph g, SDVariable obs, SDVariable context) {
        return inner.apply(g, obs, activation.apply(g.sd(), projection.apply(g, context)));
    }

    @Override
    public Parameter logStd() {
        return inner.logStd();
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(projection.parameters());
        ps.addAll(inner.parameters());
        return ps;
    }

    @Override
    public INDArray[] applyArrays(INDArray obs, INDArray context) {
        return inner.applyArrays(obs, activation.applyInPlace(projection.forward(context)));
    }

    @Override
    public boolean hasArrayForm() {
        return inner.hasArrayForm();
    }
}
