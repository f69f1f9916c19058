package org.hyperrl.core.policy;

import java.util.ArrayList;
import java.util.List;
import org.hyperrl.core.hyper.BaseNetworkSpec;
import org.hyperrl.core.hyper.DynamicHeads;
import org.hyperrl.core.hyper.DynamicLayerSpec;
import org.hyperrl.core.hyper.DynamicNetwork;
import org.hyperrl.core.init.Gains;
import org.hyperrl.core.init.HyperInit;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.init.LayerInit;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Film;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The meta-RL hypernetwork policy of Beck et al. 2022/2023.
 * <ol>
 *   <li>State path (not generated): {@code Linear(state -> embed) + tanh}, the base networks' input. The state
 *       is expected already normalised (e.g. by the environment wrapper {@code NormalizeObservation} of hyperrl-envs).</li>
 *   <li>Hypernetwork input (e.g. {@code concat(latent_mean, latent_logvar)}) {@code -> Linear(-> 25) + tanh}:
 *       the hypernetwork's last hidden layer, {@code d_k = 25} (10 on Ant-Dir).</li>
 *   <li>Separate actor and critic base networks ({@code embed -> hidden... -> out}, tanh), each with weight and
 *       bias heads from that feature (or, in the FiLM variant, ordinary bias-free layers with generated per-unit
 *       scale and shift).</li>
 *   <li>Gaussian actor: generated mean, state-independent learned log-std (init std 1, {@code std >= 1e-6}).
 *       Categorical actor: generated logits.</li>
 * </ol>
 * Base initialisation: normc with gain 5/3 for hidden layers, 1.0 for the Gaussian mean, orthogonal with gain
 * 0.01 for categorical logits, PyTorch default for the critic output.
 */
public final class HyperPolicy {

    /** Base network sizes of Beck et al.: state embedding width and hidden widths. */
    public enum Size {
        XS(64, 64, 32), S(128, 64, 64), M(128, 128, 64), L(256, 128, 128), XL(256, 256, 128), XXL(1024, 512, 512);

        private final int embed;
        private final int[] hidden;

        Size(int embed, int... hidden) {
            this.embed = embed;
            this.hidden = hidden;
        }

        public int embed() {
            return embed;
        }

        public int[] hidden() {
            return hidden.clone();
        }
    }

    /**
     * Configuration.
     *
     * @param embed            state embedding width
     * @param hidden           base hidden widths
     * @param latentProjection {@code d_k}, width of the hypernetwork's last hidden layer (25; 10 on Ant-Dir)
     * @param init             hypernetwork head initialisation (Bias-HyperInit in the papers)
     * @param film             FiLM variant instead of full weight generation
     * @param discrete         categorical actor (logits) instead of Gaussian
     */
    public record Config(int embed, int[] hidden, int latentProjection, HyperInit init, boolean film, boolean discrete) {
        public Config {
            hidden = hidden.clone();
        }

        /** The papers' default: XL, d_k 25, Bias-HyperInit, Gaussian. */
        public static Config of(Size size) {
            return new Config(size.embed(), size.hidden(), 25, HyperInits.BIAS_HYPERINIT, false, false);
        }

        public Config withInit(HyperInit i) {
            return new Config(embed, hidden, latentProjection, i, film, discrete);
        }

        public Config withFilm(boolean f) {
            return new Config(embed, hidden, latentProjection, init, f, discrete);
        }

        public Config withDiscrete(boolean d) {
            return new Config(embed, hidden, latentProjection, init, film, d);
        }

        public Config withLatentProjection(int dk) {
            return new Config(embed, hidden, dk, init, film, discrete);
        }
    }

    /**
     * Graph outputs.
     *
     * @param actor  Gaussian mean or categorical logits {@code [batch, actions]}
     * @param value  state value {@code [batch, 1]}
     * @param logStd clamped log standard deviation {@code [actions]} (Gaussian only, else {@code null})
     */
    public record Outputs(SDVariable actor, SDVariable value, SDVariable logStd) {
    }

    private static final double MIN_STD = 1e-6;

    private final Config config;
    private final Mlp stateEmbedding;
    private final Mlp projection;
    private final BaseNetworkSpec actorSpec;
    private final BaseNetworkSpec criticSpec;
    private final DynamicHeads actorHeads;
    private final DynamicHeads criticHeads;
    private final List<Film> actorFilm = new ArrayList<>();
    private final List<Film> criticFilm = new ArrayList<>();
    private final Parameter logStd;

    /**
     * @param hyperInputDim width of the hypernetwork input (2 x latent size for VariBAD's mean and log-variance)
     * @param actions       action dimension (Gaussian) or number of actions (categorical)
     */
    public HyperPolicy(Parameters ps, String scope, String group, int stateDim, int hyperInputDim, int actions,
                       Config config) {
        this.config = config;
        this.stateEmbedding = new Mlp(ps, scope + "/state_embedding", group, stateDim, new int[0], config.embed(),
                Activation.TANH, Activation.TANH, LayerInits.KAIMING_UNIFORM, Gains.TANH);
        this.projection = new Mlp(ps, scope + "/hyper/projection", group, hyperInputDim, new int[0],
                config.latentProjection(), Activation.TANH, Activation.TANH, LayerInits.KAIMING_UNIFORM, Gains.TANH);
        LayerInit actorOut = config.discrete() ? LayerInits.ORTHOGONAL : LayerInits.NORMC;
        double actorOutGain = config.discrete() ? 0.01 : 1.0;
        this.actorSpec = BaseNetworkSpec.mlp(config.embed(), config.hidden(), actions, Activation.TANH,
                Activation.IDENTITY, false, LayerInits.NORMC, actorOut, actorOutGain);
        this.criticSpec = BaseNetworkSpec.mlp(config.embed(), config.hidden(), 1, Activation.TANH,
                Activation.IDENTITY, false, LayerInits.NORMC, LayerInits.TORCH_DEFAULT, 1.0);
        int dk = config.latentProjection();
        if (config.film()) {
            this.actorHeads = null;
            this.criticHeads = null;
            addFilm(ps, scope + "/actor_film", group, actorSpec, dk, actorFilm);
            addFilm(ps, scope + "/critic_film", group, criticSpec, dk, criticFilm);
        } else {
            this.actorHeads = new DynamicHeads(ps, scope + "/hyper/actor_heads", group, actorSpec, dk, config.init(), 1.0);
            this.criticHeads = new DynamicHeads(ps, scope + "/hyper/critic_heads", group, criticSpec, dk, config.init(), 1.0);
        }
        this.logStd = config.discrete() ? null
                : ps.add(scope + "/log_std", group, new long[]{actions}, new double[actions]);
    }

    private static void addFilm(Parameters ps, String scope, String group, BaseNetworkSpec spec, int dk, List<Film> out) {
        for (DynamicLayerSpec l : spec.layers()) {
            out.add(new Film(ps, scope + "/" + l.name(), group, l.in(), l.out(), dk, l.baseInit(), l.initGain()));
        }
    }

    /** Adds the policy to a graph: {@code state [batch, S]}, {@code hyperInput [batch, H]}. */
    public Outputs apply(Graph g, SDVariable state, SDVariable hyperInput) {
        SDVariable e = stateEmbedding.apply(g, state);
        SDVariable z = projection.apply(g, hyperInput);
        SDVariable actor;
        SDVariable value;
        if (config.film()) {
            actor = applyFilm(g, actorSpec, actorFilm, e, z);
            value = applyFilm(g, criticSpec, criticFilm, e, z);
        } else {
            actor = DynamicNetwork.apply(g, actorSpec, actorHeads.generate(g, z, false), e);
            value = DynamicNetwork.apply(g, criticSpec, criticHeads.generate(g, z, false), e);
        }
        SDVariable ls = null;
        if (logStd != null) {
            // std = max(1e-6, exp(log_std))  <=>  log_std clamped below at log(1e-6)
            double floor = Math.log(MIN_STD);
            ls = g.sd().nn().relu(g.bind(logStd).sub(floor), 0.0).add(floor);
        }
        return new Outputs(actor, value, ls);
    }

    private static SDVariable applyFilm(Graph g, BaseNetworkSpec spec, List<Film> films, SDVariable x, SDVariable z) {
        SDVariable h = x;
        for (int i = 0; i < films.size(); i++) {
            h = spec.layers().get(i).activation().apply(g.sd(), films.get(i).apply(g, h, z));
        }
        return h;
    }

    /** Hypernetwork parameters: the projection and every head (the count Beck et al. report). */
    public List<Parameter> hypernetworkParameters() {
        List<Parameter> ps = new ArrayList<>(projection.parameters());
        if (config.film()) {
            actorFilm.forEach(f -> ps.addAll(f.parameters()));
            criticFilm.forEach(f -> ps.addAll(f.parameters()));
        } else {
            ps.addAll(actorHeads.parameters());
            ps.addAll(criticHeads.parameters());
        }
        return ps;
    }

    /** Every parameter. */
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(stateEmbedding.parameters());
        ps.addAll(hypernetworkParameters());
        if (logStd != null) {
            ps.add(logStd);
        }
        return ps;
    }

    /** The actor's base network declaration. */
    public BaseNetworkSpec actorSpec() {
        return actorSpec;
    }

    /** The critic's base network declaration. */
    public BaseNetworkSpec criticSpec() {
        return criticSpec;
    }

    public Config config() {
        return config;
    }
}
