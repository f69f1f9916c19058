package org.hyperrl.core.nn;

import java.util.ArrayList;
import java.util.List;
import org.hyperrl.core.init.LayerInit;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Pre-activation residual block of width {@code n}: {@code x + L2(act(L1(act(x))))}, both linears
 * {@code n -> n} (Sarafian et al. 2021, primary network). Layers are {@code scope/l1}, {@code scope/l2}.
 */
public final class ResidualBlock implements Layer {
    private final Linear l1;
    private final Linear l2;
    private final Activation act;

    public ResidualBlock(Parameters ps, String scope, String group, int width, Activation act, LayerInit init,
                         double gain) {
        this.act = act;
        this.l1 = new Linear(ps, scope + "/l1", group, width, width, init, gain);
        this.l2 = new Linear(ps, scope + "/l2", group, width, width, init, gain);
    }

    @Override
    public SDVariable apply(Graph g, SDVariable x, WeightSource weights) {
        SDVariable h = l1.apply(g, act.apply(g.sd(), x), weights);
        h = l2.apply(g, act.apply(g.sd(), h), weights);
        return x.add(h);
    }

    @Override
    public int inWidth() {
        return l1.inWidth();
    }

    @Override
    public int outWidth() {
        return l2.outWidth();
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(l1.parameters());
        ps.addAll(l2.parameters());
        return ps;
    }
}
