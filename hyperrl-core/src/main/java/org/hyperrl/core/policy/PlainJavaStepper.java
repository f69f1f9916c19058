package org.hyperrl.core.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.nn.FastGru;
import org.hyperrl.core.nn.FastMlp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ActorCritic#fastStepper()} for policies whose parts all have a plain-Java form: an optional recurrent encoder
 * (per-input embeddings, concatenated, then a {@link FastGru}) and a {@link PolicyBody.Fast}. Computes on float copies
 * of the parameters and returns arrays of the parameters' type.
 */
final class PlainJavaStepper implements PolicyStepper {

    /** One encoder input and its embedding, in the order of the GRU input's columns. */
    record Embedding(String input, FastMlp net, int width) {
    }

    private final ActorCritic policy;
    private final List<Embedding> embeddings;
    private final FastGru gru;
    private final String contextInput;
    private final PolicyBody.Fast body;
    private final DataType dataType;

    private PlainJavaStepper(ActorCritic policy, List<Embedding> embeddings, FastGru gru, String contextInput,
                             PolicyBody.Fast body) {
        this.policy = policy;
        this.embeddings = List.copyOf(embeddings);
        this.gru = gru;
        this.contextInput = contextInput;
        this.body = body;
        this.dataType = policy.parameters().get(0).value().dataType();
    }

    /** A recurrent policy: the body's context is the GRU state after the step. */
    static PlainJavaStepper recurrent(ActorCritic policy, List<Embedding> embeddings, FastGru gru,
                                      PolicyBody.Fast body) {
        return new PlainJavaStepper(policy, embeddings, gru, null, body);
    }

    /** A feed-forward policy whose body reads the input {@code contextInput} as its context, or none if null. */
    static PlainJavaStepper feedForward(ActorCritic policy, String contextInput, PolicyBody.Fast body) {
        return new PlainJavaStepper(policy, List.of(), null, contextInput, body);
    }

    @Override
    public INDArray initialState(int batch) {
        return gru == null ? null : Nd4j.zeros(dataType, batch, policy.stateSize());
    }

    @Override
    public ActorCriticStepper.Step step(Map<String, INDArray> inputs, INDArray starts, INDArray state) {
        int batch = (int) starts.size(0);
        float[][] obs = rows(inputs, ActorCritic.OBS, batch);
        float[][] context = contextInput == null ? null : rows(inputs, contextInput, batch);
        float[] h = null;
        if (gru != null) {
            h = advance(inputs, starts, state, batch);
        }
        int actions = policy.actionSize();
        int hidden = policy.stateSize();
        float[][] heads = new float[batch][actions];
        float[][] values = new float[batch][1];
        float[] row = gru == null ? null : new float[hidden];
        for (int n = 0; n < batch; n++) {
            float[] c = context == null ? null : context[n];
            if (row != null) {
                System.arraycopy(h, n * hidden, row, 0, hidden);
                c = row;
            }
            values[n][0] = body.apply(obs[n], c, heads[n]);
        }
        INDArray next = h == null ? null : Nd4j.create(h, new long[]{batch, hidden}, 'c').castTo(dataType);
        return new ActorCriticStepper.Step(Nd4j.create(heads).castTo(dataType), Nd4j.create(values).castTo(dataType),
                next);
    }

    /** The GRU state after this step: the previous state, zeroed where a trial starts, stepped on the embeddings. */
    private float[] advance(Map<String, INDArray> inputs, INDArray starts, INDArray state, int batch) {
        int hidden = policy.stateSize();
        if (state == null) {
            throw new IllegalArgumentException("a recurrent policy needs the previous state [B, " + hidden
                    + "]; start from initialState(batch)");
        }
        if (state.rank() != 2 || state.size(0) != batch || state.size(1) != hidden) {
            throw new IllegalArgumentException("state must have shape [" + batch + ", " + hidden + "], got "
                    + Arrays.toString(state.shape()));
        }
        float[] h = state.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] keep = starts.castTo(DataType.FLOAT).dup('c').data().asFloat();
        for (int n = 0; n < batch; n++) {
            float k = 1f - keep[n];
            for (int j = 0; j < hidden; j++) {
                h[n * hidden + j] *= k;
            }
        }
        int in = gru.gru().inWidth();
        float[] x = new float[batch * in];
        int offset = 0;
        for (Embedding e : embeddings) {
            float[][] rows = rows(inputs, e.input(), batch);
            for (int n = 0; n < batch; n++) {
                System.arraycopy(e.net().forward(rows[n]), 0, x, n * in + offset, e.width());
            }
            offset += e.width();
        }
        gru.step(x, h, batch, h);
        return h;
    }

    private float[][] rows(Map<String, INDArray> inputs, String name, int batch) {
        INDArray x = inputs.get(name);
        if (x == null) {
            throw new IllegalArgumentException("input '" + name + "' is missing; the policy reads "
                    + policy.inputWidths().keySet());
        }
        int width = policy.inputWidths().get(name);
        if (x.rank() != 2 || x.size(0) != batch || x.size(1) != width) {
            throw new IllegalArgumentException("input '" + name + "' must have shape [" + batch + ", " + width
                    + "] but has shape " + Arrays.toString(x.shape()));
        }
        return x.toFloatMatrix();
    }

    @Override
    public void refresh() {
        embeddings.forEach(e -> e.net().refresh());
        if (gru != null) {
            gru.refresh();
        }
        body.refresh();
    }

    @Override
    public ActorCritic policy() {
        return policy;
    }
}
