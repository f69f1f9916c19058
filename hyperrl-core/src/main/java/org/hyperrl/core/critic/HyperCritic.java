package org.hyperrl.core.critic;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.hyperrl.core.hyper.DynamicHeads;
import org.hyperrl.core.hyper.Hypernetwork;
import org.hyperrl.core.hyper.PrimaryNetwork;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.BaseNetworkSpec;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.LayerWeights;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.nn.WeightSource;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The hypernetwork critics of Sarafian et al. 2021. The primary ResNet maps the meta-variable to {@code z}
 * (width 1024), heads generate a dynamic network {@code base -> hidden (ReLU) -> 1} with weights, biases and
 * gains {@code s = 1 + head(z)}:
 * <ul>
 *   <li>SA-Hyper: meta = state, base = action;</li>
 *   <li>AS-Hyper: meta = action, base = state;</li>
 *   <li>Emb-Hyper: meta = a learned embedding of size 5 ({@code U(0,1)}), base = concat(state, action); one
 *       generated weight set shared by every sample.</li>
 * </ul>
 * For SA-Hyper, {@link #generate} and {@link #evaluate} split the critic so that an actor update can reuse
 * the weights generated for a batch of states and differentiate only through the small dynamic network.
 */
public final class HyperCritic extends AbstractQNetwork {
    private final Hypernetwork hyper;
    private final Parameter embedding;

    public HyperCritic(Parameters ps, String scope, String group, CriticType type, int stateDim, int actionDim,
                       CriticConfig c) {
        super(type, stateDim, actionDim);
        if (!type.isHyper()) {
            throw new IllegalArgumentException(type + " is not a hypernetwork critic");
        }
        int metaDim = switch (type) {
            case SA_HYPER -> stateDim;
            case AS_HYPER -> actionDim;
            default -> c.embeddingSize();
        };
        int baseDim = switch (type) {
            case SA_HYPER -> actionDim;
            case AS_HYPER -> stateDim;
            default -> stateDim + actionDim;
        };
        this.embedding = type == CriticType.EMB_HYPER
                ? ps.add(scope + "/embedding", group, new long[]{1, c.embeddingSize()}, uniform01(c.embeddingSize(), ps.rng(scope + "/embedding")))
                : null;
        PrimaryNetwork primary = new PrimaryNetwork(ps, scope + "/primary", group, metaDim, c.primary());
        BaseNetworkSpec base = BaseNetworkSpec.mlp(baseDim, new int[]{c.dynamicHidden()}, 1, Activation.RELU,
                Activation.IDENTITY, true, c.baseInit(), c.baseInit(), 1.0);
        DynamicHeads heads = new DynamicHeads(ps, scope + "/heads", group, base, primary.outWidth(), c.headInit(), 1.0);
        this.hyper = new Hypernetwork(primary, heads);
    }

    private static double[] uniform01(int n, RandomGenerator rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble();
        }
        return v;
    }

    @Override
    public SDVariable q(Graph g, SDVariable state, SDVariable action, WeightSource weights) {
        return switch (type()) {
            case SA_HYPER -> hyper.apply(g, state, action, weights);
            case AS_HYPER -> hyper.apply(g, action, state, weights);
            default -> {
                SDVariable x = g.sd().concat(1, state, action);
                yield hyper.evaluate(g, hyper.generate(g, weights.get(g, embedding), true, weights), x);
            }
        };
    }

    /** SA-Hyper: the dynamic network's parameters generated from a batch of states. */
    public List<LayerWeights> generate(Graph g, SDVariable state) {
        requireSa();
        return hyper.generate(g, state);
    }

    /** SA-Hyper: {@code Q} of {@code action} under already generated parameters. */
    public SDVariable evaluate(Graph g, List<LayerWeights> generated, SDVariable action) {
        requireSa();
        return hyper.evaluate(g, generated, action);
    }

    private void requireSa() {
        if (type() != CriticType.SA_HYPER) {
            throw new UnsupportedOperationException("generate/evaluate split is defined for sa-hyper only, not " + type().id());
        }
    }

    /** The underlying hypernetwork. */
    public Hypernetwork hypernetwork() {
        return hyper;
    }

    /** Parameters of the primary network (trunk). */
    public List<Parameter> primaryParameters() {
        return hyper.trunk().parameters();
    }

    /** Parameters of the heads. */
    public List<Parameter> headParameters() {
        return hyper.heads().parameters();
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        if (embedding != null) {
            ps.add(embedding);
        }
        ps.addAll(hyper.parameters());
        return ps;
    }
}
