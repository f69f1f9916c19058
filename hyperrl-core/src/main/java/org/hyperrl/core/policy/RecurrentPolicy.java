package org.hyperrl.core.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.FastGru;
import org.hyperrl.core.nn.FastMlp;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Gru;
import org.hyperrl.core.nn.GruSequence;
import org.hyperrl.core.nn.Linear;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.nn.WeightSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The recurrent policies of Beck et al. 2023 ({@code rnn}, {@code rnn+s}, {@code rnn+hn}): a trajectory encoder, then
 * a {@link PolicyBody} on its output and the current observation.
 *
 * <p>Encoder, per step: the observation {@code s_t}, the previous action {@code a_{t-1}} and the previous reward
 * {@code r_{t-1}} each through {@code Linear + ReLU} (an embedding of width 0 omits its input), concatenated, then one
 * GRU layer; the state is zeroed before a step at which a trial starts. The embeddings use PyTorch's default Linear
 * initialisation; the GRU keeps {@link Gru}'s PyTorch-default {@code U(+-1/sqrt(h))} (the reference encoder uses
 * orthogonal weights and zero biases, which {@link Gru} does not offer).
 */
final class RecurrentPolicy implements ActorCritic {
    private final PolicyBody body;
    /** The encoder's input embeddings by the input they read, in the order they are concatenated. */
    private final LinkedHashMap<String, Linear> embeddings = new LinkedHashMap<>();
    private final Gru gru;
    private final LinkedHashMap<String, Integer> widths = new LinkedHashMap<>();
    private final int actionSize;
    private final boolean discrete;

    /**
     * @param bodyFactory creates the body on the encoder's output (context width = GRU size)
     */
    RecurrentPolicy(Parameters ps, String scope, String group, PolicyConfig config, int obsDim, int actionSize,
                    boolean discrete, BodyFactory bodyFactory) {
        this.actionSize = actionSize;
        this.discrete = discrete;
        String enc = scope + "/encoder";
        addEmbedding(ps, enc + "/obs_embedding", group, OBS, obsDim, config.obsEmbed());
        addEmbedding(ps, enc + "/action_embedding", group, PREV_ACTION, actionSize, config.actionEmbed());
        addEmbedding(ps, enc + "/reward_embedding", group, PREV_REWARD, 1, config.rewardEmbed());
        this.gru = new Gru(ps, enc + "/gru", group, config.obsEmbed() + config.actionEmbed() + config.rewardEmbed(),
                config.gruSize());
        this.body = bodyFactory.create(ps, scope, group, obsDim, config.gruSize(), actionSize, discrete, config);
    }

    /** An input's embedding {@code Linear(in -> width) + ReLU}; a width of 0 omits the input. */
    private void addEmbedding(Parameters ps, String scope, String group, String input, int in, int width) {
        if (width > 0) {
            embeddings.put(input, new Linear(ps, scope, group, in, width, LayerInits.TORCH_DEFAULT, 1.0));
            widths.put(input, in);
        }
    }

    /** Creates the body of a recurrent policy; the context is the GRU output. */
    @FunctionalInterface
    interface BodyFactory {
        PolicyBody create(Parameters ps, String scope, String group, int obsDim, int contextDim, int actions,
                          boolean discrete, PolicyConfig config);
    }

    @Override
    public int stateSize() {
        return gru.hiddenWidth();
    }

    @Override
    public LinkedHashMap<String, Integer> inputWidths() {
        return new LinkedHashMap<>(widths);
    }

    @Override
    public int actionSize() {
        return actionSize;
    }

    @Override
    public boolean discrete() {
        return discrete;
    }

    @Override
    public Unrolled unroll(Graph g, Map<String, List<SDVariable>> inputs, List<SDVariable> starts, SDVariable h0) {
        int steps = starts.size();
        if (steps == 0) {
            throw new IllegalArgumentException("an unroll needs at least one step");
        }
        if (h0 == null) {
            throw new IllegalArgumentException("a recurrent policy needs an initial state h0 [B, " + stateSize() + "]");
        }
        SameDiff sd = g.sd();
        SDVariable obs = TimeBatch.flatten(sd, TimeBatch.steps(inputs, OBS, steps), widths.get(OBS));
        List<SDVariable> features = new ArrayList<>(embeddings.size());
        embeddings.forEach((input, layer) -> features.add(embed(g, layer, input.equals(OBS) ? obs
                : TimeBatch.flatten(sd, TimeBatch.steps(inputs, input, steps), widths.get(input)))));
        SDVariable x = features.size() == 1 ? features.get(0) : sd.concat(1, features.toArray(new SDVariable[0]));
        int hidden = gru.hiddenWidth();
        Gru.Sequence hs = gru.unroll(g, x, steps, starts, h0, WeightSource.OWN);
        PolicyBody.Out o = body.apply(g, obs, TimeBatch.flatten(sd, hs.outputs(), hidden));
        return new Unrolled(TimeBatch.split(sd, o.head(), steps, actionSize), TimeBatch.split(sd, o.value(), steps, 1),
                hs.last());
    }

    @Override
    public PolicyStepper arrayStepper() {
        if (!body.hasArrayForm()) {
            return null;
        }
        return new ArrayStepper(this, batch -> Nd4j.zeros(gru.parameters().get(0).value().dataType(), batch,
                gru.hiddenWidth()), (inputs, starts, state) -> {
                    INDArray h = new Split().encode(inputs, 1, starts, state).output();
                    INDArray[] out = body.applyArrays(inputs.get(OBS).castTo(h.dataType()), h);
                    return new ActorCriticStepper.Step(out[0], out[1], h);
                });
    }

    @Override
    public SplitEncoder splitEncoder() {
        return new Split();
    }

    /** The encoder outside the graph: embeddings and {@link GruSequence} on arrays, the body in the graph. */
    private final class Split implements SplitEncoder {
        @Override
        public int width() {
            return gru.hiddenWidth();
        }

        @Override
        public List<Parameter> encoderParameters() {
            return RecurrentPolicy.this.encoderParameters();
        }

        @Override
        public Pass encode(Map<String, INDArray> inputs, int steps, INDArray starts, INDArray h0) {
            List<Linear> layers = new ArrayList<>(3);
            List<INDArray> layerInputs = new ArrayList<>(3);
            DataType type = gru.parameters().get(0).value().dataType();
            embeddings.forEach((input, layer) -> {
                layers.add(layer);
                layerInputs.add(ArrayStepper.require(inputs, input, widths.get(input)).castTo(type));
            });
            List<INDArray> embedded = new ArrayList<>(layers.size());
            for (int i = 0; i < layers.size(); i++) {
                embedded.add(Activation.RELU.applyInPlace(layers.get(i).forward(layerInputs.get(i))));
            }
            INDArray x = embedded.size() == 1 ? embedded.get(0) : Nd4j.hstack(embedded.toArray(new INDArray[0]));
            GruSequence seq = new GruSequence(gru, x, steps, starts.castTo(type).rsub(1.0), h0);
            return new Pass() {
                @Override
                public INDArray output() {
                    return seq.outputs();
                }

                @Override
                public Map<Parameter, INDArray> backward(INDArray dOutput) {
                    GruSequence.Gradients g = seq.backward(dOutput);
                    Map<Parameter, INDArray> grads = new LinkedHashMap<>();
                    long col = 0;
                    for (int i = 0; i < layers.size(); i++) {
                        Linear l = layers.get(i);
                        INDArray out = embedded.get(i);
                        // ReLU: the gradient passes where the embedding is positive
                        INDArray dPre = g.input().get(NDArrayIndex.all(), NDArrayIndex.interval(col, col + l.outWidth()))
                                .mul(out.gt(0).castTo(type));
                        col += l.outWidth();
                        grads.put(l.weight(), layerInputs.get(i).transpose().mmul(dPre));
                        grads.put(l.bias(), dPre.sum(0));
                    }
                    grads.putAll(g.weights());
                    return grads;
                }
            };
        }

        @Override
        public Body body(Graph g, Map<String, SDVariable> inputs, SDVariable encoding) {
            SDVariable obs = inputs.get(OBS);
            if (obs == null) {
                throw new IllegalArgumentException("input '" + OBS + "' is missing; the body reads it (given: "
                        + inputs.keySet() + ")");
            }
            PolicyBody.Out o = body.apply(g, obs, encoding);
            return new Body(o.head(), o.value());
        }
    }

    /** Plain Java when the body has a plain-Java form ({@code rnn}, {@code rnn+s}), else null. */
    @Override
    public PolicyStepper fastStepper() {
        PolicyBody.Fast fastBody = body.fast();
        if (fastBody == null) {
            return null;
        }
        List<PlainJavaStepper.Embedding> fast = new ArrayList<>(embeddings.size());
        embeddings.forEach((input, layer) -> fast.add(fastEmbedding(input, layer)));
        return PlainJavaStepper.recurrent(this, fast, new FastGru(gru), fastBody);
    }

    private static PlainJavaStepper.Embedding fastEmbedding(String input, Linear layer) {
        return new PlainJavaStepper.Embedding(input, new FastMlp(layer, Activation.RELU), layer.outWidth());
    }

    private static SDVariable embed(Graph g, Linear layer, SDVariable x) {
        return Activation.RELU.apply(g.sd(), layer.apply(g, x));
    }

    @Override
    public Parameter logStd() {
        return body.logStd();
    }

    /** The encoder's parameters: the embeddings', then the GRU's. */
    private List<Parameter> encoderParameters() {
        List<Parameter> ps = new ArrayList<>();
        embeddings.values().forEach(l -> ps.addAll(l.parameters()));
        ps.addAll(gru.parameters());
        return ps;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = encoderParameters();
        ps.addAll(body.parameters());
        return ps;
    }
}
