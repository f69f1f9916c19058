package org.hyperrl.core.critic;

import java.util.Arrays;
import java.util.Locale;

/**
 * The built-in critics: those compared in Sarafian et al. 2021 (the hypernetwork critics and the baselines of
 * supplementary D.4). Each is registered in {@link Critics} under its {@link #id()}, where user critics register too.
 */
public enum CriticType {
    /** Hypernetwork critic: meta = state, base input = action (the paper's method). */
    SA_HYPER("sa-hyper"),
    /** Hypernetwork critic with the roles reversed: meta = action, base input = state. */
    AS_HYPER("as-hyper"),
    /** Hypernetwork critic whose meta-variable is a learned embedding of size 5 (one shared weight set). */
    EMB_HYPER("emb-hyper"),
    /** MLP, two hidden layers of 256. */
    MLP_STANDARD("mlp-standard"),
    /** MLP, one hidden layer of 256 (the dynamic network's shape). */
    MLP_SMALL("mlp-small"),
    /** MLP, two hidden layers of 2900 (~9M parameters). */
    MLP_LARGE("mlp-large"),
    /** The primary ResNet produces 10 state features; MLP-Small on (features, action). */
    RESNET_FEATURES("resnet-features"),
    /** concat(state, action) -> 35 residual blocks of width 256 (~4.5M parameters). */
    RESNET35("resnet35"),
    /** D2RL Q-network: 4 hidden layers, the input concatenated to every hidden layer. */
    Q_D2RL("q-d2rl");

    private final String id;

    CriticType(String id) {
        this.id = id;
    }

    /** The command-line / config name, e.g. {@code sa-hyper}. */
    public String id() {
        return id;
    }

    /** Whether this critic is a hypernetwork critic. */
    public boolean isHyper() {
        return this == SA_HYPER || this == AS_HYPER || this == EMB_HYPER;
    }

    /** One line for {@code hyperrl list}; the switch fails to compile when a type is added without one. */
    public String description() {
        return switch (this) {
            case SA_HYPER -> "hypernetwork: primary network on the state, dynamic network on the action (the paper's)";
            case AS_HYPER -> "hypernetwork with the roles reversed: primary on the action, dynamic on the state";
            case EMB_HYPER -> "hypernetwork whose meta-variable is a learned embedding of size 5";
            case MLP_STANDARD -> "MLP, two hidden layers of 256";
            case MLP_SMALL -> "MLP, one hidden layer of 256";
            case MLP_LARGE -> "MLP, two hidden layers of 2900";
            case RESNET_FEATURES -> "primary ResNet makes 10 state features; MLP-Small on (features, action)";
            case RESNET35 -> "concat(state, action) through 35 residual blocks of width 256";
            case Q_D2RL -> "D2RL: 4 hidden layers, the input concatenated to each";
        };
    }

    /** Parses an id such as {@code sa-hyper} or an enum name such as {@code SA_HYPER}. */
    public static CriticType parse(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (CriticType t : values()) {
            if (t.id.equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown critic '" + name + "'; valid: "
                + Arrays.stream(values()).map(CriticType::id).toList());
    }
}
