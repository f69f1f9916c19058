package org.hyperrl.core.optim;

/** A gradient contained NaN or infinity; the optimiser refused to update (parameters are unchanged). */
public final class NonFiniteGradientException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NonFiniteGradientException(String message) {
        super(message);
    }
}
