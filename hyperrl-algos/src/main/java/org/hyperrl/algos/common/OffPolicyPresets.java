package org.hyperrl.algos.common;

import java.util.Map;
import org.hyperrl.algos.api.NetworkOption;
import org.hyperrl.core.critic.CriticConfig;
import org.hyperrl.core.critic.CriticType;
import org.hyperrl.core.critic.Critics;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.init.LayerInits;

/** What the off-policy algorithms' registrations share: the critic option and the sizes of the small presets. */
public final class OffPolicyPresets {
    private OffPolicyPresets() {
    }

    /** Description of the {@code smoke} presets. */
    public static final String SMOKE = "the whole pipeline in seconds (tests, trying a set-up): tiny networks, 400 "
            + "steps, evaluation every 100 steps x 2 episodes";

    /** The {@code critic} network option: any critic registered in {@link Critics}, SA-Hyper by default. */
    public static final NetworkOption CRITIC = new NetworkOption("critic", "the twin critics' architecture",
            CriticType.SA_HYPER.id(), Critics::descriptions);

    /**
     * The critic sizes of the {@code small} presets: Sarafian et al.'s structure with a primary network of widths
     * 64-64 (one residual block each) and a dynamic network of width 64; MLP-Standard/Small at the paper's width 256;
     * the large baselines shrunk (MLP-Large 512, ResNet35 as 4 blocks of 64) so that every critic trains on 2 cores.
     */
    public static CriticConfig smallCriticConfig() {
        return new CriticConfig(CriticConfig.paper().primary().withWidths(1, 64, 64), 64, HyperInits.SARAFIAN,
                LayerInits.TORCH_DEFAULT, 5, LayerInits.TORCH_DEFAULT, 256, 512, 10, 4, 64, 4);
    }

    /**
     * The changes every {@code smoke} off-policy preset makes to the paper's values: tiny networks (critics of
     * {@link CriticConfig#small()}, actor 16-16), 400 steps after 100 random ones, batch 16, evaluation every 100 steps
     * over 2 episodes: the whole pipeline in seconds, for tests and for trying a set-up.
     */
    public static Map<String, Object> smoke() {
        return Map.of("criticConfig", CriticConfig.small(), "actorHidden", new int[]{16, 16}, "totalSteps", 400,
                "startSteps", 100, "bufferSize", 10_000, "batchSize", 16, "evalEvery", 100, "evalEpisodes", 2,
                "logEvery", 70);
    }

    /** The changes every {@code small} off-policy preset makes to the paper's values. */
    public static Map<String, Object> small() {
        return Map.of("criticConfig", smallCriticConfig(), "actorLr", 3e-4, "criticLr", 3e-4, "evalEvery", 1_000,
                "evalEpisodes", 5, "totalSteps", 20_000);
    }
}
