package org.hyperrl.core.nn;

import org.hyperrl.core.init.Gains;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Element-wise activations used by the papers, with their initialisation gains. */
public enum Activation {
    /** max(0, x). */
    RELU(Gains.RELU),
    /** tanh(x). */
    TANH(Gains.TANH),
    /** x for x > 0, exp(x) - 1 otherwise. */
    ELU(1.0),
    /** x. */
    IDENTITY(Gains.LINEAR);

    private final double gain;

    Activation(double gain) {
        this.gain = gain;
    }

    /** The recommended initialisation gain for this activation. */
    public double gain() {
        return gain;
    }

    /** Applies the activation in a SameDiff graph. */
    public SDVariable apply(SameDiff sd, SDVariable x) {
        return switch (this) {
            case RELU -> sd.nn().relu(x, 0.0);
            case TANH -> sd.math().tanh(x);
            case ELU -> sd.nn().elu(x);
            case IDENTITY -> x;
        };
    }

    /** Applies the activation to an array, in place (returns {@code x}). */
    public INDArray applyInPlace(INDArray x) {
        return switch (this) {
            case RELU -> Transforms.relu(x, false);
            case TANH -> Transforms.tanh(x, false);
            case ELU -> Transforms.elu(x, false);
            case IDENTITY -> x;
        };
    }

    /** Parses a name such as {@code relu}, {@code tanh}, {@code elu}, {@code identity}. */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; valid: relu, tanh, elu, identity");
    }
}
