package org.hyperrl.algos.ppo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.dist.Categorical;
import org.hyperrl.core.dist.DiagGaussian;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Linear;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.policy.ActorCritic;
import org.hyperrl.core.policy.SplitEncoder;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PPO's loss over minibatches of whole sequences of {@code T} steps (jacooba/hyper):
 * <pre>
 * per step: ratio = exp(log pi(a|.) - log pi_old(a|.))
 *           L_clip  = -min(ratio * A, clip(ratio, 1 - c, 1 + c) * A)
 *           V_clip  = V_old + clip(V - V_old, -c, c)
 *           L_V     = 0.5 * max(Huber(V - R), Huber(V_clip - R))
 * loss = mean over steps and sequences of  L_clip + valueCoef * L_V - entropyCoef * H
 * </pre>
 * Feeds ({@link #gradients}, {@link #run}): per step {@code t} the policy's inputs ({@code NAME_t}) and {@code start_t};
 * over all steps at once, rows ordered by step then sequence ({@code t * B + b}), the action taken ({@value #ACTION},
 * one-hot for discrete heads) and the rollout's log-probability, advantage, return and value ({@code [T*B, 1]}); and
 * the recurrent state at the sequence start {@value #H0}. Only the policy's parameters are trained. The graph itself
 * reads the inputs flattened over steps, except in the reference form (the whole policy unrolled per step).
 */
final class PpoLoss {
    static final String H0 = "h0";
    static final String ACTION = "action";
    static final String LOG_PROB = "logp";
    static final String ADVANTAGE = "adv";
    static final String RETURN = "ret";
    static final String VALUE = "value";
    /** The encoder's output, an input of the graph when the encoder is trained outside it. */
    static final String ENCODING = "encoding";
    /** The true task description per row, for the end-to-end task-inference term. */
    static final String TRUE_TASK = "true_task";

    final Graph graph;
    final SDVariable policyLoss;
    final SDVariable valueLoss;
    final SDVariable entropy;
    final SDVariable ratioDeviation;
    /** The end-to-end task-inference term (mean squared error), or {@code null} when its weight is 0. */
    final SDVariable taskLoss;
    /** The outputs an update reports: policy, value, entropy, and the task term when there is one. */
    final SDVariable[] reported;
    private final int taskDim;
    private final int steps;
    private final ActorCritic policy;
    private final SplitEncoder split;
    private final boolean flat;

    PpoLoss(Parameters params, String group, ActorCritic policy, int steps, double clip, double valueCoef,
            double entropyCoef) {
        this(params, group, policy, steps, clip, valueCoef, entropyCoef, false, 0, 0);
    }

    PpoLoss(Parameters params, String group, ActorCritic policy, int steps, double clip, double valueCoef,
            double entropyCoef, boolean reference) {
        this(params, group, policy, steps, clip, valueCoef, entropyCoef, reference, 0, 0);
    }

    /**
     * @param reference unroll the whole policy step by step in the graph ({@link ActorCritic#unroll}), the reference
     *                  the faster forms are tested against; otherwise a feed-forward policy runs once on all rows and a
     *                  recurrent one with its encoder outside the graph ({@link SplitEncoder}) where it has one
     */
    /**
     * @param taskWeight w of the combined objective {@code (1 - w) L_PPO + w L_task} (Beck et al. 2023, appendix), with
     *                   {@code L_task} the mean over rows of {@code ||c - R phi||^2}: the recurrent encoder's output phi
     *                   read out linearly ({@code R}, parameters {@code GROUP/task_readout}, trained by this loss) as
     *                   the task estimate; 0 for PPO alone
     * @param taskDim    width of the task description c (with {@code taskWeight > 0})
     */
    PpoLoss(Parameters params, String group, ActorCritic policy, int steps, double clip, double valueCoef,
            double entropyCoef, boolean reference, double taskWeight, int taskDim) {
        this.steps = steps;
        this.taskDim = taskWeight > 0 ? taskDim : 0;
        this.policy = policy;
        this.split = reference ? null : policy.splitEncoder();
        this.flat = !reference && policy.stateSize() == 0;
        this.graph = new Graph(params, p -> p.group().equals(group)).checkInputs(false);
        SameDiff sd = graph.sd();
        int n = policy.actionSize();
        SDVariable heads;
        SDVariable value;
        if (flat) {
            // A feed-forward policy ignores trial starts and carries no state: all steps are one batch of T*B rows,
            // a one-step unroll on the flattened inputs (named without a step suffix).
            Map<String, List<SDVariable>> inputs = new LinkedHashMap<>();
            policy.inputWidths().forEach((name, width) -> inputs.put(name, List.of(graph.input(name, width))));
            ActorCritic.Unrolled u = policy.unroll(graph, inputs, List.of(graph.input("start", 1)), null);
            heads = u.heads().get(0);
            value = u.values().get(0);
        } else if (split == null) {
            Map<String, List<SDVariable>> inputs = new LinkedHashMap<>();
            policy.inputWidths().forEach((name, width) -> {
                List<SDVariable> perStep = new ArrayList<>(steps);
                for (int t = 0; t < steps; t++) {
                    perStep.add(graph.input(name + "_" + t, width));
                }
                inputs.put(name, perStep);
            });
            List<SDVariable> starts = new ArrayList<>(steps);
            for (int t = 0; t < steps; t++) {
                starts.add(graph.input("start_" + t, 1));
            }
            SDVariable h0 = policy.stateSize() > 0 ? graph.input(H0, policy.stateSize()) : null;
            ActorCritic.Unrolled u = policy.unroll(graph, inputs, starts, h0);
            // Every step's loss terms at once: the per-step outputs stacked time-major into [T*B, w] rows (t * B + b),
            // matching the flattened feeds, so the loss adds a few dozen ops instead of a few dozen per step.
            heads = flatten(sd, u.heads(), n);
            value = flatten(sd, u.values(), 1);
        } else {
            // The body on all steps at once, reading the inputs flattened ([T*B, w], named without a step suffix) and
            // the encoder's output; the per-step feeds are not inputs of this graph.
            Map<String, SDVariable> flat = new LinkedHashMap<>();
            policy.inputWidths().forEach((name, width) -> flat.put(name, graph.input(name, width)));
            SplitEncoder.Body body = split.body(graph, flat, graph.input(ENCODING, split.width()));
            heads = body.heads();
            value = body.values();
        }
        SDVariable action = graph.input(ACTION, n);
        SDVariable oldLogProb = graph.input(LOG_PROB, 1);
        SDVariable adv = graph.input(ADVANTAGE, 1);
        SDVariable ret = graph.input(RETURN, 1);
        SDVariable oldValue = graph.input(VALUE, 1);
        SDVariable logProb;
        if (policy.discrete()) {
            Categorical d = new Categorical(sd, heads, n);
            logProb = d.logProb(action);
            this.entropy = d.entropy().mean();
        } else {
            SDVariable logStd = policy.logStd(graph);
            logProb = new DiagGaussian(sd, heads, logStd, n).logProb(action);
            // The log-std is state-independent: the entropy is the same for every row.
            this.entropy = logStd.sum().add(n * (0.5 + 0.5 * Math.log(2 * Math.PI)));
        }
        SDVariable ratio = sd.math().exp(logProb.sub(oldLogProb));
        SDVariable surr = sd.math().min(ratio.mul(adv), sd.math().clipByValue(ratio, 1.0 - clip, 1.0 + clip).mul(adv));
        this.policyLoss = surr.mean().neg();
        this.valueLoss = clippedValueLoss(sd, value, oldValue, ret, clip).mean();
        this.ratioDeviation = sd.math().abs(ratio.sub(1.0)).mean();
        SDVariable ppo = policyLoss.add(valueLoss.mul(valueCoef)).sub(entropy.mul(entropyCoef));
        if (taskWeight > 0) {
            if (split == null) {
                throw new UnsupportedOperationException("the end-to-end task-inference term needs a recurrent policy "
                        + "whose encoder output is the task estimate (rnn, rnn+s, rnn+hn)");
            }
            if (taskDim <= 0) {
                throw new IllegalArgumentException("the end-to-end task-inference term needs the task description's "
                        + "width, got " + taskDim);
            }
            // The paper compares phi itself with c; a GRU state lies in (-1, 1) and cannot match task descriptions
            // outside it (grid coordinates 0-4), hence the linear read-out.
            Linear readout = new Linear(params, group + "/task_readout", group, split.width(), taskDim,
                    LayerInits.TORCH_DEFAULT, 1.0);
            SDVariable estimate = readout.apply(graph, graph.sd().getVariable(ENCODING));
            SDVariable err = estimate.sub(graph.input(TRUE_TASK, taskDim));
            this.taskLoss = err.mul(err).sum(true, 1).mean();
            graph.setLoss(ppo.mul(1 - taskWeight).add(taskLoss.mul(taskWeight)));
        } else {
            this.taskLoss = null;
            graph.setLoss(ppo);
        }
        this.reported = taskLoss == null ? new SDVariable[]{policyLoss, valueLoss, entropy}
                : new SDVariable[]{policyLoss, valueLoss, entropy, taskLoss};
    }

    /**
     * The loss, its gradients with respect to {@code wrt} (the policy's parameters) and the extra outputs on one
     * minibatch. With the encoder outside the graph: the encoder's forward pass, the graph's forward and backward pass
     * (which also gives the gradient with respect to the encoder's output), then the encoder's backward pass.
     */
    Graph.Gradients gradients(Map<String, INDArray> feeds, List<Parameter> wrt, SDVariable... extra) {
        if (flat) {
            return graph.gradients(flatFeeds(feeds, new HashMap<>()), wrt, extra);
        }
        if (split == null) {
            return graph.gradients(feeds, wrt, extra);
        }
        Map<String, INDArray> graphFeeds = new HashMap<>();
        SplitEncoder.Pass pass = encode(feeds, graphFeeds);
        List<Parameter> encoder = split.encoderParameters();
        List<Parameter> body = new ArrayList<>(wrt);
        body.removeAll(encoder);
        Graph.Gradients g = graph.gradients(graphFeeds, body, List.of(ENCODING), extra);
        Map<Parameter, INDArray> encoderGrads = pass.backward(g.ofInput(ENCODING));
        Map<Parameter, INDArray> grads = new LinkedHashMap<>();
        for (Parameter p : wrt) {
            grads.put(p, encoder.contains(p) ? encoderGrads.get(p) : g.byParameter().get(p));
        }
        return new Graph.Gradients(g.loss(), grads, g.outputs());
    }

    /** An output of the loss graph on one minibatch (the encoder run first when it is outside the graph). */
    INDArray run(Map<String, INDArray> feeds, SDVariable output) {
        if (flat) {
            return graph.run(flatFeeds(feeds, new HashMap<>()), output);
        }
        if (split == null) {
            return graph.run(feeds, output);
        }
        Map<String, INDArray> graphFeeds = new HashMap<>();
        encode(feeds, graphFeeds);
        return graph.run(graphFeeds, output);
    }

    /**
     * Runs the encoder on the per-step feeds and fills the graph's feeds: the inputs flattened over steps, the
     * encoder's output as {@value #ENCODING}, and the rollout's per-row arrays. (Feeding the graph only what it reads
     * matters: SameDiff's per-call set-up cost grows with the number of feeds.)
     */
    private SplitEncoder.Pass encode(Map<String, INDArray> feeds, Map<String, INDArray> graphFeeds) {
        flatFeeds(feeds, graphFeeds);
        SplitEncoder.Pass pass = split.encode(graphFeeds, steps, stackSteps(feeds, "start"), feeds.get(H0));
        graphFeeds.put(ENCODING, pass.output());
        return pass;
    }

    /**
     * Fills the feeds of a graph on flattened inputs: every policy input stacked over steps ({@code [T*B, w]}), the
     * rollout's per-row arrays, and (feed-forward policies) the ignored trial-start column. Feeding the graph only
     * what it reads matters: SameDiff's per-call set-up cost grows with the number of feeds (a 400-step unroll with
     * per-step inputs made a feed-forward policy's update ~7x slower).
     */
    private Map<String, INDArray> flatFeeds(Map<String, INDArray> feeds, Map<String, INDArray> graphFeeds) {
        for (String name : policy.inputWidths().keySet()) {
            graphFeeds.put(name, stackSteps(feeds, name));
        }
        for (String name : List.of(ACTION, LOG_PROB, ADVANTAGE, RETURN, VALUE)) {
            graphFeeds.put(name, feeds.get(name));
        }
        if (taskLoss != null) {
            graphFeeds.put(TRUE_TASK, feeds.get(TRUE_TASK));
        }
        if (flat) {
            INDArray any = graphFeeds.get(ACTION);
            graphFeeds.put("start", Nd4j.zeros(any.dataType(), any.size(0), 1));
        }
        return graphFeeds;
    }

    /** The feeds {@code name_0 .. name_{T-1}} ({@code [B, w]} each) as one {@code [T*B, w]}. */
    private INDArray stackSteps(Map<String, INDArray> feeds, String name) {
        INDArray[] parts = new INDArray[steps];
        for (int t = 0; t < steps; t++) {
            parts[t] = feeds.get(name + "_" + t);
            if (parts[t] == null) {
                throw new IllegalArgumentException("feed '" + name + "_" + t + "' is missing");
            }
        }
        return steps == 1 ? parts[0] : Nd4j.vstack(parts);
    }

    /** {@code [B, w]} x T -> {@code [T*B, w]}, rows ordered by step, then sequence. */
    private static SDVariable flatten(SameDiff sd, List<SDVariable> steps, int width) {
        return steps.size() == 1 ? steps.get(0) : sd.reshape(sd.stack(0, steps.toArray(new SDVariable[0])), -1, width);
    }

    /**
     * The per-row clipped value loss {@code 0.5 * max(Huber(V - R), Huber(V_clip - R))} with
     * {@code V_clip = V_old + clip(V - V_old, -c, c)}.
     */
    static SDVariable clippedValueLoss(SameDiff sd, SDVariable value, SDVariable oldValue, SDVariable ret, double clip) {
        SDVariable clipped = oldValue.add(sd.math().clipByValue(value.sub(oldValue), -clip, clip));
        return sd.math().max(huber(sd, value.sub(ret)), huber(sd, clipped.sub(ret))).mul(0.5);
    }

    /** {@code Huber(x)} with threshold 1: {@code 0.5 x^2} for {@code |x| <= 1}, {@code |x| - 0.5} beyond. */
    static SDVariable huber(SameDiff sd, SDVariable x) {
        SDVariable d = sd.math().abs(x);
        SDVariable m = sd.math().min(d, sd.onesLike(d));
        return m.mul(m).mul(0.5).add(d.sub(m));
    }

    int steps() {
        return steps;
    }
}
