package org.hyperrl.core.init;

/** Recommended activation gains {@code g}, as in PyTorch's {@code calculate_gain}. */
public final class Gains {
    /** Linear / identity: 1. */
    public static final double LINEAR = 1.0;
    /** ReLU: sqrt(2). */
    public static final double RELU = Math.sqrt(2.0);
    /** tanh: 5/3. */
    public static final double TANH = 5.0 / 3.0;

    private Gains() {
    }
}
