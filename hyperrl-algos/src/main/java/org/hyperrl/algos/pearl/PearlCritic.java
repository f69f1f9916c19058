package org.hyperrl.algos.pearl;

import java.util.List;
import org.hyperrl.core.critic.Critics;
import org.hyperrl.core.critic.CriticType;
import org.hyperrl.core.critic.QNetwork;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * PEARL's Q network {@code Q(s, a, z)} or V network {@code V(s, z)} (no action), as an MLP on the concatenated inputs
 * (oyster) or as Sarafian et al.'s SA-Hyper network: Q with meta {@code (s, z)} and base {@code a} ({@code qLatent =
 * meta}) or meta {@code s} and base {@code (a, z)} ({@code base}); V with meta {@code s} and base {@code z}.
 */
final class PearlCritic {
    private final boolean value;
    private final boolean latentInMeta;
    private final Mlp mlp;
    private final QNetwork hyper;

    /**
     * @param actDim the action width, or 0 for a V network
     */
    PearlCritic(Parameters ps, String scope, String group, PearlConfig c, int obsDim, int actDim, int latentDim) {
        this.value = actDim == 0;
        this.latentInMeta = !value && c.qLatent().equals("meta");
        if (c.critic().equals(PearlConfig.MLP)) {
            this.mlp = new Mlp(ps, scope, group, obsDim + actDim + latentDim, c.hidden(), 1, Activation.RELU,
                    Activation.IDENTITY, LayerInits.TORCH_DEFAULT, 1.0);
            this.hyper = null;
        } else {
            int meta = value ? obsDim : latentInMeta ? obsDim + latentDim : obsDim;
            int base = value ? latentDim : latentInMeta ? actDim : actDim + latentDim;
            this.mlp = null;
            this.hyper = Critics.create(CriticType.SA_HYPER, ps, scope, group, meta, base, c.hyperConfig());
        }
    }

    /** {@code Q(s, a, z)}, {@code [rows, 1]}. */
    SDVariable q(Graph g, SDVariable obs, SDVariable act, SDVariable z) {
        if (value) {
            throw new IllegalStateException("a V network has no action input");
        }
        if (mlp != null) {
            return mlp.apply(g, g.sd().concat(1, obs, act, z));
        }
        return latentInMeta ? hyper.q(g, g.sd().concat(1, obs, z), act) : hyper.q(g, obs, g.sd().concat(1, act, z));
    }

    /** {@code V(s, z)}, {@code [rows, 1]}. */
    SDVariable v(Graph g, SDVariable obs, SDVariable z) {
        if (!value) {
            throw new IllegalStateException("a Q network needs an action");
        }
        return mlp != null ? mlp.apply(g, g.sd().concat(1, obs, z)) : hyper.q(g, obs, z);
    }

    List<Parameter> parameters() {
        return mlp != null ? mlp.parameters() : hyper.parameters();
    }
}
