package org.hyperrl.algos.ppo;

import java.util.List;
import java.util.Map;
import org.hyperrl.algos.api.Algorithm;
import org.hyperrl.algos.api.Column;
import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.NetworkOption;
import org.hyperrl.algos.api.Preset;
import org.hyperrl.algos.meta.InferenceConfig;
import org.hyperrl.algos.meta.Methods;
import org.hyperrl.core.policy.Policies;
import org.hyperrl.core.policy.PolicyConfig;

/** PPO's registration: config, the policy option, presets per env family, progress columns, trainer and agent. */
public final class PpoAlgorithm {
    private PpoAlgorithm() {
    }

    /** The progress columns PPO writes. */
    public static final List<Column> COLUMNS = columns();

    private static List<Column> columns() {
        List<Column> c = new java.util.ArrayList<>(List.of(Columns.STEP, Ppo.UPDATES, Columns.EPISODES,
                Columns.EPISODE_RETURN, Columns.EVAL_RETURN));
        c.addAll(Ppo.EVAL_EPISODES);
        c.addAll(List.of(Ppo.POLICY_LOSS, Ppo.VALUE_LOSS, Ppo.ENTROPY, Columns.ENV_STEPS_PER_S, Columns.UPDATE_MS,
                Columns.TIME_S, Ppo.VAE_LOSS, Ppo.VAE_RECONSTRUCTION, Ppo.VAE_KL, Ppo.TASK_LOSS));
        return List.copyOf(c);
    }

    /** The {@code policy} network option: any policy registered in {@link Policies}. */
    public static final NetworkOption POLICY = new NetworkOption("policy",
            "the method by Beck et al.'s name: a policy (multi* read the true task) or a policy with task inference "
                    + "(vi, vi+hn, ti-naive, ti, ti+hn, ti++, ti++hn)", Policies.RNN_HN, Methods::descriptions);

    /** PPO as registered in {@link org.hyperrl.algos.api.Algorithms}. */
    public static final Algorithm<PpoConfig> ALGORITHM = new Algorithm<>("ppo",
            "PPO (Schulman et al. 2017) with feed-forward, recurrent (RL2) and recurrent hypernetwork policies, as in "
                    + "Beck et al. 2022/2023", PpoConfig.class, List.of(POLICY),
            List.of(new Preset<>("paper", "Beck et al.'s settings per env family: Grid-World 4e6 frames, 16 x 60, "
                            + "clip 0.05, entropy 0.1, gamma 0.95; MuJoCo 75e6 frames, 16 x 400, clip 0.1, entropy 0.01, "
                            + "gamma 0.97",
                            ctx -> paper(ctx.network("policy"), ctx.envId())),
                    new Preset<>("small", "the paper's settings with 300K frames and evaluation every 10 updates "
                            + "(about 300 updates on the grid)",
                            ctx -> Configs.with(paper(ctx.network("policy"), ctx.envId()), Map.of("totalSteps",
                                    300_000, "evalEvery", 10))),
                    new Preset<>("smoke", "the whole pipeline in seconds: tiny networks, 2 processes x 50 steps, "
                            + "400 frames, evaluation every 2 updates x 2 episodes",
                            ctx -> Configs.with(paper(ctx.network("policy"), ctx.envId()), Map.of("policyConfig",
                                    PolicyConfig.small(), "totalSteps", 400, "processes", 2, "steps", 50,
                                    "minibatches", 1, "evalEvery", 2, "evalEpisodes", 2, "logEvery", 1,
                                    "inference", smallInference(paper(ctx.network("policy"), ctx.envId())
                                            .inference()))))),
            COLUMNS, List.of("policy"), Ppo::new,
            (ps, env, c) -> new PpoAgent(ps, env.observationSpace(), env.actionSpace(), c, env.taskDim()));

    /**
     * {@code base} shrunk for the smoke preset: latent 2, GRU 8, 4 trials per VAE update, nothing precollected, at
     * most 5 ELBO terms per trial, one update of TI's pre-training.
     */
    static InferenceConfig smallInference(InferenceConfig base) {
        return Configs.with(base, Map.of("latentDim", 2, "stateEmbed", 4, "actionEmbed", Math.min(base.actionEmbed(),
                3), "rewardEmbed", 2, "gruSize", 8, "decoderHidden", new int[]{8}, "bufferTrajectories", 100,
                "batchTrajectories", 4, "precollectFrames", 0, "elboSubsample", Math.min(base.elboSubsample(), 5)))
                .withPretrainUpdates(1);
    }

    /** The paper preset for an env: the grid settings for the Grid-World family, the MuJoCo ones otherwise. */
    static PpoConfig paper(String policy, String envId) {
        return envId.startsWith("GridWorld") ? PpoConfig.grid(policy) : PpoConfig.mujoco(policy);
    }
}
