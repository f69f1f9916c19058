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
import org.nd4j.linalg.ops.transforms.Transforms;

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
    private final Linear obsEmbedding;
    private final Linear actionEmbedding;
    private final Linear rewardEmbedding;
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
        this.obsEmbedding = new Linear(ps, enc + "/obs_embedding", group, obsDim, config.obsEmbed(),
                LayerInits.TORCH_DEFAULT, 1.0);
        widths.put(OBS, obsDim);
        this.actionEmbedding = config.actionEmbed() == 0 ? null : new Linear(ps, enc + "/action_embedding", group,
                actionSize, config.actionEmbed(), LayerInits.TORCH_DEFAULT, 1.0);
        if (actionEmbedding != null) {
            widths.put(PREV_ACTION, actionSize);
        }
        this.rewardEmbedding = config.rewardEmbed() == 0 ? null : new Linear(ps, enc + "/reward_embedding", group, 1,
                config.rewardEmbed(), LayerInits.TORCH_DEFAULT, 1.0);
        if (rewardEmbedding != null) {
            widths.put(PREV_REWARD, 1);
        }
        this.gru = new Gru(ps, enc + "/gru", group, config.obsEmbed() + config.actionEmbed() + config.rewardEmbed(),
                config.gruSize());
        this.body = bodyFactory.create(ps, scope, group, obsDim, config.gruSize(), actionSize, discrete, config);
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
        List<SDVariable> features = new ArrayList<>(3);
        features.add(embed(g, obsEmbedding, obs));
        if (actionEmbedding != null) {
            features.add(embed(g, actionEmbedding,
                    TimeBatch.flatten(sd, TimeBatch.steps(inputs, PREV_ACTION, steps), actionSize)));
        }
        if (rewardEmbedding != null) {
            features.add(embed(g, rewardEmbedding, TimeBatch.flatten(sd, TimeBatch.steps(inputs, PREV_REWARD, steps), 1)));
        }
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
        ActorCritic self = this;
        return new PolicyStepper() {
            @Override
            public INDArray initialState(int batch) {
                return Nd4j.zeros(gru.parameters().get(0).value().dataType(), batch, gru.hiddenWidth());
            }

            @Override
            public ActorCriticStepper.Step step(Map<String, INDArray> inputs, INDArray starts, INDArray state) {
                if (state == null) {
                    throw new IllegalArgumentException("a recurrent policy needs the previous state [B, "
                            + gru.hiddenWidth() + "]; start from initialState(batch)");
                }
                Map<String, INDArray> checked = new LinkedHashMap<>();
                widths.forEach((name, width) -> checked.put(name, ArrayInputs.require(inputs, name, width)));
                SplitEncoder.Pass pass = new Split().encode(checked, 1, starts, state);
                INDArray h = pass.output();
                DataType type = h.dataType();
                INDArray[] out = body.applyArrays(checked.get(OBS).castTo(type), h);
                return new ActorCriticStepper.Step(out[0], out[1], h);
            }

            @Override
            public void refresh() {
            }

            @Override
            public ActorCritic policy() {
                return self;
            }
        };
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
            List<Parameter> ps = new ArrayList<>(obsEmbedding.parameters());
            if (actionEmbedding != null) {
                ps.addAll(actionEmbedding.parameters());
            }
            if (rewardEmbedding != null) {
                ps.addAll(rewardEmbedding.parameters());
            }
            ps.addAll(gru.parameters());
            return ps;
        }

        @Override
        public Pass encode(Map<String, INDArray> inputs, int steps, INDArray starts, INDArray h0) {
            List<Linear> layers = new ArrayList<>(3);
            List<INDArray> layerInputs = new ArrayList<>(3);
            layers.add(obsEmbedding);
            layerInputs.add(required(inputs, OBS));
            if (actionEmbedding != null) {
                layers.add(actionEmbedding);
                layerInputs.add(required(inputs, PREV_ACTION));
            }
            if (rewardEmbedding != null) {
                layers.add(rewardEmbedding);
                layerInputs.add(required(inputs, PREV_REWARD));
            }
            DataType type = gru.parameters().get(0).value().dataType();
            List<INDArray> embedded = new ArrayList<>(layers.size());
            for (int i = 0; i < layers.size(); i++) {
                Linear l = layers.get(i);
                INDArray x = layerInputs.get(i).castTo(type);
                layerInputs.set(i, x);
                embedded.add(Transforms.relu(x.mmul(l.weight().value()).addiRowVector(
                        l.bias().value().reshape(1, l.outWidth())), false));
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

    private static INDArray required(Map<String, INDArray> inputs, String name) {
        INDArray x = inputs.get(name);
        if (x == null) {
            throw new IllegalArgumentException("input '" + name + "' is missing; the encoder reads it (given: "
                    + inputs.keySet() + ")");
        }
        return x;
    }

    /** Plain Java when the body has a plain-Java form ({@code rnn}, {@code rnn+s}), else null. */
    @Override
    public PolicyStepper fastStepper() {
        PolicyBody.Fast fastBody = body.fast();
        if (fastBody == null) {
            return null;
        }
        List<PlainJavaStepper.Embedding> embeddings = new ArrayList<>(3);
        embeddings.add(fastEmbedding(OBS, obsEmbedding));
        if (actionEmbedding != null) {
            embeddings.add(fastEmbedding(PREV_ACTION, actionEmbedding));
        }
        if (rewardEmbedding != null) {
            embeddings.add(fastEmbedding(PREV_REWARD, rewardEmbedding));
        }
        return PlainJavaStepper.recurrent(this, embeddings, new FastGru(gru), fastBody);
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

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(obsEmbedding.parameters());
        if (actionEmbedding != null) {
            ps.addAll(actionEmbedding.parameters());
        }
        if (rewardEmbedding != null) {
            ps.addAll(rewardEmbedding.parameters());
        }
        ps.addAll(gru.parameters());
        ps.addAll(body.parameters());
        return ps;
    }
}
