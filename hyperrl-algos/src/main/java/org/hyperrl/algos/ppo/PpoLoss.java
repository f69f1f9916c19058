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
 * Inputs per step {@code t}: the policy's inputs ({@code NAME_t}), {@code start_t}, the action taken {@code action_t}
 * (one-hot for discrete heads), {@code logp_t}, {@code adv_t}, {@code ret_t}, {@code value_t} (all {@code [B, 1]} but
 * the first two), and the recurrent state at the sequence start {@code h0}. Only the policy's parameters are trained.
 */
final class PpoLoss {
    static final String H0 = "h0";

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
        SDVariable logStd = policy.discrete() ? null : policy.logStd(graph);
        SDVariable pl = null;
        SDVariable vl = null;
        SDVariable ent = null;
        SDVariable dev = null;
        for (int t = 0; t < steps; t++) {
            SDVariable action = graph.input("action_" + t, policy.actionSize());
            SDVariable oldLogProb = graph.input("logp_" + t, 1);
            SDVariable adv = graph.input("adv_" + t, 1);
            SDVariable ret = graph.input("ret_" + t, 1);
            SDVariable oldValue = graph.input("value_" + t, 1);
            SDVariable logProb;
            SDVariable entropyT;
            if (policy.discrete()) {
                Categorical d = new Categorical(sd, u.heads().get(t), policy.actionSize());
                logProb = d.logProb(action);
                entropyT = d.entropy().mean();
            } else {
                DiagGaussian d = new DiagGaussian(sd, u.heads().get(t), logStd, policy.actionSize());
                logProb = d.logProb(action);
                // The log-std is state-independent: the entropy is the same for every row.
                entropyT = logStd.sum().add(policy.actionSize() * (0.5 + 0.5 * Math.log(2 * Math.PI)));
            }
            SDVariable ratio = sd.math().exp(logProb.sub(oldLogProb));
            SDVariable surr = sd.math().min(ratio.mul(adv),
                    sd.math().clipByValue(ratio, 1.0 - clip, 1.0 + clip).mul(adv));
            SDVariable value = u.values().get(t);
            SDVariable clipped = oldValue.add(sd.math().clipByValue(value.sub(oldValue), -clip, clip));
            SDVariable valueT = sd.math().max(huber(sd, value.sub(ret)), huber(sd, clipped.sub(ret))).mul(0.5).mean();
            SDVariable policyT = surr.mean().neg();
            SDVariable devT = sd.math().abs(ratio.sub(1.0)).mean();
            pl = pl == null ? policyT : pl.add(policyT);
            vl = vl == null ? valueT : vl.add(valueT);
            ent = ent == null ? entropyT : ent.add(entropyT);
            dev = dev == null ? devT : dev.add(devT);
        }
        this.policyLoss = pl.div(steps);
        this.valueLoss = vl.div(steps);
        this.entropy = ent.div(steps);
        this.ratioDeviation = dev.div(steps);
        graph.setLoss(policyLoss.add(valueLoss.mul(valueCoef)).sub(entropy.mul(entropyCoef)));
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
