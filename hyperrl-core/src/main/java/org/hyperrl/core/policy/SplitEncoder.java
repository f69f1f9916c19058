package org.hyperrl.core.policy;

import java.util.List;
import java.util.Map;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.GruSequence;
import org.hyperrl.core.nn.Parameter;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A recurrent actor-critic with its trajectory encoder trained outside the graph. The encoder (input embeddings and
 * GRU) runs as eager array operations with a hand-written backward pass ({@link GruSequence}); the graph holds only
 * the body on the encoder's output, which it reads as an input, and the loss's gradient with respect to that input
 * continues through the encoder's backward pass. Outputs and gradients are those of {@link ActorCritic#unroll} (to
 * rounding); a long sequence then costs a few eager ops per step instead of dozens of graph ops.
 */
public interface SplitEncoder {

    /** Width of the encoder's output, the body's context. */
    int width();

    /** The encoder's parameters (embeddings and GRU); the rest of the policy's parameters are the body's. */
    List<Parameter> encoderParameters();

    /**
     * Runs the encoder over {@code steps} steps of {@code B} sequences.
     *
     * @param inputs every input of {@link ActorCritic#inputWidths()} by name, {@code [steps * B, width]}, rows
     *               ordered by step, then sequence ({@code t * B + b})
     * @param starts {@code [steps * B, 1]}, 1 where a trial starts at that step (the state is zeroed before it)
     * @param h0     the recurrent state before the first step {@code [B, width()]}
     */
    Pass encode(Map<String, INDArray> inputs, int steps, INDArray starts, INDArray h0);

    /** One run of the encoder, kept for its backward pass. */
    interface Pass {
        /** The encoder's output at every step, {@code [steps * B, width()]}, rows {@code t * B + b}. */
        INDArray output();

        /** The encoder parameters' gradients given the loss's gradient with respect to {@link #output()}. */
        Map<Parameter, INDArray> backward(INDArray dOutput);
    }

    /**
     * Adds the body to a graph, on all steps at once.
     *
     * @param inputs   every input of {@link ActorCritic#inputWidths()} by name, {@code [steps * B, width]} (the body
     *                 reads what it needs)
     * @param encoding the encoder's output {@code [steps * B, width()]}
     * @return head (logits or Gaussian mean) {@code [steps * B, actions]} and value {@code [steps * B, 1]}, rows as the
     *         inputs'
     */
    Body body(Graph g, Map<String, SDVariable> inputs, SDVariable encoding);

    /** The body's outputs over all steps. */
    record Body(SDVariable heads, SDVariable values) {
    }
}
