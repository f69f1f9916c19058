package org.hyperrl.core.policy;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An {@link ActorCritic} run one step at a time, for acting: the SameDiff graph ({@link ActorCriticStepper}) or a
 * plain-Java path ({@link ActorCritic#fastStepper()}). Feeding a sequence step by step, passing each returned state to
 * the next call, gives the outputs of {@link ActorCritic#unroll} over the whole sequence. Not thread-safe.
 */
public interface PolicyStepper {

    /** The state before a batch's first step: zeros {@code [batch, H]}, or null for feed-forward policies. */
    INDArray initialState(int batch);

    /**
     * One step.
     *
     * @param inputs every input of {@link ActorCritic#inputWidths()}, {@code [B, width]}
     * @param starts {@code [B, 1]}, 1 where a trial starts at this step (the state is reset before it)
     * @param state  {@code [B, H]} from the previous step or {@link #initialState}; null for feed-forward policies
     * @throws IllegalArgumentException if an input is missing or has the wrong width, or a recurrent policy gets no
     *                                  state
     */
    ActorCriticStepper.Step step(Map<String, INDArray> inputs, INDArray starts, INDArray state);

    /**
     * Makes the next steps use the current parameter values. The graph stepper reads the live arrays and needs no
     * refresh; a plain-Java stepper copies the weights here (call it after every optimiser update).
     */
    void refresh();

    /** The policy this stepper runs. */
    ActorCritic policy();
}
