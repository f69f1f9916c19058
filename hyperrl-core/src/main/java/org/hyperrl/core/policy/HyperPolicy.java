package org.hyperrl.core.policy;

import java.util.ArrayList;
import java.util.List;
import org.hyperrl.core.hyper.DynamicHeads;
import org.hyperrl.core.init.Gains;
import org.hyperrl.core.init.HyperInit;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.init.LayerInit;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.BaseNetworkSpec;
import org.hyperrl.core.nn.DynamicLayerSpec;
import org.hyperrl.core.nn.Film;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.nn.WeightSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The meta-RL hypernetwork policy of Beck et al. 2022/2023.
 * <ol>
 *   <li>State path (not generated): {@code Linear(state -> embed) + tanh}, the base networks' input. The state
 *       is expected already normalised (e.g. by the environment wrapper {@code NormalizeObservation} of hyperrl-envs).</li>
 *   <li>Hypernetwork input (e.g. {@code concat(latent_mean, latent_logvar)}) {@code -> Linear(-> 25) + tanh}:
 *       the hypernetwork's last hidden layer, {@code d_k = 25} (10 on Ant-Dir).</li>
 *   <li>Separate actor and critic base networks ({@code embed -> hidden... -> out}, tanh), each with weight and
 *       bias heads from that feature ({@link Generator#FULL}, evaluated without materialising the per-sample weights
 *       by default, {@link Evaluation}), or, in the FiLM variant ({@link Generator#FILM}),
 *       ordinary bias-free layers with generated per-unit scale and shift.</li>
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

    /** How the base networks' weights are produced from the hypernetwork's feature. */
    public enum Generator {
        /** {@link DynamicHeads} generate every weight and bias of the base networks (the papers' default). */
        FULL,
        /** {@link Film} layers: own bias-free weights, generated per-unit scale and shift (Beck et al.'s FiLM). */
        FILM
    }

    /** How a fully generated base network ({@link Generator#FULL}) is evaluated; both give the same outputs. */
    public enum Evaluation {
        /**
         * {@link DynamicHeads#forward}: layers wider than {@code d_k} without materialising per-sample weights; for
         * {@code d_k = 25} a 256x256 layer's forward+backward at batch 240 was ~10x faster, a 256x128 one ~3x.
         */
        BILINEAR,
        /** Generate every sample's weights, then evaluate per sample ({@link BaseNetworkSpec#forward}). */
        PER_SAMPLE
    }

    /**
     * Configuration.
     *
     * @param embed            state embedding width
     * @param hidden           base hidden widths
     * @param latentProjection {@code d_k}, width of the hypernetwork's last hidden layer (25; 10 on Ant-Dir)
     * @param init             hypernetwork head initialisation (Bias-HyperInit in the papers)
     * @param generator        how base weights are produced: full generation or FiLM
     * @param discrete         categorical actor (logits) instead of Gaussian
     * @param evaluation       how fully generated base networks are evaluated (ignored by FiLM)
     */
    public record Config(int embed, int[] hidden, int latentProjection, HyperInit init, Generator generator,
                         boolean discrete, Evaluation evaluation) {
        public Config {
            hidden = hidden.clone();
            if (generator == null) {
                throw new IllegalArgumentException("a weight generator is required: FULL or FILM");
            }
            if (evaluation == null) {
                throw new IllegalArgumentException("an evaluation is required: BILINEAR or PER_SAMPLE");
            }
        }

        /** The values with the widths written out (a record's own {@code toString} prints arrays as {@code [I@...}). */
        @Override
        public String toString() {
            return "Config[embed=" + embed + ", hidden=" + java.util.Arrays.toString(hidden) + ", latentProjection="
                    + latentProjection + ", init=" + init + ", generator=" + generator + ", discrete=" + discrete
                    + ", evaluation=" + evaluation + "]";
        }

        /** Bilinear evaluation. */
        public Config(int embed, int[] hidden, int latentProjection, HyperInit init, Generator generator,
                      boolean discrete) {
            this(embed, hidden, latentProjection, init, generator, discrete, Evaluation.BILINEAR);
        }

        /** The papers' default: the given size, d_k 25, Bias-HyperInit, full generation (bilinear), Gaussian. */
        public static Config of(Size size) {
            return new Config(size.embed(), size.hidden(), 25, HyperInits.BIAS_HYPERINIT, Generator.FULL, false);
        }

        public Config withInit(HyperInit i) {
            return new Config(embed, hidden, latentProjection, i, generator, discrete, evaluation);
        }

        public Config withGenerator(Generator gen) {
            return new Config(embed, hidden, latentProjection, init, gen, discrete, evaluation);
        }

        public Config withDiscrete(boolean d) {
            return new Config(embed, hidden, latentProjection, init, generator, d, evaluation);
        }

        public Config withLatentProjection(int dk) {
            return new Config(embed, hidden, dk, init, generator, discrete, evaluation);
        }

        public Config withEvaluation(Evaluation e) {
            return new Config(embed, hidden, latentProjection, init, generator, discrete, e);
        }
    }

    /** One base network and whatever produces its weights from the feature {@code z}. */
    private interface BaseNetwork {
        /** The base network on the embedded state {@code e} with weights produced from {@code z}. */
        SDVariable apply(Graph g, SDVariable e, SDVariable z, WeightSource weights);

        /** The generator's parameters. */
        List<Parameter> parameters();
    }

    private record Generated(BaseNetworkSpec spec, DynamicHeads heads, Evaluation evaluation) implements BaseNetwork {
        @Override
        public SDVariable apply(Graph g, SDVariable e, SDVariable z, WeightSource weights) {
            return switch (evaluation) {
                case BILINEAR -> heads.forward(g, z, e, weights);
                case PER_SAMPLE -> spec.forward(g, e, heads.generate(g, z, false, weights));
            };
        }

        @Override
        public List<Parameter> parameters() {
            return heads.parameters();
        }
    }

    private record Modulated(BaseNetworkSpec spec, List<Film> films) implements BaseNetwork {
        @Override
        public SDVariable apply(Graph g, SDVariable e, SDVariable z, WeightSource weights) {
            SDVariable h = e;
            for (int i = 0; i < films.size(); i++) {
                h = spec.layers().get(i).activation().apply(g.sd(), films.get(i).apply(g, h, z, weights));
            }
            return h;
        }

        @Override
        public List<Parameter> parameters() {
            List<Parameter> ps = new ArrayList<>();
            films.forEach(f -> ps.addAll(f.parameters()));
            return ps;
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
    private final BaseNetwork actor;
    private final BaseNetwork critic;
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
        this.actorSpec = actorSpec(config.embed(), config.hidden(), actions, config.discrete(), Activation.TANH);
        this.criticSpec = criticSpec(config.embed(), config.hidden(), Activation.TANH);
        int dk = config.latentProjection();
        this.actor = baseNetwork(ps, scope, "actor", group, actorSpec, dk, config);
        this.critic = baseNetwork(ps, scope, "critic", group, criticSpec, dk, config);
        this.logStd = config.discrete() ? null
                : ps.add(scope + "/log_std", group, new long[]{actions}, new double[actions]);
    }

    /**
     * The actor network's declaration with Beck et al.'s base initialisation: normc with the hidden activation's gain,
     * then normc with gain 1.0 for a Gaussian mean or orthogonal with gain 0.01 for categorical logits. Shared with the
     * plain MLP policies, so that a hyper policy under Bias-HyperInit starts as one of them.
     */
    static BaseNetworkSpec actorSpec(int in, int[] hidden, int actions, boolean discrete, Activation activation) {
        LayerInit out = discrete ? LayerInits.ORTHOGONAL : LayerInits.NORMC;
        return BaseNetworkSpec.mlp(in, hidden, actions, activation, Activation.IDENTITY, false, LayerInits.NORMC, out,
                discrete ? 0.01 : 1.0);
    }

    /** The critic network's declaration: normc hidden layers, PyTorch-default output layer of width 1. */
    static BaseNetworkSpec criticSpec(int in, int[] hidden, Activation activation) {
        return BaseNetworkSpec.mlp(in, hidden, 1, activation, Activation.IDENTITY, false, LayerInits.NORMC,
                LayerInits.TORCH_DEFAULT, 1.0);
    }

    /** Parameter scopes are those of the papers' code: {@code hyper/<role>_heads} and {@code <role>_film}. */
    private static BaseNetwork baseNetwork(Parameters ps, String scope, String role, String group,
                                           BaseNetworkSpec spec, int dk, Config config) {
        return switch (config.generator()) {
            case FULL -> new Generated(spec, new DynamicHeads(ps, scope + "/hyper/" + role + "_heads", group, spec, dk,
                    config.init(), 1.0), config.evaluation());
            case FILM -> {
                List<Film> films = new ArrayList<>();
                for (DynamicLayerSpec l : spec.layers()) {
                    films.add(new Film(ps, scope + "/" + role + "_film/" + l.name(), group, l.in(), l.out(), dk,
                            l.baseInit(), l.initGain()));
                }
                yield new Modulated(spec, films);
            }
        };
    }

    /** Adds the policy to a graph: {@code state [batch, S]}, {@code hyperInput [batch, H]}. */
    public Outputs apply(Graph g, SDVariable state, SDVariable hyperInput) {
        return apply(g, state, hyperInput, WeightSource.OWN);
    }

    /** {@link #apply(Graph, SDVariable, SDVariable)} with every weight taken from a source (e.g. adapted weights). */
    public Outputs apply(Graph g, SDVariable state, SDVariable hyperInput, WeightSource weights) {
        SDVariable e = stateEmbedding.apply(g, state, weights);
        SDVariable z = projection.apply(g, hyperInput, weights);
        SDVariable mean = actor.apply(g, e, z, weights);
        SDVariable value = critic.apply(g, e, z, weights);
        SDVariable ls = null;
        if (logStd != null) {
            // std = max(1e-6, exp(log_std))  <=>  log_std clamped below at log(1e-6)
            double floor = Math.log(MIN_STD);
            ls = g.sd().nn().relu(weights.get(g, logStd).sub(floor), 0.0).add(floor);
        }
        return new Outputs(mean, value, ls);
    }

    /**
     * {@link #apply(Graph, SDVariable, SDVariable)} on arrays with the parameters' current values, as eager operations
     * (no graph), for acting; null for the FiLM generator, which has no array form (use the graph).
     *
     * @return {actor output [batch, actions], value [batch, 1]}, or null
     */
    public INDArray[] applyArrays(INDArray state, INDArray hyperInput) {
        if (!(actor instanceof Generated a) || !(critic instanceof Generated c)) {
            return null;
        }
        INDArray e = stateEmbedding.forward(state);
        INDArray z = projection.forward(hyperInput);
        return new INDArray[]{a.heads().forward(z, e), c.heads().forward(z, e)};
    }

    /** Hypernetwork parameters: the projection and every head (the count Beck et al. report). */
    public List<Parameter> hypernetworkParameters() {
        List<Parameter> ps = new ArrayList<>(projection.parameters());
        ps.addAll(actor.parameters());
        ps.addAll(critic.parameters());
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

    /** The state-independent log-std {@code [actions]} of a Gaussian actor, or {@code null} for categorical. */
    public Parameter logStd() {
        return logStd;
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
