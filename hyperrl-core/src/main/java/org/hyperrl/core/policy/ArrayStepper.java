package org.hyperrl.core.policy;

import java.util.Arrays;
import java.util.Map;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link PolicyStepper} computed by eager array operations on the parameters' live values
 * ({@link ActorCritic#arrayStepper()}): no graph and no parameter copies, so {@link #refresh()} has nothing to do.
 */
final class ArrayStepper implements PolicyStepper {

    /** One step on checked inputs. */
    @FunctionalInterface
    interface Step {
        ActorCriticStepper.Step apply(Map<String, INDArray> inputs, INDArray starts, INDArray state);
    }

    private final ActorCritic policy;
    private final IntFunction<INDArray> initialState;
    private final Step step;

    /**
     * @param initialState the state before a batch's first step, by batch size (null for feed-forward policies)
     */
    ArrayStepper(ActorCritic policy, IntFunction<INDArray> initialState, Step step) {
        this.policy = policy;
        this.initialState = initialState;
        this.step = step;
    }

    @Override
    public INDArray initialState(int batch) {
        return initialState.apply(batch);
    }

    @Override
    public ActorCriticStepper.Step step(Map<String, INDArray> inputs, INDArray starts, INDArray state) {
        policy.inputWidths().forEach((name, width) -> require(inputs, name, width));
        if (policy.stateSize() > 0 && state == null) {
            throw new IllegalArgumentException("a recurrent policy needs the previous state [B, " + policy.stateSize()
                    + "]; start from initialState(batch)");
        }
        return step.apply(inputs, starts, state);
    }

    /** Nothing to do: the steps read the parameters' live arrays. */
    @Override
    public void refresh() {
    }

    @Override
    public ActorCritic policy() {
        return policy;
    }

    /**
     * The input {@code name}, which must be {@code [B, width]}.
     *
     * @throws IllegalArgumentException naming the input and the expected shape
     */
    static INDArray require(Map<String, INDArray> inputs, String name, int width) {
        INDArray x = inputs.get(name);
        if (x == null) {
            throw new IllegalArgumentException("input '" + name + "' is missing; the policy reads it (given: "
                    + inputs.keySet() + ")");
        }
        if (x.rank() != 2 || x.size(1) != width) {
            throw new IllegalArgumentException("input '" + name + "' must have shape [batch, " + width
                    + "] but has shape " + Arrays.toString(x.shape()));
        }
        return x;
    }
}
