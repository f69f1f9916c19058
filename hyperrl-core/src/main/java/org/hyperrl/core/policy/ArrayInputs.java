package org.hyperrl.core.policy;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Checks of the inputs given to the array steppers ({@link ActorCritic#arrayStepper()}). */
final class ArrayInputs {
    private ArrayInputs() {
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
