package org.hyperrl.algos.common;

/** Thrown when a loss or parameter becomes NaN or infinite: training stops instead of continuing on garbage. */
public final class NonFiniteException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NonFiniteException(String what, long step) {
        super(what + " became non-finite at step " + step
                + "; stopping. Lower the learning rate or enable gradient clipping, then resume from the last checkpoint.");
    }
}
