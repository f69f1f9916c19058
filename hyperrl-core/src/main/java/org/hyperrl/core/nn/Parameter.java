package org.hyperrl.core.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One named trainable parameter. The value is a single ND4J array that every {@link Graph} binding this
 * parameter reads, and that optimisers update in place.
 *
 * <p>Names are scoped with '/' ({@code critic/primary/fc0/W}); the group names the optimiser that trains
 * the parameter ({@code critic}, {@code actor}, {@code alpha}, ...).
 */
public final class Parameter {
    private final String name;
    private final String group;
    private final INDArray value;

    Parameter(String name, String group, INDArray value) {
        this.name = name;
        this.group = group;
        this.value = value;
    }

    /** Fully scoped name, unique within its {@link Parameters}. */
    public String name() {
        return name;
    }

    /** The parameter group (one optimiser per group). */
    public String group() {
        return group;
    }

    /** The live value; updating it in place updates every graph that binds this parameter. */
    public INDArray value() {
        return value;
    }

    /** Shape of the value. */
    public long[] shape() {
        return value.shape();
    }

    /** Number of scalar entries. */
    public long size() {
        return value.length();
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape()) + " (" + group + ")";
    }
}
