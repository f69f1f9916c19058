package org.hyperrl.algos.maml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.algos.api.Algorithm;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.NetworkOption;
import org.hyperrl.algos.api.Preset;
import org.hyperrl.envs.registry.EnvRegistry;
import org.hyperrl.envs.registry.EnvSpec;

/** MAML-TRPO's registration: config, the policy option, presets per task family, columns, trainer, agent. */
public final class MamlAlgorithm {
    private MamlAlgorithm() {
    }

    /** The {@code policy} option: the three policies of Sarafian et al.'s MAML comparison. */
    public static final NetworkOption POLICY = new NetworkOption("policy", "the policy: mlp (Vanilla-MAML), context "
            + "(Context-MAML: oracle task concatenated to the state) or hyper (Hyper-MAML: meta = oracle task, base = "
            + "state)", MamlConfig.HYPER,
            () -> Map.of(MamlConfig.MLP, "Gaussian MLP on the state (pytorch-maml-rl)",
                    MamlConfig.CONTEXT, "Gaussian MLP on (state, task)",
                    MamlConfig.HYPER, "hypernetwork: primary ResNet on the task, dynamic network on the state"));

    /** MAML as registered in {@link org.hyperrl.algos.api.Algorithms}. */
    public static final Algorithm<MamlConfig> ALGORITHM = new Algorithm<>("maml",
            "MAML-TRPO (Finn et al. 2017) with Vanilla, Context and Hyper policies (Sarafian et al. 2021); "
                    + "adaptation=exact|first-order|none (none: the multi-task objective)", MamlConfig.class,
            List.of(POLICY),
            List.of(new Preset<>("paper", "Sarafian et al. Table 9: 400 iterations x 40 tasks x 20 episodes, "
                            + "gamma 0.95, max KL 1e-2; Navigation2D: pytorch-maml-rl's 2D-navigation set-up",
                            ctx -> paper(ctx.network("policy"), ctx.envId())),
                    new Preset<>("small", "quick runs on 2 cores: 10 tasks x 10 episodes per iteration, MLP 64-64, "
                            + "hypernetwork primary 64-128 (one block per stage) and dynamic 64; 100 iterations",
                            ctx -> Configs.with(paper(ctx.network("policy"), ctx.envId()),
                                    small(ctx.envId()))),
                    new Preset<>("smoke", "the whole pipeline in seconds: tiny networks, 2 iterations",
                            ctx -> Configs.with(paper(ctx.network("policy"), ctx.envId()),
                                    smoke(ctx.envId())))),
            Maml.COLUMNS, List.of("policy", "adaptation"),
            Maml::new,
            (ps, env, c) -> new MamlAgent(ps, env.observationSpace(), env.actionSpace(), env.taskDim(), c));

    /** The default episode length of an env id (its registry option), 200 if unknown. */
    static int episodeLength(String envId) {
        if (envId == null || !EnvRegistry.ids().contains(envId)) {
            return 200;
        }
        for (EnvSpec.OptionSpec o : EnvRegistry.spec(envId).options()) {
            if (o.name().equals(EnvRegistry.MAX_EPISODE_STEPS) && o.defaultValue() instanceof Number n) {
                return n.intValue();
            }
        }
        return 200;
    }

    /**
     * The paper preset for an env. Navigation2D takes pytorch-maml-rl's 2D-navigation config (MLP 64-64, 20 tasks,
     * γ 0.99, tasks sampled afresh, 500 iterations).
     */
    public static MamlConfig paper(String policy, String envId) {
        MamlConfig base = MamlConfig.paper(policy, "exact", episodeLength(envId));
        if (envId != null && envId.contains("Navigation2D")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hidden", new int[]{64, 64});
            m.put("metaBatch", 20);
            m.put("discount", 0.99);
            m.put("lsMaxSteps", 15);
            m.put("numTrainTasks", 0);
            m.put("numTestTasks", 0);
            m.put("totalSteps", 500L * 20 * 2 * 20 * episodeLength(envId));
            return Configs.with(base, m);
        }
        return base;
    }

    private static Map<String, Object> small(String envId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hidden", new int[]{64, 64});
        m.put("primaryWidths", new int[]{64, 128});
        m.put("primaryBlocks", 1);
        m.put("dynamicHidden", new int[]{64});
        m.put("metaBatch", 10);
        m.put("fastBatch", 10);
        m.put("evalTasks", 10);
        m.put("totalSteps", 100L * 10 * 2 * 10 * episodeLength(envId));
        return m;
    }

    private static Map<String, Object> smoke(String envId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hidden", new int[]{8});
        m.put("primaryWidths", new int[]{8});
        m.put("primaryBlocks", 1);
        m.put("dynamicHidden", new int[]{4});
        m.put("metaBatch", 1);
        m.put("fastBatch", 5);
        m.put("cgIterations", 3);
        m.put("lsMaxSteps", 5);
        m.put("evalTasks", 2);
        m.put("numTrainTasks", 4);
        m.put("numTestTasks", 2);
        m.put("threads", 1);
        m.put("totalSteps", 2L * 1 * 2 * 5 * episodeLength(envId));
        return m;
    }
}
