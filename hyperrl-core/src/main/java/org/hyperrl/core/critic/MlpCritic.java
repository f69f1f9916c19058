package org.hyperrl.core.critic;

import java.util.List;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.nn.WeightSource;
import org.nd4j.autodiff.samediff.SDVariable;

/** MLP-Standard (256-256), MLP-Small (256) and MLP-Large (2900-2900) critics on concat(state, action), ReLU. */
public final class MlpCritic extends AbstractQNetwork {
    private final Mlp mlp;

    public MlpCritic(Parameters ps, String scope, String group, CriticType type, int stateDim, int actionDim,
                     CriticConfig c) {
        super(type, stateDim, actionDim);
        int[] hidden = switch (type) {
            case MLP_STANDARD -> new int[]{c.mlpWidth(), c.mlpWidth()};
            case MLP_SMALL -> new int[]{c.mlpWidth()};
            case MLP_LARGE -> new int[]{c.largeWidth(), c.largeWidth()};
            default -> throw new IllegalArgumentException(type + " is not an MLP critic");
        };
        this.mlp = new Mlp(ps, scope + "/mlp", group, stateDim + actionDim, hidden, 1, Activation.RELU,
                Activation.IDENTITY, c.mlpInit(), 1.0);
    }

    @Override
    public SDVariable q(Graph g, SDVariable state, SDVariable action, WeightSource weights) {
        return mlp.apply(g, g.sd().concat(1, state, action), weights);
    }

    @Override
    public List<Parameter> parameters() {
        return mlp.parameters();
    }
}
