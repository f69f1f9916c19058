package org.hyperrl.algos.maml;

import org.hyperrl.algos.api.Configs;

/**
 * Every MAML-TRPO hyperparameter (Finn et al. 2017 as in tristandeleu/pytorch-maml-rl; Sarafian et al. 2021,
 * supplementary E.3 and Table 9). An iteration samples {@code metaBatch} training tasks and, per task,
 * {@code fastBatch} episodes with θ and (unless {@code adaptation = none}) {@code fastBatch} with the adapted θ'.
 *
 * @param policy          {@code mlp} (Vanilla-MAML: no task input), {@code context} (Context-MAML: the oracle task
 *                        concatenated to the state) or {@code hyper} (Hyper-MAML: a hypernetwork whose meta-variable
 *                        is the oracle task and whose dynamic network reads the state)
 * @param adaptation      {@code exact} (second-order MAML), {@code first-order} (first-order MAML) or {@code none}
 *                        (Sarafian's multi-task objective: TRPO at the current weights, no adaptation step)
 * @param hidden          hidden widths of the MLP policies (pytorch-maml-rl: 100, 100)
 * @param activation      activation of the MLP policies ({@code tanh})
 * @param primaryWidths   stage widths of the hypernetwork's primary ResNet (256, 512, 1024)
 * @param primaryBlocks   residual blocks per stage (2)
 * @param dynamicHidden   hidden widths of the dynamic network (256, ReLU)
 * @param headSigmaFirst  Sarafian's head initialisation U(-σ, σ) for the first dynamic layer (0.05)
 * @param headSigmaLast   and for the last (0.008)
 * @param initStd         initial standard deviation of the Gaussian policy (1)
 * @param minStd          floor of the standard deviation (1e-6)
 * @param fastLr          inner (adaptation) learning rate α (0.1 MLP, 5e-5 hypernetwork)
 * @param fastBatch       episodes per task and per batch (20)
 * @param metaBatch       tasks per iteration (40)
 * @param totalSteps      environment steps of training (train and validation episodes; evaluation not counted)
 * @param discount        γ (0.95)
 * @param gaeLambda       GAE λ (1.0)
 * @param maxKl           TRPO's bound on the mean KL (1e-2)
 * @param cgIterations    conjugate-gradient iterations (10)
 * @param cgDamping       damping added to the Fisher matrix (1e-5)
 * @param lsMaxSteps      line-search steps (20)
 * @param lsBacktrack     line-search step ratio (0.8)
 * @param numTrainTasks   fixed training tasks drawn from the env's distribution (100); 0 samples tasks afresh every
 *                        iteration (pytorch-maml-rl); ignored when the env has fixed lists
 * @param numTestTasks    fixed test tasks (30); 0 with {@code numTrainTasks = 0}
 * @param taskListSeed    seed of the fixed lists (the same lists for every run seed)
 * @param evalEvery       evaluate the test tasks every this many iterations (1)
 * @param evalTasks       test tasks per evaluation: 0 = the whole fixed list (sampled distributions: {@code metaBatch})
 * @param threads         threads stepping the environments and computing per-task derivatives (2)
 */
public record MamlConfig(String policy, String adaptation, int[] hidden, String activation, int[] primaryWidths,
                         int primaryBlocks, int[] dynamicHidden, double headSigmaFirst, double headSigmaLast,
                         double initStd, double minStd, double fastLr, int fastBatch, int metaBatch, long totalSteps,
                         double discount, double gaeLambda, double maxKl, int cgIterations, double cgDamping,
                         int lsMaxSteps, double lsBacktrack, int numTrainTasks, int numTestTasks, long taskListSeed,
                         int evalEvery, int evalTasks, int threads) {

    /** Vanilla-MAML's policy. */
    public static final String MLP = "mlp";
    /** Context-MAML's policy. */
    public static final String CONTEXT = "context";
    /** Hyper-MAML's policy. */
    public static final String HYPER = "hyper";

    public MamlConfig {
        hidden = hidden.clone();
        primaryWidths = primaryWidths.clone();
        dynamicHidden = dynamicHidden.clone();
        require(policy.equals(MLP) || policy.equals(CONTEXT) || policy.equals(HYPER),
                "policy must be mlp (Vanilla-MAML), context (Context-MAML) or hyper (Hyper-MAML), got '" + policy + "'");
        MetaObjective.Adaptation.parse(adaptation);
        org.hyperrl.core.nn.Activation act = org.hyperrl.core.nn.Activation.parse(activation);
        require(act != org.hyperrl.core.nn.Activation.ELU, "activation elu is not supported by the second-order "
                + "networks; use tanh, relu or identity");
        require(fastLr > 0 && Double.isFinite(fastLr), "the inner learning rate fastLr must be positive, got " + fastLr);
        require(maxKl > 0 && Double.isFinite(maxKl), "TRPO's KL bound maxKl must be positive, got " + maxKl);
        require(cgIterations >= 1 && lsMaxSteps >= 1, "cgIterations and lsMaxSteps must be >= 1");
        require(cgDamping >= 0, "cgDamping must be >= 0");
        require(lsBacktrack > 0 && lsBacktrack < 1, "lsBacktrack must be in (0, 1), got " + lsBacktrack);
        require(fastBatch >= 1 && metaBatch >= 1, "fastBatch and metaBatch must be >= 1");
        require(totalSteps > 0, "totalSteps must be positive");
        require(discount > 0 && discount <= 1, "discount must be in (0, 1]");
        require(gaeLambda >= 0 && gaeLambda <= 1, "gaeLambda must be in [0, 1]");
        require(initStd > 0 && minStd > 0 && minStd <= initStd, "need 0 < minStd <= initStd");
        require(numTrainTasks >= 0 && numTestTasks >= 0 && (numTrainTasks > 0) == (numTestTasks > 0),
                "numTrainTasks and numTestTasks must both be > 0 (fixed lists) or both 0 (tasks sampled afresh), got "
                        + numTrainTasks + " and " + numTestTasks);
        require(evalEvery >= 1 && evalTasks >= 0, "evalEvery must be >= 1 and evalTasks >= 0");
        require(threads >= 1, "threads must be >= 1");
        require(primaryBlocks >= 0 && primaryWidths.length >= 1, "the primary network needs widths and blocks >= 0");
        require(headSigmaFirst > 0 && headSigmaLast > 0, "head initialisation widths must be positive");
        for (int[] ws : new int[][]{hidden, primaryWidths, dynamicHidden}) {
            for (int w : ws) {
                require(w >= 1, "layer widths must be >= 1");
            }
        }
    }

    /** The adaptation mode. */
    public MetaObjective.Adaptation adaptationMode() {
        return MetaObjective.Adaptation.parse(adaptation);
    }

    /** Whether the policy reads the task vector. */
    public boolean readsTask() {
        return !policy.equals(MLP);
    }

    /** Episodes sampled per task in one iteration: two batches with adaptation, one without. */
    public int batchesPerTask() {
        return adaptationMode() == MetaObjective.Adaptation.NONE ? 1 : 2;
    }

    @Override
    public String toString() {
        return Configs.describe(this);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid MAML config: " + message);
        }
    }

    /**
     * Sarafian et al. Table 9 on pytorch-maml-rl: fast batch 20, meta-batch 40, γ 0.95, GAE λ 1, max KL 1e-2, 10 CG
     * iterations with damping 1e-5, 20 line-search steps of ratio 0.8, inner learning rate 0.1 (MLP) or 5e-5
     * (hypernetwork), 100 train / 30 test tasks, and 400 iterations of {@code episodeLength}-step episodes.
     */
    public static MamlConfig paper(String policy, String adaptation, int episodeLength) {
        boolean hyper = policy.equals(HYPER);
        int batches = MetaObjective.Adaptation.parse(adaptation) == MetaObjective.Adaptation.NONE ? 1 : 2;
        long total = 400L * 40 * batches * 20 * episodeLength;
        return new MamlConfig(policy, adaptation, new int[]{100, 100}, "tanh", new int[]{256, 512, 1024}, 2,
                new int[]{256}, 0.05, 0.008, 1.0, 1e-6, hyper ? 5e-5 : 0.1, 20, 40, total, 0.95, 1.0, 1e-2, 10, 1e-5,
                20, 0.8, 100, 30, 0, 1, 0, 2);
    }
}
