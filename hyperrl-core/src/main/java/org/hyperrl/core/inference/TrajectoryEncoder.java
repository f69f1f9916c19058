package org.hyperrl.core.inference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Gru;
import org.hyperrl.core.nn.GruSequence;
import org.hyperrl.core.nn.Linear;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * VariBAD's trajectory encoder (Zintgraf et al. 2020; Beck et al. 2023's VI and TI methods): per transition the
 * action {@code a_t}, the reward {@code r_t} and the next state {@code s_{t+1}} each through {@code Linear + ReLU}
 * (an embedding of width 0 omits its input; the grid encoder ignores actions), concatenated, then one GRU layer, then
 * the posterior head {@code Linear(hidden -> 2 * latent)}: the mean and log-variance of a diagonal Gaussian over the
 * latent task. The hidden state starts at zero at a trial (meta-episode) start and is never reset inside it; the
 * <em>prior</em>, the belief before any transition, is the head applied to that zero state.
 *
 * <p>Two forms: {@link #step} advances a batch by one transition while acting (eager arrays), and {@link #encode}
 * runs whole trajectories with a hand-written backward pass ({@link GruSequence}) so that a loss computed in a graph
 * on the hidden states can be continued into the embeddings and the GRU. The head is an ordinary {@link Linear} the
 * loss graph applies itself. Initialisation: PyTorch's default Linear init for the embeddings and the head, and
 * {@link Gru}'s {@code U(+-1/sqrt(h))} (the reference uses orthogonal GRU weights and zero biases, which {@link Gru}
 * does not offer).
 */
public final class TrajectoryEncoder {
    /** Input name of the action taken. */
    public static final String ACTION = "action";
    /** Input name of the reward received. */
    public static final String REWARD = "reward";
    /** Input name of the state reached. */
    public static final String NEXT_OBS = "next_obs";

    /**
     * The encoder's sizes.
     *
     * @param stateEmbed  width of the next-state embedding (32; 0 omits the state)
     * @param actionEmbed width of the action embedding (16; 0 on the grid)
     * @param rewardEmbed width of the reward embedding (16; 8 on the grid)
     * @param gruSize     GRU hidden width (256)
     * @param latentDim   latent task dimension (5; 10 on Walker)
     */
    public record Sizes(int stateEmbed, int actionEmbed, int rewardEmbed, int gruSize, int latentDim) {
        public Sizes {
            if (stateEmbed < 0 || actionEmbed < 0 || rewardEmbed < 0) {
                throw new IllegalArgumentException("embedding widths must be >= 0 (0 omits the input), got state "
                        + stateEmbed + ", action " + actionEmbed + ", reward " + rewardEmbed);
            }
            if (stateEmbed + actionEmbed + rewardEmbed == 0) {
                throw new IllegalArgumentException("the encoder needs at least one input: every embedding width is 0");
            }
            if (gruSize <= 0 || latentDim <= 0) {
                throw new IllegalArgumentException("gruSize and latentDim must be positive, got " + gruSize + " and "
                        + latentDim);
            }
        }
    }

    private final LinkedHashMap<String, Linear> embeddings = new LinkedHashMap<>();
    private final LinkedHashMap<String, Integer> widths = new LinkedHashMap<>();
    private final Gru gru;
    private final Linear head;
    private final int latentDim;

    /**
     * Creates the parameters {@code scope/...} in {@code group}.
     *
     * @param actionWidth width of the action input (the number of discrete actions, one-hot, or the action dimension)
     */
    public TrajectoryEncoder(Parameters ps, String scope, String group, int obsDim, int actionWidth, Sizes sizes) {
        if (obsDim <= 0 || actionWidth <= 0) {
            throw new IllegalArgumentException("observation and action widths must be positive, got " + obsDim
                    + " and " + actionWidth);
        }
        this.latentDim = sizes.latentDim();
        addEmbedding(ps, scope + "/action_embedding", group, ACTION, actionWidth, sizes.actionEmbed());
        addEmbedding(ps, scope + "/reward_embedding", group, REWARD, 1, sizes.rewardEmbed());
        addEmbedding(ps, scope + "/state_embedding", group, NEXT_OBS, obsDim, sizes.stateEmbed());
        this.gru = new Gru(ps, scope + "/gru", group, sizes.actionEmbed() + sizes.rewardEmbed() + sizes.stateEmbed(),
                sizes.gruSize());
        this.head = new Linear(ps, scope + "/posterior", group, sizes.gruSize(), 2 * latentDim,
                LayerInits.TORCH_DEFAULT, 1.0);
    }

    private void addEmbedding(Parameters ps, String scope, String group, String input, int in, int width) {
        if (width > 0) {
            embeddings.put(input, new Linear(ps, scope, group, in, width, LayerInits.TORCH_DEFAULT, 1.0));
            widths.put(input, in);
        }
    }

    /** Latent task dimension {@code L}; the posterior is {@code 2 L} wide (mean, then log-variance). */
    public int latentDim() {
        return latentDim;
    }

    /** GRU hidden width: the encoder's recurrent state. */
    public int hiddenWidth() {
        return gru.hiddenWidth();
    }

    /** The inputs the encoder reads, with their widths (an embedding of width 0 drops its input). */
    public Map<String, Integer> inputWidths() {
        return new LinkedHashMap<>(widths);
    }

    /** The posterior head {@code Linear(hidden -> 2 L)}, applied by loss graphs to the hidden states. */
    public Linear head() {
        return head;
    }

    private DataType type() {
        return head.weight().value().dataType();
    }

    /** The state at a trial start: zeros {@code [batch, hidden]}. */
    public INDArray zeroState(int batch) {
        return Nd4j.zeros(type(), batch, gru.hiddenWidth());
    }

    /** The posterior {@code [B, 2L]} (mean, then log-variance) at hidden states {@code h [B, hidden]}. */
    public INDArray posterior(INDArray h) {
        return head.forward(h.castTo(type()));
    }

    /** The prior: the posterior at the zero state, {@code [batch, 2L]}. */
    public INDArray prior(int batch) {
        return posterior(zeroState(batch));
    }

    /**
     * One transition for a batch: the state after {@code (a, r, s')} from state {@code h}.
     *
     * @param inputs {@link #ACTION} {@code [B, actionWidth]}, {@link #REWARD} {@code [B, 1]}, {@link #NEXT_OBS}
     *               {@code [B, obsDim]} (only those {@link #inputWidths()} lists are read)
     * @param h      the state before, {@code [B, hidden]}
     */
    public INDArray step(Map<String, INDArray> inputs, INDArray h) {
        return encode(inputs, 1, h).output();
    }

    /**
     * Runs {@code steps} transitions of {@code B} trajectories from state {@code h0} (no resets inside).
     *
     * @param inputs as {@link #step}, {@code [steps * B, width]}, rows ordered by step then trajectory
     *               ({@code t * B + b})
     */
    public Pass encode(Map<String, INDArray> inputs, int steps, INDArray h0) {
        DataType type = type();
        List<Linear> layers = new ArrayList<>(3);
        List<INDArray> layerInputs = new ArrayList<>(3);
        embeddings.forEach((name, layer) -> {
            INDArray x = inputs.get(name);
            if (x == null || x.rank() != 2 || x.size(1) != widths.get(name)) {
                throw new IllegalArgumentException("encoder input '" + name + "' must be [rows, " + widths.get(name)
                        + "], got " + (x == null ? "none" : java.util.Arrays.toString(x.shape())));
            }
            layers.add(layer);
            layerInputs.add(x.castTo(type));
        });
        List<INDArray> embedded = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            embedded.add(Activation.RELU.applyInPlace(layers.get(i).forward(layerInputs.get(i))));
        }
        INDArray x = embedded.size() == 1 ? embedded.get(0) : Nd4j.hstack(embedded.toArray(new INDArray[0]));
        GruSequence seq = new GruSequence(gru, x, steps, null, h0.castTo(type));
        return new Pass(seq, layers, layerInputs, embedded, type);
    }

    /** One run of {@link #encode}, kept for its backward pass. */
    public static final class Pass {
        private final GruSequence seq;
        private final List<Linear> layers;
        private final List<INDArray> layerInputs;
        private final List<INDArray> embedded;
        private final DataType type;

        private Pass(GruSequence seq, List<Linear> layers, List<INDArray> layerInputs, List<INDArray> embedded,
                     DataType type) {
            this.seq = seq;
            this.layers = layers;
            this.layerInputs = layerInputs;
            this.embedded = embedded;
            this.type = type;
        }

        /** The hidden state after every transition, {@code [steps * B, hidden]}, rows {@code t * B + b}. */
        public INDArray output() {
            return seq.outputs();
        }

        /** Gradients of the embeddings' and the GRU's parameters given the loss's gradient w.r.t. {@link #output()}. */
        public Map<Parameter, INDArray> backward(INDArray dOutput) {
            GruSequence.Gradients g = seq.backward(dOutput.castTo(type));
            Map<Parameter, INDArray> grads = new LinkedHashMap<>();
            long col = 0;
            for (int i = 0; i < layers.size(); i++) {
                Linear l = layers.get(i);
                INDArray dPre = g.input().get(NDArrayIndex.all(), NDArrayIndex.interval(col, col + l.outWidth()))
                        .mul(embedded.get(i).gt(0).castTo(type));
                col += l.outWidth();
                grads.put(l.weight(), layerInputs.get(i).transpose().mmul(dPre));
                grads.put(l.bias(), dPre.sum(0));
            }
            grads.putAll(g.weights());
            return grads;
        }
    }

    /** The parameters outside the head: embeddings, then the GRU (those {@link Pass#backward} returns). */
    public List<Parameter> recurrentParameters() {
        List<Parameter> ps = new ArrayList<>();
        embeddings.values().forEach(l -> ps.addAll(l.parameters()));
        ps.addAll(gru.parameters());
        return ps;
    }

    /** Every parameter: embeddings, GRU, head. */
    public List<Parameter> parameters() {
        List<Parameter> ps = recurrentParameters();
        ps.addAll(head.parameters());
        return ps;
    }
}
