package org.hyperrl.algos.td3;

import org.hyperrl.core.critic.CriticConfig;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.common.OffPolicyChecks;
import org.hyperrl.core.critic.Critics;

/**
 * Every TD3 hyperparameter (Fujimoto et al. 2018; values of Sarafian et al. 2021, supplementary Table 5).
 * Actions are handled in the normalised box {@code [-1, 1]}, so noise scales are fractions of the action range
 * ({@code 0.1 * max_action} in the papers is {@code 0.1} here).
 *
 * @param critic           critic id in {@link Critics} (twin critics of this kind)
 * @param criticConfig     critic sizes and initialisations
 * @param actorHidden      actor MLP hidden widths (ReLU, tanh output)
 * @param totalSteps       environment steps
 * @param startSteps       uniformly random actions before the policy acts
 * @param bufferSize       replay capacity
 * @param batchSize        minibatch size
 * @param discount         gamma
 * @param tau              Polyak coefficient of the target networks
 * @param policyNoise      target policy smoothing noise std
 * @param noiseClip        clip of the smoothing noise
 * @param policyDelay      critic updates per actor (and target) update
 * @param explorationNoise Gaussian exploration noise std
 * @param actorLr          actor learning rate
 * @param criticLr         critic learning rate
 * @param evalEvery        evaluate every this many steps (0: never)
 * @param evalEpisodes     deterministic episodes per evaluation
 * @param logEvery         log training statistics every this many steps
 */
public record Td3Config(String critic, CriticConfig criticConfig, int[] actorHidden, long totalSteps, long startSteps,
                        int bufferSize, int batchSize, double discount, double tau, double policyNoise, double noiseClip,
                        int policyDelay, double explorationNoise, double actorLr, double criticLr, long evalEvery,
                        int evalEpisodes, long logEvery) {

    public Td3Config {
        actorHidden = actorHidden.clone();
        try {
            Critics.kind(critic);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid TD3 config: " + e.getMessage(), e);
        }
        require(totalSteps > 0, "totalSteps must be positive");
        require(startSteps >= 0, "startSteps must be >= 0");
        require(bufferSize > 0, "bufferSize must be positive");
        require(batchSize > 0, "batchSize must be positive");
        require(discount >= 0 && discount <= 1, "discount must be in [0, 1]");
        require(tau > 0 && tau <= 1, "tau must be in (0, 1]");
        require(policyDelay >= 1, "policyDelay must be >= 1");
        require(policyNoise >= 0 && noiseClip >= 0 && explorationNoise >= 0, "noise scales must be >= 0");
        require(actorLr > 0 && criticLr > 0, "learning rates must be positive");
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
            throw new IllegalArgumentException("invalid TD3 config: " + message);
        }
    }

    /**
     * The paper's values: 1M steps, 1K random start steps, replay 1M, batch 100, gamma 0.99, tau 0.005, policy noise
     * 0.2 clipped at 0.5, delay 2, exploration 0.1, actor lr 3e-4, critic lr 5e-5 for hypernetwork critics and
     * 3e-4 otherwise, evaluation every 5K steps over 10 episodes.
     *
     * @param critic a critic id registered in {@link Critics}
     */
    public static Td3Config paper(String critic) {
        return new Td3Config(critic, CriticConfig.paper(), new int[]{256, 256}, 1_000_000, 1_000, 1_000_000, 100, 0.99,
                0.005, 0.2, 0.5, 2, 0.1, 3e-4, Critics.kind(critic).hyper() ? 5e-5 : 3e-4, 5_000, 10, 1_000);
    }
}
