package org.hyperrl.core.critic;

import java.util.List;
import java.util.Map;
import org.hyperrl.core.Registry;
import org.hyperrl.core.nn.Parameters;

/**
 * The registry of critics by id. Every critic of Sarafian et al. ({@link CriticType}) is registered here the same way
 * a user's own critic is: with {@link #register} and a {@link Factory}; algorithms create critics by id only.
 */
public final class Critics {

    /** Creates a critic whose parameters are {@code scope/...} in group {@code group}. */
    @FunctionalInterface
    public interface Factory {
        QNetwork create(Parameters ps, String scope, String group, int stateDim, int actionDim, CriticConfig config);
    }

    /**
     * A registered critic.
     *
     * @param id          the config and command-line name, e.g. {@code sa-hyper}
     * @param description one line for {@code hyperrl list}
     * @param hyper       whether it is a hypernetwork critic (the papers' presets use other learning rates for those)
     * @param factory     creates it
     */
    public record Kind(String id, String description, boolean hyper, Factory factory) {
        public Kind {
            if (id == null || id.isBlank() || !id.equals(id.trim())) {
                throw new IllegalArgumentException("a critic id must be a non-blank word, got '" + id + "'");
            }
        }
    }

    private static final Registry<Kind> KINDS = new Registry<>("critic", Kind::id, Kind::description);

    static {
        for (CriticType t : CriticType.values()) {
            register(new Kind(t.id(), t.description(), t.isHyper(), (ps, scope, group, s, a, c) -> builtIn(t, ps,
                    scope, group, s, a, c)));
        }
    }

    private Critics() {
    }

    /** Registers (or replaces) a critic. */
    public static void register(Kind kind) {
        KINDS.register(kind);
    }

    /**
     * The critic registered as {@code id}.
     *
     * @throws IllegalArgumentException naming the registered ids if there is none
     */
    public static Kind kind(String id) {
        return KINDS.get(id);
    }

    /** Every registered critic, in registration order. */
    public static List<Kind> kinds() {
        return KINDS.all();
    }

    /** Ids with their descriptions, in registration order. */
    public static Map<String, String> descriptions() {
        return KINDS.descriptions();
    }

    /**
     * Creates the critic registered as {@code id}.
     *
     * @throws IllegalArgumentException for an unknown id or non-positive dimensions
     */
    public static QNetwork create(String id, Parameters ps, String scope, String group, int stateDim, int actionDim,
                                  CriticConfig config) {
        if (stateDim <= 0 || actionDim <= 0) {
            throw new IllegalArgumentException("state and action dimensions must be positive, got " + stateDim
                    + " and " + actionDim);
        }
        return kind(id).factory().create(ps, scope, group, stateDim, actionDim, config);
    }

    /** Creates a built-in critic. */
    public static QNetwork create(CriticType type, Parameters ps, String scope, String group, int stateDim,
                                  int actionDim, CriticConfig config) {
        return create(type.id(), ps, scope, group, stateDim, actionDim, config);
    }

    private static QNetwork builtIn(CriticType type, Parameters ps, String scope, String group, int stateDim,
                                    int actionDim, CriticConfig config) {
        return switch (type) {
            case SA_HYPER, AS_HYPER, EMB_HYPER -> new HyperCritic(ps, scope, group, type, stateDim, actionDim, config);
            case MLP_STANDARD, MLP_SMALL, MLP_LARGE -> new MlpCritic(ps, scope, group, type, stateDim, actionDim, config);
            case RESNET_FEATURES -> new ResNetFeaturesCritic(ps, scope, group, stateDim, actionDim, config);
            case RESNET35 -> new ResNet35Critic(ps, scope, group, stateDim, actionDim, config);
            case Q_D2RL -> new D2rlCritic(ps, scope, group, stateDim, actionDim, config);
        };
    }
}
