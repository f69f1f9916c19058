package org.hyperrl.core.secondorder;

import org.hyperrl.core.nn.Activation;

/** Dense layers and activations in {@link Dual} ops, forward and backward. */
final class DualLayers {
    private DualLayers() {
    }

    /** {@code x W + b}. */
    static Dual affine(Dual x, Dual w, Dual b) {
        Dual y = x.mmul(w);
        return b == null ? y : y.addRow(b);
    }

    /** {@code act(z)}. */
    static Dual activate(Activation act, Dual z) {
        return switch (act) {
            case RELU -> z.mulConstant(z.positiveMask());
            case TANH -> z.tanh();
            case IDENTITY -> z;
            case ELU -> throw new UnsupportedOperationException("ELU is not supported by second-order networks; "
                    + "use relu, tanh or identity");
        };
    }

    /** The adjoint of {@code z} given the adjoint {@code g} of {@code y = act(z)}. */
    static Dual activationBackward(Activation act, Dual g, Dual z, Dual y) {
        return switch (act) {
            case RELU -> g.mulConstant(z.positiveMask());
            case TANH -> g.mul(y.oneMinusSquare());
            case IDENTITY -> g;
            case ELU -> throw new UnsupportedOperationException("ELU is not supported by second-order networks");
        };
    }
}
