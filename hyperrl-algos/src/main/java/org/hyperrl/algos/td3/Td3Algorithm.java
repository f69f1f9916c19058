package org.hyperrl.algos.td3;

import java.util.List;
import org.hyperrl.algos.api.Algorithm;
import org.hyperrl.algos.api.Column;
import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.Preset;
import org.hyperrl.algos.common.OffPolicyPresets;

/** TD3's registration: config, the critic option, presets, progress columns, trainer and agent. */
public final class Td3Algorithm {
    private Td3Algorithm() {
    }

    /** The progress columns TD3 writes. */
    public static final List<Column> COLUMNS = Columns.offPolicy(Columns.CRITIC_LOSS, Columns.ACTOR_LOSS);

    /** TD3 as registered in {@link org.hyperrl.algos.api.Algorithms}. */
    public static final Algorithm<Td3Config> ALGORITHM = new Algorithm<>("td3",
            "Twin Delayed DDPG (Fujimoto et al. 2018) with twin critics of the chosen type", Td3Config.class,
            List.of(OffPolicyPresets.CRITIC),
            List.of(new Preset<>("paper", "Sarafian et al. 2021, supplementary Table 5: 1M steps, batch 100, hyper "
                            + "critic lr 5e-5, evaluation every 5K steps x 10 episodes",
                            ctx -> Td3Config.paper(ctx.network("critic"))),
                    new Preset<>("small", "quick runs on 2 cores: 20K steps, primary network 64-64 (one block), "
                            + "dynamic width 64, lr 3e-4, evaluation every 1K steps x 5 episodes",
                            ctx -> Configs.with(Td3Config.paper(ctx.network("critic")), OffPolicyPresets.small())),
                    new Preset<>("smoke", OffPolicyPresets.SMOKE,
                            ctx -> Configs.with(Td3Config.paper(ctx.network("critic")), OffPolicyPresets.smoke()))),
            COLUMNS, List.of("critic"),
            Td3::new,
            (ps, env, c) -> new Td3Agent(ps, env.observationSpace(), env.actionSpace(), c));
}
