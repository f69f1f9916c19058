package org.hyperrl.core.critic;

import java.util.ArrayList;
import java.util.List;
import org.hyperrl.core.hyper.PrimaryNetwork;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Linear;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.nn.WeightSource;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * ResNet-Features (Sarafian et al. supplementary D.4): the primary ResNet maps the state to {@code z}, a linear
 * layer to 10 learned features, and an MLP-Small computes Q from concat(features, action). Same capacity as
 * SA-Hyper, without generated weights.
 */
public final class ResNetFeaturesCritic extends AbstractQNetwork {
    private final PrimaryNetwork primary;
    private final Linear features;
    private final Mlp head;

    public ResNetFeaturesCritic(Parameters ps, String scope, String group, int stateDim, int actionDim, CriticConfig c) {
        super(CriticType.RESNET_FEATURES, stateDim, actionDim);
        this.primary = new PrimaryNetwork(ps, scope + "/primary", group, stateDim, c.primary());
        this.features = new Linear(ps, scope + "/features", group, primary.outWidth(), c.resnetFeatures(),
                c.mlpInit(), 1.0);
        this.head = new Mlp(ps, scope + "/mlp", group, c.resnetFeatures() + actionDim, new int[]{c.mlpWidth()}, 1,
                Activation.RELU, Activation.IDENTITY, c.mlpInit(), 1.0);
    }

    @Override
    public SDVariable q(Graph g, SDVariable state, SDVariable action, WeightSource weights) {
        SDVariable f = features.apply(g, primary.apply(g, state, weights), weights);
        return head.apply(g, g.sd().concat(1, f, action), weights);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(primary.parameters());
        ps.addAll(features.parameters());
        ps.addAll(head.parameters());
        return ps;
    }
}
