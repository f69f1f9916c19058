package org.hyperrl.core.critic;

import java.util.ArrayList;
import java.util.List;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Linear;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.nn.WeightSource;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Q-D2RL (Sinha et al. 2020, as in Sarafian et al. D.4): {@code x = concat(state, action)};
 * {@code h1 = ReLU(L1 x)}, {@code h_i = ReLU(L_i concat(h_{i-1}, x))} for the remaining hidden layers,
 * {@code Q = L_out h_n}.
 */
public final class D2rlCritic extends AbstractQNetwork {
    private final List<Linear> hidden = new ArrayList<>();
    private final Linear output;

    public D2rlCritic(Parameters ps, String scope, String group, int stateDim, int actionDim, CriticConfig c) {
        super(CriticType.Q_D2RL, stateDim, actionDim);
        if (c.d2rlLayers() < 1) {
            throw new IllegalArgumentException("Q-D2RL needs at least one hidden layer, got " + c.d2rlLayers());
        }
        int x = stateDim + actionDim;
        int w = c.mlpWidth();
        for (int i = 0; i < c.d2rlLayers(); i++) {
            hidden.add(new Linear(ps, scope + "/fc" + i, group, i == 0 ? x : w + x, w, c.mlpInit(), Activation.RELU.gain()));
        }
        this.output = new Linear(ps, scope + "/out", group, w, 1, c.mlpInit(), 1.0);
    }

    @Override
    public SDVariable q(Graph g, SDVariable state, SDVariable action, WeightSource weights) {
        SDVariable x = g.sd().concat(1, state, action);
        SDVariable h = x;
        for (int i = 0; i < hidden.size(); i++) {
            SDVariable in = i == 0 ? x : g.sd().concat(1, h, x);
            h = Activation.RELU.apply(g.sd(), hidden.get(i).apply(g, in, weights));
        }
        return output.apply(g, h, weights);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        hidden.forEach(l -> ps.addAll(l.parameters()));
        ps.addAll(output.parameters());
        return ps;
    }
}
