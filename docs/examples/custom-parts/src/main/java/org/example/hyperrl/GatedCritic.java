package org.example.hyperrl;

import java.util.ArrayList;
import java.util.List;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.nn.WeightSource;
import org.hyperrl.core.critic.QNetwork;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A user's critic: {@code Q(s, a) = f(s, a) * sigmoid(g(s))} with two small MLPs, a state-dependent gate on a joint
 * value. Any module that creates its parameters in the given store under its scope and group can be a critic; it
 * applies its layers with the given {@link WeightSource} so that it also runs on weights other than its own.
 */
public final class GatedCritic implements QNetwork {
    private final Mlp value;
    private final Mlp gate;
    private final int stateDim;
    private final int actionDim;

    public GatedCritic(Parameters ps, String scope, String group, int stateDim, int actionDim, int width) {
        this.value = new Mlp(ps, scope + "/value", group, stateDim + actionDim, new int[]{width, width}, 1,
                Activation.RELU, Activation.IDENTITY, LayerInits.TORCH_DEFAULT, 1.0);
        this.gate = new Mlp(ps, scope + "/gate", group, stateDim, new int[]{width}, 1, Activation.RELU,
                Activation.IDENTITY, LayerInits.TORCH_DEFAULT, 1.0);
        this.stateDim = stateDim;
        this.actionDim = actionDim;
    }

    @Override
    public SDVariable q(Graph g, SDVariable state, SDVariable action, WeightSource weights) {
        // Passing the source on lets the critic run on adapted or generated weights too, like every built-in module.
        SDVariable joint = value.apply(g, g.sd().concat(1, state, action), weights);
        return joint.mul(g.sd().nn().sigmoid(gate.apply(g, state, weights)));
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(value.parameters());
        ps.addAll(gate.parameters());
        return ps;
    }

    @Override
    public int stateDim() {
        return stateDim;
    }

    @Override
    public int actionDim() {
        return actionDim;
    }
}
