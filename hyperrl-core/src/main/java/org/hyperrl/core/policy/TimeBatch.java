package org.hyperrl.core.policy;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The steps of an unrolled sequence as one batch: T variables {@code [B, w]} become one {@code [T*B, w]} (rows ordered
 * by step, then sequence) and back. The networks that do not carry state from step to step (embeddings, actor, critic,
 * hypernetwork) then add their ops once per unroll instead of once per step, which keeps graphs of long sequences
 * small. A single step is passed through unchanged, so the acting graph has no extra ops.
 */
final class TimeBatch {

    private TimeBatch() {
    }

    /** The steps of input {@code name}, checked to be {@code steps} long. */
    static List<SDVariable> steps(Map<String, List<SDVariable>> inputs, String name, int steps) {
        List<SDVariable> vs = inputs.get(name);
        if (vs == null) {
            throw new IllegalArgumentException("input '" + name + "' is missing; the policy reads it (given: "
                    + inputs.keySet() + ")");
        }
        if (vs.size() != steps) {
            throw new IllegalArgumentException("input '" + name + "' has " + vs.size() + " steps but starts has "
                    + steps);
        }
        return vs;
    }

    /** {@code [B, width]} x T -> {@code [T*B, width]}. */
    static SDVariable flatten(SameDiff sd, List<SDVariable> steps, int width) {
        if (steps.size() == 1) {
            return steps.get(0);
        }
        return sd.reshape(sd.stack(0, steps.toArray(new SDVariable[0])), -1, width);
    }

    /** {@code [T*B, width]} -> {@code [B, width]} x T. */
    static List<SDVariable> split(SameDiff sd, SDVariable flat, int steps, int width) {
        if (steps == 1) {
            return List.of(flat);
        }
        return List.of(sd.unstack(sd.reshape(flat, steps, -1, width), 0, steps));
    }
}
