package org.hyperrl.core.critic;

import java.util.ArrayList;
import java.util.List;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Linear;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.nn.ResidualBlock;
import org.hyperrl.core.nn.WeightSource;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * ResNet35 (Sarafian et al. supplementary D.4): concat(state, action) {@code ->} Linear to width 256 {@code ->}
 * 35 pre-activation residual blocks (two 256 linears with an identity path) {@code ->} ReLU {@code ->} Linear
 * to 1. About 4.6M parameters: a deep critic without a hypernetwork.
 */
public final class ResNet35Critic extends AbstractQNetwork {
    private final Linear input;
    private final List<ResidualBlock> blocks = new ArrayList<>();
    private final Linear output;

    public ResNet35Critic(Parameters ps, String scope, String group, int stateDim, int actionDim, CriticConfig c) {
        super(CriticType.RESNET35, stateDim, actionDim);
        int w = c.resnet35Width();
        this.input = new Linear(ps, scope + "/in", group, stateDim + actionDim, w, c.mlpInit(), 1.0);
        for (int i = 0; i < c.resnet35Blocks(); i++) {
            blocks.add(new ResidualBlock(ps, scope + "/res" + i, group, w, Activation.RELU, c.mlpInit(), 1.0));
        }
        this.output = new Linear(ps, scope + "/out", group, w, 1, c.mlpInit(), 1.0);
    }

    @Override
    public SDVariable q(Graph g, SDVariable state, SDVariable action, WeightSource weights) {
        SDVariable h = input.apply(g, g.sd().concat(1, state, action), weights);
        for (ResidualBlock b : blocks) {
            h = b.apply(g, h, weights);
        }
        return output.apply(g, Activation.RELU.apply(g.sd(), h), weights);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(input.parameters());
        blocks.forEach(b -> ps.addAll(b.parameters()));
        ps.addAll(output.parameters());
        return ps;
    }
}
