package org.hyperrl.algos.sac;

import org.hyperrl.core.critic.CriticConfig;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.common.OffPolicyChecks;
import org.hyperrl.core.critic.Critics;

/**
 * Every SAC hyperparameter (Haarnoja et al. 2018; values of Sarafian et al. 2021, supplementary Table 7).
 * Actions are normalised to {@code [-1, 1]}.
 *
 * @param critic        critic id in {@link Critics} (twin critics of this kind)
 * @param criticConfig  critic sizes and initialisations
 * @param actorHidden   Gaussian policy MLP hidden widths (ReLU; Xavier init)
 * @param totalSteps    environment steps
 * @param startSteps    uniformly random actions before the policy acts
 * @param bufferSize    replay capacity
 * @param batchSize     minibatch size
 * @param discount      gamma
 * @param tau           Polyak coefficient of the target critics
 * @param rewardScale   rewards are multiplied by this in the critic target
 * @param actorLr       policy learning rate
 * @param criticLr      critic learning rate
 * @param alpha         entropy coefficient (initial value when auto-tuned)
 * @param autoAlpha     tune alpha towards {@code targetEntropy}
 * @param alphaLr       learning rate of log(alpha)
 * @param targetEntropy target entropy; NaN means {@code -action dimension}
 * @param evalEvery     evaluate every this many steps (0: never)
 * @param evalEpisodes  deterministic episodes per evaluation
 * @param logEvery      log training statistics every this many steps
 */
public record SacConfig(String critic, CriticConfig criticConfig, int[] actorHidden, long totalSteps, long startSteps,
                        int bufferSize, int batchSize, double discount, double tau, double rewardScale, double actorLr,
                        double criticLr, double alpha, boolean autoAlpha, double alphaLr, double targetEntropy,
                        long evalEvery, int evalEpisodes, long logEvery) {

    public SacConfig {
        actorHidden = actorHidden.clone();
        try {
            Critics.kind(critic);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid SAC config: " + e.getMessage(), e);
        }
        require(totalSteps > 0, "totalSteps must be positive");
        require(startSteps >= 0, "startSteps must be >= 0");
        require(bufferSize > 0 && batchSize > 0, "bufferSize and batchSize must be positive");
        require(discount >= 0 && discount <= 1, "discount must be in [0, 1]");
        require(tau > 0 && tau <= 1, "tau must be in (0, 1]");
        require(rewardScale > 0, "rewardScale must be positive");
        require(actorLr > 0 && criticLr > 0 && alphaLr > 0, "learning rates must be positive");
        require(alpha > 0, "alpha must be positive");
        require(evalEvery >= 0 && evalEpisodes >= 1 && logEvery >= 1, "evalEvery >= 0, evalEpisodes >= 1, logEvery >= 1");
        OffPolicyChecks.check(startSteps, totalSteps, batchSize, bufferSize);
    }

    /** Every value written out (a record's own {@code toString} prints arrays as {@code [I@...}). */
    @Override
    public String toString() {
        return Configs.describe(this);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid SAC config: " + message);
        }
    }

    /**
     * The paper's values: 1M steps, batch 256, gamma 0.99, tau 0.005, reward scale 5, fixed alpha 1 (the reference
     * code), critic lr 5e-5 for hypernetwork critics (3e-4 otherwise), actor lr 2e-5 with hypernetwork critics
     * (1e-4 on HalfCheetah) and 3e-4 otherwise; 1K random start steps; evaluation every 5K steps over 10 episodes.
     *
     * @param critic a critic id registered in {@link Critics}
     * @param envId  the environment, which selects the HalfCheetah actor learning rate
     */
    public static SacConfig paper(String critic, String envId) {
        boolean hyper = Critics.kind(critic).hyper();
        double actorLr = !hyper ? 3e-4 : envId != null && envId.contains("HalfCheetah") ? 1e-4 : 2e-5;
        return new SacConfig(critic, CriticConfig.paper(), new int[]{256, 256}, 1_000_000, 1_000, 1_000_000, 256, 0.99,
                0.005, 5.0, actorLr, hyper ? 5e-5 : 3e-4, 1.0, false, 3e-4, Double.NaN, 5_000, 10, 1_000);
    }
}
