package org.hyperrl.core.critic;

import org.hyperrl.core.nn.Parameters;

/** Creates any {@link CriticType} behind the common {@link QNetwork} interface. */
public final class Critics {

    private Critics() {
    }

    /**
     * Creates a critic whose parameters are {@code scope/...} in group {@code group}.
     *
     * @throws IllegalArgumentException for non-positive dimensions
     */
    public static QNetwork create(CriticType type, Parameters ps, String scope, String group, int stateDim,
                                  int actionDim, CriticConfig config) {
        if (stateDim <= 0 || actionDim <= 0) {
            throw new IllegalArgumentException("state and action dimensions must be positive, got " + stateDim
                    + " and " + actionDim);
        }
        return switch (type) {
            case SA_HYPER, AS_HYPER, EMB_HYPER -> new HyperCritic(ps, scope, group, type, stateDim, actionDim, config);
            case MLP_STANDARD, MLP_SMALL, MLP_LARGE -> new MlpCritic(ps, scope, group, type, stateDim, actionDim, config);
            case RESNET_FEATURES -> new ResNetFeaturesCritic(ps, scope, group, stateDim, actionDim, config);
            case RESNET35 -> new ResNet35Critic(ps, scope, group, stateDim, actionDim, config);
            case Q_D2RL -> new D2rlCritic(ps, scope, group, stateDim, actionDim, config);
        };
    }
}
