package org.hyperrl.algos.sac;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.algos.api.Algorithm;
import org.hyperrl.algos.api.Column;
import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.Preset;
import org.hyperrl.algos.common.OffPolicyPresets;

/** SAC's registration: config, the critic option, presets, progress columns, trainer and agent. */
public final class SacAlgorithm {
    private SacAlgorithm() {
    }

    /** The progress columns SAC writes. */
    public static final List<Column> COLUMNS = Columns.offPolicy(Columns.CRITIC_LOSS, Columns.ACTOR_LOSS, Sac.ALPHA);

    /** SAC as registered in {@link org.hyperrl.algos.api.Algorithms}. */
    public static final Algorithm<SacConfig> ALGORITHM = new Algorithm<>("sac",
            "Soft Actor-Critic (Haarnoja et al. 2018) with twin critics of the chosen type", SacConfig.class,
            List.of(OffPolicyPresets.CRITIC),
            List.of(new Preset<>("paper", "Sarafian et al. 2021, supplementary Table 7: 1M steps, batch 256, reward "
                            + "scale 5, fixed alpha 1, hyper critic lr 5e-5, hyper actor lr 2e-5 (1e-4 on HalfCheetah), "
                            + "evaluation every 5K steps x 10 episodes",
                            ctx -> SacConfig.paper(ctx.network("critic"), ctx.envId())),
                    new Preset<>("small", "quick runs on 2 cores: 20K steps, primary network 64-64 (one block), "
                            + "dynamic width 64, lr 3e-4, reward scale 1, auto-tuned alpha, evaluation every 1K steps "
                            + "x 5 episodes",
                            ctx -> Configs.with(SacConfig.paper(ctx.network("critic"), ctx.envId()), small())),
                    new Preset<>("smoke", OffPolicyPresets.SMOKE,
                            ctx -> Configs.with(Configs.with(SacConfig.paper(ctx.network("critic"), ctx.envId()),
                                    OffPolicyPresets.smoke()), Map.of("rewardScale", 1.0, "autoAlpha", true)))),
            COLUMNS, List.of("critic"),
            Sac::new,
            (ps, env, c) -> new SacAgent(ps, env.observationSpace(), env.actionSpace(), c));

    private static Map<String, Object> small() {
        Map<String, Object> m = new LinkedHashMap<>(OffPolicyPresets.small());
        m.put("rewardScale", 1.0);
        m.put("alpha", 1.0);
        m.put("autoAlpha", true);
        return m;
    }
}
