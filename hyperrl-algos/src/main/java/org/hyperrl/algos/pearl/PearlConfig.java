package org.hyperrl.algos.pearl;

import org.hyperrl.algos.api.Configs;
import org.hyperrl.core.critic.CriticConfig;

/**
 * Every PEARL hyperparameter (Rakelly et al. 2019 as in katerakelly/oyster; Hyper-PEARL of Sarafian et al. 2021,
 * supplementary Table 11). Step counts are environment transitions; "per task" counts are collected for every task
 * sampled in an iteration.
 *
 * @param policy                 {@code mlp} (oyster's tanh-Gaussian MLP on {@code (s, z)}) or {@code hyper} (meta =
 *                               the conditioning, base = the observation)
 * @param critic                 {@code mlp} or {@code sa-hyper}: the twin Q networks and the V network
 * @param conditioning           what the policy reads besides the observation: {@code z} (the inferred latent) or
 *                               {@code task} (the true task vector, Sarafian's oracle)
 * @param qLatent                where a hyper Q network reads {@code z}: {@code meta} (meta = (s, z), base = a) or
 *                               {@code base} (meta = s, base = (a, z))
 * @param hidden                 hidden widths of the MLP policy, Q and V networks (oyster: 300, 300, 300)
 * @param encoderHidden          hidden widths of the context encoder (200, 200, 200)
 * @param hyperConfig            sizes and initialisations of the hypernetworks (primary ResNet, dynamic width, heads)
 * @param latentDim              size of {@code z} (5)
 * @param nextObsInContext       whether context transitions include the next observation
 * @param klWeight               weight of {@code KL(q(z|c) || N(0, I))} in the encoder's loss (0.1)
 * @param totalSteps             environment transitions for training; the run stops after the iteration that reaches it
 * @param initialSteps           transitions per training task collected with {@code z} from the prior before the first
 *                               iteration (2000)
 * @param tasksPerIteration      training tasks sampled for data collection in each iteration (5)
 * @param priorSteps             per sampled task: transitions with {@code z} from the prior, into both buffers (400)
 * @param posteriorSteps         per sampled task: transitions with {@code z} from the posterior, into both buffers (0)
 * @param extraPosteriorSteps    per sampled task: transitions with {@code z} from the posterior, RL buffer only (600 on
 *                               the velocity tasks, 400 otherwise)
 * @param trainStepsPerIteration gradient steps per iteration (2000)
 * @param metaBatch              tasks per gradient step (16 velocity, 4 direction tasks)
 * @param metaBatchWithReplacement draw a meta-batch's tasks with replacement (as oyster's {@code np.random.choice}: the
 *                               direction families have 2 training tasks and a meta-batch of 4) or distinct
 * @param batchSize              RL transitions per task and gradient step (256)
 * @param contextBatch           context transitions per task and gradient step (100 velocity, 64 default)
 * @param discount               gamma
 * @param tau                    Polyak coefficient of the target V network
 * @param rewardScale            rewards are multiplied by this in the Q target (5)
 * @param actorLr                policy learning rate
 * @param criticLr               Q learning rate
 * @param valueLr                V learning rate
 * @param contextLr              encoder learning rate
 * @param policyMeanReg          weight of the mean-squared pre-tanh mean in the policy loss (1e-3)
 * @param policyStdReg           weight of the mean-squared log standard deviation in the policy loss (1e-3)
 * @param bufferSize             RL replay capacity per task
 * @param numTrainTasks          training tasks drawn from the env's distribution when it has no fixed lists
 * @param numTestTasks           test tasks drawn likewise
 * @param taskListSeed           seed of those draws (the same task lists for every run seed)
 * @param evalEvery              evaluate every this many iterations
 * @param evalTasks              test tasks evaluated (0: all)
 * @param evalTrajectories       trajectories per test task, collected online (3 = oyster's 600 steps of 200)
 * @param explorationTrajectories trajectories with {@code z} from the prior before the posterior is used (1)
 */
public record PearlConfig(String policy, String critic, String conditioning, String qLatent, int[] hidden,
                          int[] encoderHidden, CriticConfig hyperConfig, int latentDim, boolean nextObsInContext,
                          double klWeight, long totalSteps, int initialSteps, int tasksPerIteration, int priorSteps,
                          int posteriorSteps, int extraPosteriorSteps, int trainStepsPerIteration, int metaBatch,
                          boolean metaBatchWithReplacement, int batchSize, int contextBatch, double discount, double tau, double rewardScale,
                          double actorLr, double criticLr, double valueLr, double contextLr, double policyMeanReg,
                          double policyStdReg, int bufferSize, int numTrainTasks, int numTestTasks, long taskListSeed,
                          int evalEvery, int evalTasks, int evalTrajectories, int explorationTrajectories) {

    /** The policy network values. */
    public static final String MLP = "mlp";
    public static final String HYPER = "hyper";
    /** The critic network values. */
    public static final String SA_HYPER = "sa-hyper";

    public PearlConfig {
        hidden = hidden.clone();
        encoderHidden = encoderHidden.clone();
        require(policy.equals(MLP) || policy.equals(HYPER), "policy must be mlp or hyper, got '" + policy + "'");
        require(critic.equals(MLP) || critic.equals(SA_HYPER), "critic must be mlp or sa-hyper, got '" + critic
                + "' (PEARL's Q and V networks read z; the other critic types of TD3/SAC are not supported here)");
        require(conditioning.equals("z") || conditioning.equals("task"),
                "conditioning must be z (inferred) or task (oracle), got '" + conditioning + "'");
        require(qLatent.equals("meta") || qLatent.equals("base"), "qLatent must be meta or base, got '" + qLatent + "'");
        require(latentDim >= 1, "latentDim must be >= 1, got " + latentDim + " (z needs at least one dimension)");
        require(klWeight >= 0, "klWeight must be >= 0");
        require(totalSteps > 0, "totalSteps must be positive");
        require(initialSteps >= 0 && priorSteps >= 0 && posteriorSteps >= 0 && extraPosteriorSteps >= 0,
                "step counts must be >= 0");
        require(initialSteps + priorSteps + posteriorSteps > 0, "no transition ever reaches the encoder buffers: "
                + "make initialSteps, priorSteps or posteriorSteps positive");
        require(tasksPerIteration >= 1 && trainStepsPerIteration >= 1, "tasksPerIteration and trainStepsPerIteration "
                + "must be >= 1");
        require(metaBatch >= 1 && batchSize >= 1 && contextBatch >= 1, "metaBatch, batchSize and contextBatch must be >= 1");
        require(discount >= 0 && discount <= 1, "discount must be in [0, 1]");
        require(tau > 0 && tau <= 1, "tau must be in (0, 1]");
        require(rewardScale > 0, "rewardScale must be positive");
        require(actorLr > 0 && criticLr > 0 && valueLr > 0 && contextLr > 0, "learning rates must be positive");
        require(policyMeanReg >= 0 && policyStdReg >= 0, "policy regularisers must be >= 0");
        require(bufferSize >= 1, "bufferSize must be >= 1");
        require(numTrainTasks >= 1 && numTestTasks >= 1, "numTrainTasks and numTestTasks must be >= 1");
        require(metaBatchWithReplacement || metaBatch <= numTrainTasks, "metaBatch " + metaBatch + " is larger than "
                + "numTrainTasks " + numTrainTasks + " while tasks are drawn without replacement: lower metaBatch, add "
                + "training tasks or set metaBatchWithReplacement=true");
        require(evalEvery >= 1 && evalTasks >= 0, "evalEvery must be >= 1 and evalTasks >= 0");
        require(evalTrajectories >= 1 && explorationTrajectories >= 0 && explorationTrajectories <= evalTrajectories,
                "need evalTrajectories >= 1 and 0 <= explorationTrajectories <= evalTrajectories");
        for (int w : hidden) {
            require(w >= 1, "hidden widths must be >= 1");
        }
        for (int w : encoderHidden) {
            require(w >= 1, "encoder widths must be >= 1");
        }
    }

    /** Whether any network is a hypernetwork (Hyper-PEARL). */
    public boolean hyper() {
        return policy.equals(HYPER) || critic.equals(SA_HYPER);
    }

    /** Transitions collected in one iteration after the initial phase. */
    public long stepsPerIteration() {
        return (long) tasksPerIteration * (priorSteps + posteriorSteps + extraPosteriorSteps);
    }

    @Override
    public String toString() {
        return Configs.describe(this);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid PEARL config: " + message);
        }
    }

    /**
     * oyster's defaults with Sarafian et al.'s learning rates: Hyper-PEARL (any hypernetwork) actor 1e-4, critic 5e-5,
     * value 5e-5, context 3e-4; PEARL 3e-4 everywhere. Velocity families use meta-batch 16, 600 extra posterior steps
     * and context batch 100; direction families meta-batch 4, 400 and 64. 400 iterations.
     *
     * @param velocity the task family varies a target velocity (100 train / 30 test tasks) rather than a direction (2)
     */
    public static PearlConfig paper(String policy, String critic, boolean velocity) {
        boolean hyper = policy.equals(HYPER) || critic.equals(SA_HYPER);
        int train = velocity ? 100 : 2;
        int extra = velocity ? 600 : 400;
        long total = (long) train * 2000 + 400L * 5 * (400 + extra);
        return new PearlConfig(policy, critic, "z", "meta", new int[]{300, 300, 300}, new int[]{200, 200, 200},
                CriticConfig.paper(), 5, false, 0.1, total, 2000, 5, 400, 0, extra, 2000, velocity ? 16 : 4, true, 256,
                velocity ? 100 : 64, 0.99, 0.005, 5.0, hyper ? 1e-4 : 3e-4, hyper ? 5e-5 : 3e-4, hyper ? 5e-5 : 3e-4,
                3e-4, 1e-3, 1e-3, 1_000_000, train, velocity ? 30 : 2, 0, 1, 0, 3, 1);
    }
}
