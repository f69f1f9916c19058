package org.hyperrl.core.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * An actor-critic policy unrolled over time: per step a head output (logits or Gaussian mean) and a value.
 *
 * <p>Per-step inputs are named ({@link #OBS}, {@link #PREV_ACTION}, {@link #PREV_REWARD}, {@link #TASK}); a policy
 * declares the ones it reads in {@link #inputWidths()}. The previous action of a discrete policy is fed one-hot
 * ({@code [B, actionSize]}); at the first step of a trial the caller feeds zeros for the previous action and reward.
 * Built-in policies are created by id through {@link Policies}; {@link ActorCriticStepper} runs one step for acting.
 */
public interface ActorCritic {

    /** Input name of the current observation {@code s_t}. */
    String OBS = "obs";
    /** Input name of the previous action {@code a_{t-1}} (one-hot for discrete actions; zeros at a trial start). */
    String PREV_ACTION = "prev_action";
    /** Input name of the previous reward {@code r_{t-1}}, width 1 (zero at a trial start). */
    String PREV_REWARD = "prev_reward";
    /** Input name of the true task description (multi-task policies only). */
    String TASK = "task";

    /** The smallest standard deviation of a Gaussian head. */
    double MIN_STD = 1e-6;

    /** Width of the recurrent state carried from step to step; 0 for feed-forward policies. */
    int stateSize();

    /**
     * Per-step input widths by name, in a fixed order; names from {OBS, PREV_ACTION, PREV_REWARD, TASK}; only the
     * ones this policy reads.
     */
    LinkedHashMap<String, Integer> inputWidths();

    /** Number of discrete actions (categorical head) or action dimensions (Gaussian head). */
    int actionSize();

    /** Whether the head gives categorical logits (true) or a Gaussian mean (false). */
    boolean discrete();

    /**
     * Adds the policy unrolled over T = starts.size() steps for a batch of B sequences. inputs.get(name).get(t) is a
     * [B, width] variable; starts.get(t) is [B, 1], 1 where a new trial (meta-episode) starts at step t: the recurrent
     * state is reset to zero BEFORE step t (h = h * (1 - start)); h0 is [B, stateSize] (ignored, may be null, when
     * stateSize() == 0). Inputs this policy does not read are ignored. The batch size stays free, so one graph per
     * T serves every batch size.
     *
     * @throws IllegalArgumentException if an input the policy reads is missing or has other than T steps, T is 0,
     *                                  or a recurrent policy gets no h0
     */
    Unrolled unroll(Graph g, Map<String, List<SDVariable>> inputs, List<SDVariable> starts, SDVariable h0);

    /**
     * The unrolled outputs.
     *
     * @param heads      heads.get(t): logits [B, n] or Gaussian mean [B, A]
     * @param values     values.get(t): [B, 1]
     * @param finalState the recurrent state after the last step [B, H], or null for feed-forward policies
     */
    record Unrolled(List<SDVariable> heads, List<SDVariable> values, SDVariable finalState) {
        public Unrolled {
            heads = List.copyOf(heads);
            values = List.copyOf(values);
        }
    }

    /**
     * Gaussian heads: the state-independent learned log-std parameter [A] (init log 1.0 = 0),
     * std = max(1e-6, exp(logStd)); null for categorical.
     */
    Parameter logStd();

    /**
     * The log-std parameter bound in {@code g} with the floor applied, {@code max(log 1e-6, logStd)} of shape [A], so
     * that {@code exp} of it is the std; null for categorical heads.
     */
    default SDVariable logStd(Graph g) {
        Parameter p = logStd();
        if (p == null) {
            return null;
        }
        double floor = Math.log(MIN_STD);
        // relu(x - floor) + floor = max(x, floor), with a gradient of zero below the floor
        return g.sd().nn().relu(g.bind(p).sub(floor), 0.0).add(floor);
    }

    /** Every parameter of the policy (including the log-std), in creation order. */
    List<Parameter> parameters();

    /**
     * A new plain-Java one-step path with {@link ActorCriticStepper}'s outputs (to float rounding), or null if this
     * policy has none (then use {@link ActorCriticStepper}). It computes on float copies of the parameters: call
     * {@link PolicyStepper#refresh()} after every update. Its cost grows with the batch while the graph's is mostly
     * per-op overhead: at grid-world sizes it was ~6-8x faster for one row but ~2x slower for 16 rows, where the
     * graph's batched matrix products win; measure for other sizes.
     */
    default PolicyStepper fastStepper() {
        return null;
    }

    /**
     * A one-step path computed by eager array operations on the parameters' live values (no graph, no copies, no
     * refresh needed), with {@link ActorCriticStepper}'s outputs to float rounding, or null if this policy has none.
     * At grid-world sizes and 16 environments it was several times faster than the graph stepper (see
     * docs/performance.md).
     */
    default PolicyStepper arrayStepper() {
        return null;
    }

    /**
     * This policy with its trajectory encoder trained outside the graph ({@link SplitEncoder}), or null if it has no
     * recurrent encoder (then train on {@link #unroll}).
     */
    default SplitEncoder splitEncoder() {
        return null;
    }
}
