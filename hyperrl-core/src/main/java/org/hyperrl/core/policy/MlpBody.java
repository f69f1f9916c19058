package org.hyperrl.core.policy;

import java.util.ArrayList;
import java.util.List;
import org.hyperrl.core.init.Gains;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.FastMlp;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Ordinary (not generated) actor and critic networks of Beck et al.: an optional state embedding
 * {@code Linear(. -> stateEmbed) + tanh}, then separate actor and critic MLPs ({@code hidden...}, then the head or
 * the value), both reading the same features. Their declarations and initialisations are those of
 * {@link HyperPolicy}'s base networks. Gaussian heads add a state-independent log-std (init 0, i.e. std 1).
 */
final class MlpBody implements PolicyBody {

    /** Which features the actor and critic read. */
    enum Features {
        /** {@code embed(obs)}: the feed-forward policy. */
        EMBEDDED_OBS,
        /** {@code embed(concat(obs, context))}: the multi-task policy, context = task. */
        EMBEDDED_OBS_AND_CONTEXT,
        /** {@code context}: RL2, where the state reaches the policy only through the encoder. */
        CONTEXT,
        /** {@code concat(context, embed(obs))}: RNN+S. */
        CONTEXT_AND_EMBEDDED_OBS
    }

    private final Features features;
    private final Mlp stateEmbedding;
    private final Mlp actor;
    private final Mlp critic;
    private final Parameter logStd;

    /**
     * @param obsDim     observation width
     * @param contextDim context width (0 when {@code features} reads no context)
     */
    MlpBody(Parameters ps, String scope, String group, Features features, int obsDim, int contextDim, int actions,
            boolean discrete, PolicyConfig config) {
        this.features = features;
        int embedIn = switch (features) {
            case EMBEDDED_OBS, CONTEXT_AND_EMBEDDED_OBS -> obsDim;
            case EMBEDDED_OBS_AND_CONTEXT -> obsDim + contextDim;
            case CONTEXT -> 0;
        };
        this.stateEmbedding = embedIn == 0 ? null : new Mlp(ps, scope + "/state_embedding", group, embedIn,
                new int[0], config.stateEmbed(), Activation.TANH, Activation.TANH, LayerInits.KAIMING_UNIFORM,
                Gains.TANH);
        int in = switch (features) {
            case EMBEDDED_OBS, EMBEDDED_OBS_AND_CONTEXT -> config.stateEmbed();
            case CONTEXT -> contextDim;
            case CONTEXT_AND_EMBEDDED_OBS -> contextDim + config.stateEmbed();
        };
        this.actor = new Mlp(ps, scope + "/actor", group,
                HyperPolicy.actorSpec(in, config.hidden(), actions, discrete, config.activation()));
        this.critic = new Mlp(ps, scope + "/critic", group,
                HyperPolicy.criticSpec(in, config.hidden(), config.activation()));
        this.logStd = discrete ? null : ps.add(scope + "/log_std", group, new long[]{actions}, new double[actions]);
    }

    @Override
    public Out apply(Graph g, SDVariable obs, SDVariable context) {
        SDVariable x = switch (features) {
            case EMBEDDED_OBS -> stateEmbedding.apply(g, obs);
            case EMBEDDED_OBS_AND_CONTEXT -> stateEmbedding.apply(g, g.sd().concat(1, obs, context));
            case CONTEXT -> context;
            case CONTEXT_AND_EMBEDDED_OBS -> g.sd().concat(1, context, stateEmbedding.apply(g, obs));
        };
        return new Out(actor.apply(g, x), critic.apply(g, x));
    }

    @Override
    public INDArray[] applyArrays(INDArray obs, INDArray context) {
        INDArray x = switch (features) {
            case EMBEDDED_OBS -> stateEmbedding.forward(obs);
            case EMBEDDED_OBS_AND_CONTEXT -> stateEmbedding.forward(Nd4j.hstack(obs, context));
            case CONTEXT -> context;
            case CONTEXT_AND_EMBEDDED_OBS -> Nd4j.hstack(context, stateEmbedding.forward(obs));
        };
        return new INDArray[]{actor.forward(x), critic.forward(x)};
    }

    @Override
    public boolean hasArrayForm() {
        return true;
    }

    @Override
    public Fast fast() {
        return new FastBody();
    }

    /** {@link #apply} in plain Java. */
    private final class FastBody implements Fast {
        private final FastMlp embedding = stateEmbedding == null ? null : new FastMlp(stateEmbedding);
        private final FastMlp fastActor = new FastMlp(actor);
        private final FastMlp fastCritic = new FastMlp(critic);
        private final float[] embeddingIn = embedding == null ? null : new float[stateEmbedding.inWidth()];
        private final float[] actorIn = new float[actor.inWidth()];

        @Override
        public float apply(float[] obs, float[] context, float[] head) {
            float[] x = switch (features) {
                case EMBEDDED_OBS -> embedding.forward(obs);
                case EMBEDDED_OBS_AND_CONTEXT -> embedding.forward(concat(obs, context, embeddingIn));
                case CONTEXT -> context;
                case CONTEXT_AND_EMBEDDED_OBS -> concat(context, embedding.forward(obs), actorIn);
            };
            System.arraycopy(fastActor.forward(x), 0, head, 0, head.length);
            return fastCritic.forward(x)[0];
        }

        private static float[] concat(float[] a, float[] b, float[] out) {
            System.arraycopy(a, 0, out, 0, a.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }

        @Override
        public void refresh() {
            if (embedding != null) {
                embedding.refresh();
            }
            fastActor.refresh();
            fastCritic.refresh();
        }
    }

    @Override
    public Parameter logStd() {
        return logStd;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        if (stateEmbedding != null) {
            ps.addAll(stateEmbedding.parameters());
        }
        ps.addAll(actor.parameters());
        ps.addAll(critic.parameters());
        if (logStd != null) {
            ps.add(logStd);
        }
        return ps;
    }
}
