package org.hyperrl.algos.pearl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperrl.algos.api.Algorithm;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.NetworkOption;
import org.hyperrl.algos.api.Preset;
import org.hyperrl.algos.common.OffPolicyPresets;
import org.hyperrl.core.critic.CriticConfig;

/** PEARL's registration: config, the policy and critic options, presets per task family, columns, trainer, agent. */
public final class PearlAlgorithm {
    private PearlAlgorithm() {
    }

    /** The {@code policy} option: oyster's MLP or Sarafian's hyper policy. */
    public static final NetworkOption POLICY = new NetworkOption("policy", "the policy: mlp (PEARL) or hyper "
            + "(Hyper-PEARL: meta = z, base = observation)", PearlConfig.HYPER,
            () -> Map.of(PearlConfig.MLP, "tanh-Gaussian MLP on (s, z) (oyster)",
                    PearlConfig.HYPER, "hypernetwork policy: primary ResNet on z, dynamic network on s (Sarafian)"));
    /** The {@code critic} option: the Q and V networks. */
    public static final NetworkOption CRITIC = new NetworkOption("critic", "the twin Q and the V networks",
            PearlConfig.SA_HYPER,
            () -> Map.of(PearlConfig.MLP, "MLPs on (s, a, z) and (s, z) (oyster)",
                    PearlConfig.SA_HYPER, "hypernetworks: Q meta = (s, z), base = a; V meta = s, base = z (Sarafian)"));

    /** PEARL as registered in {@link org.hyperrl.algos.api.Algorithms}. */
    public static final Algorithm<PearlConfig> ALGORITHM = new Algorithm<>("pearl",
            "PEARL (Rakelly et al. 2019) and Hyper-PEARL (Sarafian et al. 2021): off-policy meta-RL with a "
                    + "probabilistic context encoder", PearlConfig.class, List.of(POLICY, CRITIC),
            List.of(new Preset<>("paper", "Sarafian et al. 2021 Table 11 / oyster: 400 iterations, velocity tasks "
                            + "(100 train / 30 test, meta-batch 16) or direction tasks (meta-batch 4); point robot: 40 "
                            + "train / 10 test tasks",
                            ctx -> paper(ctx.network("policy"), ctx.network("critic"), ctx.envId())),
                    new Preset<>("small", "quick runs on 2 cores: networks 64-64 (primary 64-64, one block; dynamic 64), "
                            + "meta-batch 8 (direction tasks 4) x batch 64, context batch 32, 200 gradient steps per iteration",
                            ctx -> Configs.with(paper(ctx.network("policy"), ctx.network("critic"), ctx.envId()),
                                    small(ctx.envId()))),
                    new Preset<>("smoke", "the whole pipeline in seconds: tiny networks, 2 iterations",
                            ctx -> Configs.with(paper(ctx.network("policy"), ctx.network("critic"), ctx.envId()),
                                    smoke()))),
            COLUMNS(), List.of("policy", "critic"),
            Pearl::new,
            (ps, env, c) -> new PearlAgent(ps, env.observationSpace(), env.actionSpace(), env.taskDim(), c));

    private static List<org.hyperrl.algos.api.Column> COLUMNS() {
        return Pearl.COLUMNS;
    }

    /** The paper preset for an env: velocity, direction or point-robot family. */
    public static PearlConfig paper(String policy, String critic, String envId) {
        String id = envId == null ? "" : envId;
        if (id.contains("PointRobot")) {
            return point(policy, critic);
        }
        return PearlConfig.paper(policy, critic, !(id.contains("Dir") || id.contains("FwdBack")));
    }

    /**
     * The point robot (oyster's point-robot set-up scaled to 20-step episodes): 40 train / 10 test tasks, meta-batch
     * 16, 200 initial steps per task, then 5 tasks x (200 prior + 200 extra posterior) per iteration, 1000 gradient
     * steps, reward scale 100 and discount 0.9 as in oyster's point-robot config; 100 iterations.
     */
    static PearlConfig point(String policy, String critic) {
        PearlConfig base = PearlConfig.paper(policy, critic, true);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("numTrainTasks", 40);
        m.put("numTestTasks", 10);
        m.put("initialSteps", 200);
        m.put("priorSteps", 200);
        m.put("extraPosteriorSteps", 200);
        m.put("trainStepsPerIteration", 1000);
        m.put("rewardScale", 100.0);
        m.put("discount", 0.9);
        m.put("contextBatch", 64);
        m.put("totalSteps", 40L * 200 + 100L * 5 * 400);
        return Configs.with(base, m);
    }

    private static Map<String, Object> small(String envId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hidden", new int[]{64, 64});
        m.put("encoderHidden", new int[]{64, 64});
        m.put("hyperConfig", OffPolicyPresets.smallCriticConfig());
        m.put("metaBatch", envId != null && (envId.contains("Dir") || envId.contains("FwdBack")) ? 4 : 8);
        m.put("batchSize", 64);
        m.put("contextBatch", 32);
        m.put("trainStepsPerIteration", 200);
        return m;
    }

    private static Map<String, Object> smoke() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hidden", new int[]{16, 16});
        m.put("encoderHidden", new int[]{16});
        m.put("hyperConfig", CriticConfig.small());
        m.put("numTrainTasks", 4);
        m.put("numTestTasks", 2);
        m.put("metaBatch", 2);
        m.put("batchSize", 8);
        m.put("contextBatch", 8);
        m.put("initialSteps", 20);
        m.put("tasksPerIteration", 2);
        m.put("priorSteps", 20);
        m.put("posteriorSteps", 0);
        m.put("extraPosteriorSteps", 40);
        m.put("trainStepsPerIteration", 5);
        m.put("evalTasks", 2);
        m.put("totalSteps", 4L * 20 + 2 * 2 * 60);
        return m;
    }
}
