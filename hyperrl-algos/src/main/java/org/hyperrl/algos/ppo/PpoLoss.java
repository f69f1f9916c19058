package org.hyperrl.algos.ppo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.dist.Categorical;
import org.hyperrl.core.dist.DiagGaussian;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.policy.ActorCritic;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * PPO's loss over minibatches of whole sequences of {@code T} steps (jacooba/hyper):
 * <pre>
 * per step: ratio = exp(log pi(a|.) - log pi_old(a|.))
 *           L_clip  = -min(ratio * A, clip(ratio, 1 - c, 1 + c) * A)
 *           V_clip  = V_old + clip(V - V_old, -c, c)
 *           L_V     = 0.5 * max(Huber(V - R), Huber(V_clip - R))
 * loss = mean over steps and sequences of  L_clip + valueCoef * L_V - entropyCoef * H
 * </pre>
 * Inputs: per step {@code t} the policy's inputs ({@code NAME_t}) and {@code start_t}; over all steps at once, rows
 * ordered by step then sequence ({@code t * B + b}), the action taken ({@value #ACTION}, one-hot for discrete heads)
 * and the rollout's log-probability, advantage, return and value ({@code [T*B, 1]}); and the recurrent state at the
 * sequence start {@value #H0}. Only the policy's parameters are trained.
 */
final class PpoLoss {
    static final String H0 = "h0";
    static final String ACTION = "action";
    static final String LOG_PROB = "logp";
    static final String ADVANTAGE = "adv";
    static final String RETURN = "ret";
    static final String VALUE = "value";

    final Graph graph;
    final SDVariable policyLoss;
    final SDVariable valueLoss;
    final SDVariable entropy;
    final SDVariable ratioDeviation;
    private final int steps;

    PpoLoss(Parameters params, String group, ActorCritic policy, int steps, double clip, double valueCoef,
            double entropyCoef) {
        this.steps = steps;
        this.graph = new Graph(params, p -> p.group().equals(group)).checkInputs(false);
        SameDiff sd = graph.sd();
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
        int n = policy.actionSize();
        SDVariable heads = flatten(sd, u.heads(), n);
        SDVariable value = flatten(sd, u.values(), 1);
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
        graph.setLoss(policyLoss.add(valueLoss.mul(valueCoef)).sub(entropy.mul(entropyCoef)));
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
