package org.hyperrl.core.critic;

/** What every critic holds besides its layers: its kind and its input sizes. */
abstract class AbstractQNetwork implements QNetwork {
    private final CriticType type;
    private final int stateDim;
    private final int actionDim;

    AbstractQNetwork(CriticType type, int stateDim, int actionDim) {
        this.type = type;
        this.stateDim = stateDim;
        this.actionDim = actionDim;
    }

    /** The built-in critic kind. */
    public final CriticType type() {
        return type;
    }

    @Override
    public final int stateDim() {
        return stateDim;
    }

    @Override
    public final int actionDim() {
        return actionDim;
    }
}
