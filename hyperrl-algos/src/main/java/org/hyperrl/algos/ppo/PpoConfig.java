package org.hyperrl.algos.ppo;

import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.meta.InferenceConfig;
import org.hyperrl.algos.meta.Methods;
import org.hyperrl.core.policy.PolicyConfig;
import org.hyperrl.core.policy.Policies;

/**
 * Every PPO hyperparameter (Schulman et al. 2017 as used by Beck et al. 2022/2023, jacooba/hyper; the settings table of
 * {@code docs/algorithms.md}). Steps are environment frames summed over processes.
 *
 * @param policy                the method by its paper name ({@link Methods}): a policy of {@link Policies} ({@code mlp},
 *                              {@code rnn}, {@code rnn+s}, {@code rnn+hn}, {@code multi}, {@code multi+hn}, ...) or a
 *                              policy with task inference ({@code vi}, {@code vi+hn}, ...)
 * @param policyConfig          the policy's sizes and initialisation
 * @param totalSteps            environment frames over all processes
 * @param processes             environments stepped together (sequences per update)
 * @param steps                 steps per process per update (the rollout length, and the sequence length trained on)
 * @param epochs                passes over the rollout per update
 * @param minibatches           minibatches per epoch, each of {@code processes / minibatches} whole sequences
 * @param clip                  clip range of the probability ratio and of the value change
 * @param valueCoef             weight of the value loss
 * @param entropyCoef           weight of the entropy bonus
 * @param gamma                 discount
 * @param lambda                GAE lambda
 * @param lr                    Adam learning rate
 * @param adamEps               Adam epsilon
 * @param maxGradNorm           gradient-norm clip (0: none)
 * @param normaliseRewards      divide rewards by a running std of the discounted return (clipped to +-10)
 * @param normaliseObservations normalise the policy's observation input by running statistics updated once per update
 * @param evalEvery             evaluate every this many updates (0: never)
 * @param evalEpisodes          evaluation episodes (trials, each on a task of the test split)
 * @param logEvery              write a progress row every this many updates
 * @param inference             the task inference of methods that infer the task (ignored by the others)
 */
public record PpoConfig(String policy, PolicyConfig policyConfig, long totalSteps, int processes, int steps, int epochs,
                        int minibatches, double clip, double valueCoef, double entropyCoef, double gamma,
                        double lambda, double lr, double adamEps, double maxGradNorm, boolean normaliseRewards,
                        boolean normaliseObservations, int evalEvery, int evalEpisodes, int logEvery,
                        InferenceConfig inference) {

    public PpoConfig {
        Methods.Method method;
        try {
            method = Methods.resolve(policy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid PPO config: " + e.getMessage(), e);
        }
        require(processes > 0 && steps > 0 && epochs > 0 && minibatches > 0,
                "processes, steps, epochs and minibatches must be positive");
        require(processes % minibatches == 0, "minibatches (" + minibatches + ") must divide processes (" + processes
                + "): each minibatch is processes / minibatches whole sequences; choose e.g. minibatches = "
                + largestDivisorAtMost(processes, minibatches));
        require(totalSteps >= (long) processes * steps, "totalSteps (" + totalSteps + ") must cover at least one "
                + "update of processes x steps = " + (long) processes * steps + " frames");
        require(clip > 0, "clip must be positive");
        require(valueCoef >= 0 && entropyCoef >= 0, "valueCoef and entropyCoef must be >= 0");
        require(gamma >= 0 && gamma <= 1 && lambda >= 0 && lambda <= 1, "gamma and lambda must be in [0, 1]");
        require(lr > 0 && adamEps > 0, "lr and adamEps must be positive");
        require(maxGradNorm >= 0, "maxGradNorm must be >= 0 (0 disables clipping)");
        require(evalEvery >= 0 && evalEpisodes >= 1 && logEvery >= 1, "evalEvery >= 0, evalEpisodes >= 1, logEvery >= 1");
        require(inference != null, "inference must be set (e.g. InferenceConfig.grid())");
        require(!method.infers() || inference.precollectFrames() < totalSteps, "inference.precollectFrames ("
                + inference.precollectFrames() + ") must be below totalSteps (" + totalSteps + "): nothing would be "
                + "trained; lower inference.precollectFrames or raise totalSteps");
        if (inference.endToEndTaskWeight() > 0) {
            require(!method.infers() && Policies.kind(method.policy()).recurrent(), "inference.endToEndTaskWeight "
                    + "adds a task-inference term to the RL loss of a recurrent method without inference (rnn, rnn+s, "
                    + "rnn+hn), not to '" + policy + "'; set it to 0 or choose such a method");
        }
        if (method.inference().pretrains()) {
            long pretrainFrames = (long) inference.pretrainUpdates() * processes * steps;
            require(pretrainFrames < totalSteps, "the multi-task pre-training of '" + policy + "' ("
                    + inference.pretrainUpdates() + " updates = " + pretrainFrames + " frames) must be shorter than "
                    + "totalSteps (" + totalSteps + "); lower inference.pretrainUpdates or raise totalSteps");
            require(inference.contextProjection() > 0, "'" + policy + "' needs inference.contextProjection > 0: the "
                    + "width of g(c) and of the meta-policy's projection");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid PPO config: " + message);
        }
    }

    private static int largestDivisorAtMost(int n, int m) {
        for (int d = Math.min(n, m); d > 1; d--) {
            if (n % d == 0) {
                return d;
            }
        }
        return 1;
    }

    /** Frames per update: {@code processes * steps}. */
    public long framesPerUpdate() {
        return (long) processes * steps;
    }

    /** The method named by {@link #policy}. */
    public Methods.Method method() {
        return Methods.resolve(policy);
    }

    /** Every value written out (a record's own {@code toString} prints arrays as {@code [I@...}). */
    @Override
    public String toString() {
        return Configs.describe(this);
    }

    /**
     * Beck et al.'s Grid-World settings: 4e6 frames, 16 processes x 60 steps, 2 epochs x 4 minibatches, clip 0.05,
     * entropy 0.1, gamma 0.95, lambda 0.95, Adam eps 1e-5, lr 7e-4 (VariBAD's grid value; the papers search
     * {3e-3, 1e-3, 3e-4, 1e-4, 3e-5}), value coefficient 0.5, gradient clip 0.5, evaluation every 5 updates on 16 tasks.
     */
    public static PpoConfig grid(String policy) {
        return new PpoConfig(policy, PolicyConfig.grid(), 4_000_000, 16, 60, 2, 4, 0.05, 0.5, 0.1, 0.95, 0.95, 7e-4,
                1e-5, 0.5, true, true, 5, 16, 5, Methods.preset(policy, InferenceConfig.grid()));
    }

    /**
     * Beck et al.'s Cheetah-Dir/Vel settings: 75e6 frames, 16 processes x 400 steps, 2 epochs x 4 minibatches, clip
     * 0.1, entropy 0.01, gamma 0.97, lambda 0.9, Adam eps 1e-8, lr 3e-4, evaluation every 25 updates on 16 tasks.
     */
    public static PpoConfig mujoco(String policy) {
        return new PpoConfig(policy, PolicyConfig.paper(), 75_000_000, 16, 400, 2, 4, 0.1, 0.5, 0.01, 0.97, 0.9, 3e-4,
                1e-8, 0.5, true, true, 25, 16, 5, Methods.preset(policy, InferenceConfig.mujoco()));
    }
}
