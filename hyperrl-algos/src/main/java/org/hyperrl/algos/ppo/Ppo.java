package org.hyperrl.algos.ppo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.hyperrl.algos.api.Column;
import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.api.EnvInfo;
import org.hyperrl.algos.api.ProgressSink;
import org.hyperrl.algos.api.Trainer;
import org.hyperrl.algos.api.TrainingContext;
import org.hyperrl.algos.common.EvalResult;
import org.hyperrl.algos.common.Evaluator;
import org.hyperrl.algos.common.GuardedStep;
import org.hyperrl.algos.common.IntervalStats;
import org.hyperrl.algos.common.NonFiniteException;
import org.hyperrl.algos.common.Rng;
import org.hyperrl.algos.meta.InferenceConfig;
import org.hyperrl.algos.meta.Trajectory;
import org.hyperrl.algos.meta.TrajectoryBuffer;
import org.hyperrl.algos.meta.Vae;
import org.hyperrl.core.inference.TrajectoryEncoder;
import org.hyperrl.core.io.Checkpoints;
import org.hyperrl.core.io.TensorFile;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.optim.AdamOptimizer;
import org.hyperrl.algos.meta.Methods;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.policy.ActorCritic;
import org.hyperrl.core.policy.Policies;
import org.hyperrl.core.policy.ActorCriticStepper;
import org.hyperrl.core.policy.PolicyStepper;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.ResetResult;
import org.hyperrl.envs.RunningMeanStd;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.GoalCells;
import org.hyperrl.envs.meta.TrialWrapper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Proximal Policy Optimisation (Schulman et al. 2017) for feed-forward and recurrent meta-RL policies, as used by Beck
 * et al. 2022/2023 (jacooba/hyper):
 * <pre>
 * for update = 1 .. totalSteps / (processes x steps):
 *     for t = 1 .. steps, in every process:             (the recurrent state is carried; reset at trial starts)
 *         a ~ pi(.| o, a_prev, r_prev[, task]); store log pi(a), V; step the env
 *         r~ = r / std(discounted return), clipped to +-10; at a time-out r~ += gamma V(final observation)
 *     advantages, returns = GAE(r~, V, trial ends, gamma, lambda); advantages normalised
 *     for epoch = 1 .. epochs: for each minibatch of processes / minibatches whole sequences:
 *         minimise L_clip + valueCoef L_V - entropyCoef H (PpoLoss) with Adam, gradient norm clipped
 *     update the observation normaliser with this rollout's observations
 *     every evalEvery updates: deterministic trials on the test tasks (meta-episode return)
 * </pre>
 * Methods with task inference (VI, VI+HN; {@link org.hyperrl.algos.meta.Methods}) add VariBAD's steps (Zintgraf et
 * al. 2020): the task input of step t is the encoder's posterior after the trial's transitions so far (the prior at
 * the trial start); every finished trial goes into the VAE's trajectory buffer; no update of any kind happens until
 * {@code inference.precollectFrames} frames are collected; after each PPO update the VAE takes
 * {@code inference.updatesPerIteration} ELBO steps ({@link Vae}), and the posterior normaliser is updated with the
 * rollout's posteriors. The RL loss reads the stored posteriors, so it never reaches the encoder.
 * TI and TI++ ({@link Methods.Inference#pretrains()}) first pre-train a multi-task policy pi'(.| g(c)) with PPO for
 * {@code inference.pretrainUpdates} updates (its frames count in the budget), then train the meta-policy on the
 * posterior, the encoder predicting g(c) from the frozen pre-trained g; TI++ starts the meta-policy from pi' and keeps
 * the pre-training's trials in the VAE buffer.
 * Trials (meta-episodes) end only when the env says so; inner episodes of a {@link TrialWrapper} do not reset the
 * recurrent state or stop returns. Checkpoints are taken at update ends; each environment's current trial is restored
 * exactly by resetting it with its saved seed and replaying the actions taken since.
 */
public final class Ppo implements Trainer {
    /** Mean clipped-surrogate policy loss of the updates since the previous row. */
    public static final Column POLICY_LOSS = new Column("policy_loss", "mean clipped-surrogate policy loss");
    /** Mean value loss. */
    public static final Column VALUE_LOSS = new Column("value_loss", "mean clipped Huber value loss");
    /** Mean policy entropy. */
    public static final Column ENTROPY = new Column("entropy", "mean policy entropy");
    /**
     * Mean evaluation return of the k-th episode of a trial, k = 1 .. 4 (the papers' trials have up to 4; the
     * meta-episode return {@link Columns#EVAL_RETURN} counts every episode).
     */
    public static final List<Column> EVAL_EPISODES = java.util.stream.IntStream.rangeClosed(1, 4)
            .mapToObj(k -> new Column("eval_episode_" + k, "mean evaluation return of episode " + k + " of the trial"))
            .toList();
    /** Mean negative ELBO of the VAE updates since the previous row (methods with task inference). */
    public static final Column VAE_LOSS = new Column("vae_loss", "mean negative ELBO per trial (VAE updates)");
    /** Mean reconstruction term. */
    public static final Column VAE_RECONSTRUCTION = new Column("vae_reconstruction",
            "mean reconstruction term of the ELBO per trial");
    /** Mean KL term. */
    public static final Column VAE_KL = new Column("vae_kl", "mean KL term of the ELBO per trial (before its weight)");
    /** Mean end-to-end task-inference term (the combined objective of {@code inference.endToEndTaskWeight}). */
    public static final Column TASK_LOSS = new Column("task_loss",
            "mean squared error of the encoder output as the task estimate (combined objective)");
    /** PPO updates so far. */
    public static final Column UPDATES = new Column("updates", "PPO updates so far");

    private static final double RETURN_EPS = 1e-8;
    private static final double REWARD_CLIP = 10;

    private final PpoConfig config;
    private final Parameters params;
    private final PpoAgent agent;
    private final ActorCritic policy;
    /** The meta-policy's PPO: what every method trains. */
    private final Learner meta;
    /** TI's multi-task policy pi' on g(c), trained first; null for other methods. */
    private final Learner pretrain;
    private final Methods.Method method;
    private final int envTaskDim;
    /** Each process's true task description (for the combined objective's term). */
    private final float[][] trueTasks;
    private final Env[] envs;
    private final Evaluator evaluator;
    private final Rng envRng;
    private final Rng actRng;
    private final Rng sampleRng;
    private final RunningMeanStd obsStats;
    private final RunningMeanStd returnStats = new RunningMeanStd(1);
    private final IntervalStats stats = new IntervalStats();
    private final int processes;
    private final int steps;
    private final int obsDim;
    private final int actionSize;
    private final int stateSize;
    private final int taskWidth;

    // Per-process state of the current trial.
    private final long[] resetSeeds;
    private final List<List<double[]>> actionsSinceReset = new ArrayList<>();
    private final double[][] obs;
    private final float[][] prevActions;
    private final float[] prevRewards;
    private final float[][] tasks;
    private final boolean[] starting;
    private final double[] discountedReturns;
    private final double[] trialReturns;
    private INDArray state;

    // Task inference (null / unused for methods without it).
    private final Vae vae;
    private final TrajectoryBuffer buffer;
    private final Trajectory.Recorder[] recorders;
    private final RunningMeanStd latentStats;
    private final Rng vaeRng;
    private final int cells;
    private INDArray encoderState;
    private final double[][] posteriors;

    private long updates;
    private long trials;
    private long actingNanos;
    private long envNanos;
    private long updateNanos;
    private double trialReturnSum;
    private long trialReturnCount;

    /** Builds PPO on {@code processes} training envs of the context, evaluating on its test tasks. */
    public Ppo(TrainingContext context, PpoConfig config) {
        this.config = config;
        this.processes = config.processes();
        this.steps = config.steps();
        Rng root = new Rng(context.seed());
        this.params = new Parameters(DataType.FLOAT, root.nextLong());
        this.envRng = root.split();
        this.actRng = root.split();
        this.sampleRng = root.split();
        this.vaeRng = root.split();
        this.envs = new Env[processes];
        for (int p = 0; p < processes; p++) {
            envs[p] = context.trainEnv();
        }
        Env evalEnv = context.testEnv();
        int envTaskDim = EnvInfo.of(context.trainEnv()).taskDim();
        this.agent = new PpoAgent(params, envs[0].observationSpace(), envs[0].actionSpace(), config, envTaskDim);
        this.policy = agent.policy();
        this.method = config.method();
        this.obsDim = envs[0].observationSpace().dimension();
        this.actionSize = agent.actionSize();
        this.stateSize = policy.stateSize();
        this.taskWidth = Math.max(agent.taskDim(), 1);
        this.obsStats = new RunningMeanStd(obsDim);
        double taskWeight = config.inference().endToEndTaskWeight();
        if (taskWeight > 0 && envTaskDim == 0) {
            throw new IllegalArgumentException("inference.endToEndTaskWeight needs an env that reveals its task "
                    + "description at reset (a meta-RL task family); this env has none. Set it to 0");
        }
        this.envTaskDim = envTaskDim;
        this.meta = learner(policy, agent.stepper(), PpoAgent.POLICY, taskWeight);
        if (method.inference().pretrains()) {
            InferenceConfig inf = config.inference();
            ActorCritic multiTask = Policies.createProjected(method.policy(), params, PRETRAIN, PRETRAIN,
                    config.policyConfig(), obsDim, actionSize, agent.discrete(), envTaskDim, inf.contextProjection(),
                    InferenceConfig.TANH.equals(inf.contextActivation()) ? Activation.TANH : Activation.RELU);
            PolicyStepper arrays = multiTask.arrayStepper();
            this.pretrain = learner(multiTask, arrays != null ? arrays : new ActorCriticStepper(multiTask, params),
                    PRETRAIN, 0);
        } else {
            this.pretrain = null;
        }
        this.evaluator = new Evaluator(evalEnv, context.seed() + 100);
        this.resetSeeds = new long[processes];
        this.obs = new double[processes][];
        this.prevActions = new float[processes][actionSize];
        this.prevRewards = new float[processes];
        this.tasks = new float[processes][taskWidth];
        this.starting = new boolean[processes];
        this.discountedReturns = new double[processes];
        this.trialReturns = new double[processes];
        this.posteriors = new double[processes][];
        this.trueTasks = new float[processes][];
        TrajectoryEncoder encoder = agent.encoder();
        if (encoder != null) {
            InferenceConfig inf = config.inference();
            this.cells = envs[0].unwrapped() instanceof GoalCells g ? g.cellCount() : 0;
            this.vae = new Vae(params, encoder, inf, obsDim, actionSize, cells,
                    pretrain != null ? inf.contextProjection() : envTaskDim);
            if (pretrain != null) {
                vae.setTaskTarget(this::representation);
            }
            this.buffer = new TrajectoryBuffer(inf.bufferTrajectories());
            this.recorders = new Trajectory.Recorder[processes];
            for (int p = 0; p < processes; p++) {
                recorders[p] = new Trajectory.Recorder(obsDim, actionSize);
            }
            this.latentStats = new RunningMeanStd(2 * inf.latentDim());
            this.encoderState = encoder.zeroState(processes);
        } else {
            this.cells = 0;
            this.vae = null;
            this.buffer = null;
            this.recorders = null;
            this.latentStats = null;
        }
        for (int p = 0; p < processes; p++) {
            actionsSinceReset.add(new ArrayList<>());
            newTrial(p);
        }
        this.state = meta.stepper().initialState(processes);
    }

    /** Scope and group of TI's multi-task policy. */
    static final String PRETRAIN = "pretrain";

    /** A policy with its acting path, PPO loss and optimiser. */
    private record Learner(ActorCritic policy, PolicyStepper stepper, PpoLoss loss, AdamOptimizer optimiser) {
    }

    private Learner learner(ActorCritic p, PolicyStepper s, String group, double taskWeight) {
        // the loss first: the combined objective adds its read-out parameters to the group the optimiser covers
        PpoLoss loss = new PpoLoss(params, group, p, steps, config.clip(), config.valueCoef(), config.entropyCoef(),
                false, taskWeight, envTaskDim);
        AdamOptimizer opt = new AdamOptimizer(params.group(group), new Adam(config.lr(), 0.9, 0.999, config.adamEps()),
                config.maxGradNorm());
        return new Learner(p, s, loss, opt);
    }

    /** Whether TI's multi-task pre-training is under way (the next update belongs to it). */
    private boolean pretraining() {
        return pretrain != null && updates < config.inference().pretrainUpdates();
    }

    /** The policy acting and learning now: pi' while pre-training, else the meta-policy. */
    private Learner active() {
        return pretraining() ? pretrain : meta;
    }

    /**
     * The pre-trained task representation g(c) = act(G c + b) of TI's multi-task policy, evaluated outside any graph:
     * the encoder's target, so the inference loss cannot reach G.
     */
    private float[] representation(float[] c) {
        Parameter w = params.get(PRETRAIN + "/context_projection/W");
        Parameter b = params.get(PRETRAIN + "/context_projection/b");
        INDArray in = Nd4j.create(c, new long[]{1, c.length}, 'c').castTo(w.value().dataType());
        INDArray z = in.mmul(w.value()).addiRowVector(b.value().reshape(1, b.value().length()));
        boolean tanh = InferenceConfig.TANH.equals(config.inference().contextActivation());
        return (tanh ? Activation.TANH : Activation.RELU).applyInPlace(z).castTo(DataType.FLOAT).toFloatVector();
    }

    /**
     * The end of TI's pre-training: TI++ copies pi' (all but its task projection G) into the meta-policy, bit for bit;
     * TI leaves the meta-policy at its initialisation. Every process then reads its posterior.
     */
    private void endPretraining() {
        if (method.inference() == Methods.Inference.TI_PLUS) {
            String prefix = PpoAgent.POLICY + "/";
            for (Parameter p : params.group(PpoAgent.POLICY)) {
                String rest = p.name().substring(prefix.length());
                if (!rest.startsWith("context_projection/")) {
                    p.value().assign(params.get(PRETRAIN + "/" + rest).value());
                }
            }
            agent.refresh();
        }
        refreshBeliefs();
    }

    /** Resets process {@code p} with the next seed: a new trial. */
    private void newTrial(int p) {
        resetSeeds[p] = envRng.nextLong();
        startTrial(p, envs[p].reset(resetSeeds[p]));
    }

    private void startTrial(int p, ResetResult r) {
        double[] given = Evaluator.taskOf(r.info());
        trueTasks[p] = given == null ? new float[0] : toFloat(given);
        obs[p] = r.observation();
        // a new array: the old one may be the last step's action, which the rollout stores
        prevActions[p] = new float[actionSize];
        prevRewards[p] = 0f;
        if (vae != null) {
            encoderState.putRow(p, Nd4j.zeros(encoderState.dataType(), encoderState.size(1)));
            posteriors[p] = vae.encoder().prior(1).toDoubleVector();
            double[] task = Evaluator.taskOf(r.info());
            tasks[p] = pretraining() ? toFloat(task) : agent.beliefInput(posteriors[p]);
            recorders[p].clear(task == null ? null : toFloat(task));
        } else {
            tasks[p] = agent.taskInput(Evaluator.taskOf(r.info()));
        }
        starting[p] = true;
        trialReturns[p] = 0;
        actionsSinceReset.get(p).clear();
    }

    @Override
    public double train(ProgressSink sink, LongConsumer boundary) {
        long totalUpdates = config.totalSteps() / config.framesPerUpdate();
        double lastEval = Double.NaN;
        Map<Column, Double> row = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        while (updates < totalUpdates) {
            Rollout rollout = collect();
            long u0 = System.nanoTime();
            if (!precollecting()) {
                boolean metaPhase = !pretraining();
                optimise(rollout);
                if (metaPhase) {
                    trainVae();
                }
            }
            updateObservationStatistics(rollout);
            updateLatentStatistics(rollout);
            long spent = System.nanoTime() - u0;
            updateNanos += spent;
            stats.addUpdate(spent);
            updates++;
            if (pretrain != null && updates == config.inference().pretrainUpdates()) {
                endPretraining();
            }
            if (updates % config.logEvery() == 0) {
                stats.flushInto(row, config.logEvery() * config.framesPerUpdate(), POLICY_LOSS, VALUE_LOSS, ENTROPY,
                        VAE_LOSS, VAE_RECONSTRUCTION, VAE_KL, TASK_LOSS);
                row.put(UPDATES, (double) updates);
                row.put(Columns.EPISODES, (double) trials);
                if (trialReturnCount > 0) {
                    row.put(Columns.EPISODE_RETURN, trialReturnSum / trialReturnCount);
                }
                trialReturnSum = 0;
                trialReturnCount = 0;
            }
            if (config.evalEvery() > 0 && updates % config.evalEvery() == 0) {
                EvalResult result = evaluator.evaluate(agent, config.evalEpisodes());
                lastEval = result.mean();
                row.put(Columns.EVAL_RETURN, lastEval);
                for (int k = 0; k < EVAL_EPISODES.size(); k++) {
                    double mean = result.meanOfInner(k);
                    if (!Double.isNaN(mean)) {
                        row.put(EVAL_EPISODES.get(k), mean);
                    }
                }
            }
            if (!row.isEmpty()) {
                row.put(Columns.TIME_S, (System.nanoTime() - t0) / 1e9);
                sink.record(step(), Map.copyOf(row));
                row.clear();
            }
            boundary.accept(step());
        }
        return lastEval;
    }

    /**
     * Whether the run is still precollecting (methods with task inference): the rollout just collected ends at or
     * before {@code inference.precollectFrames}, so neither the policy nor the VAE is updated.
     */
    private boolean precollecting() {
        return vae != null && (updates + 1) * config.framesPerUpdate() <= config.inference().precollectFrames();
    }

    /** The VAE's ELBO steps after a PPO update. */
    private void trainVae() {
        if (vae == null || buffer.size() == 0) {
            return;
        }
        for (int k = 0; k < config.inference().updatesPerIteration(); k++) {
            Vae.Terms terms = vae.update(buffer, vaeRng, step());
            stats.add(VAE_LOSS, terms.loss());
            stats.add(VAE_RECONSTRUCTION, terms.reconstruction());
            stats.add(VAE_KL, terms.kl());
        }
    }

    /**
     * Updates the posterior normaliser with this rollout's posteriors, then re-reads every process's current belief
     * with the current encoder head and normaliser (so that a run resumed from the checkpoint taken here continues
     * exactly).
     */
    private void updateLatentStatistics(Rollout r) {
        if (vae == null) {
            return;
        }
        if (config.inference().normaliseLatent()) {
            for (double[][] perStep : r.posteriors()) {
                for (double[] post : perStep) {
                    latentStats.update(post);
                }
            }
            agent.setLatentNormaliser(latentStats.mean(), latentStats.var());
        }
        refreshBeliefs();
    }

    /** Every process's posterior, and its task input outside TI's pre-training, from its encoder state. */
    private void refreshBeliefs() {
        double[][] post = vae.encoder().posterior(encoderState).toDoubleMatrix();
        boolean beliefs = !pretraining();
        for (int p = 0; p < processes; p++) {
            posteriors[p] = post[p];
            if (beliefs) {
                tasks[p] = agent.beliefInput(post[p]);
            }
        }
    }

    /**
     * Advances the encoders of processes whose trial goes on by their last transition ({@code prevActions},
     * {@code prevRewards}, {@code obs}); processes that start a trial keep the zero state and the prior.
     */
    private void advanceBeliefs() {
        double[][] next = new double[processes][];
        for (int p = 0; p < processes; p++) {
            next[p] = obs[p];
        }
        INDArray h = vae.encoder().step(agent.encoderInputs(prevActions, prevRewards, next), encoderState);
        for (int p = 0; p < processes; p++) {
            if (starting[p]) {
                h.putRow(p, encoderState.getRow(p));
            }
        }
        encoderState = h;
        double[][] post = vae.encoder().posterior(h).toDoubleMatrix();
        boolean beliefs = !pretraining();
        for (int p = 0; p < processes; p++) {
            if (!starting[p]) {
                posteriors[p] = post[p];
                if (beliefs) {
                    tasks[p] = agent.beliefInput(post[p]);
                }
            }
        }
    }

    /**
     * Wall time spent so far in this trainer (not checkpointed): the policy's acting passes (including the bootstrap
     * values), environment steps and resets, and updates (gradient steps and the normaliser update).
     */
    public record Timings(long actingNanos, long envNanos, long updateNanos) {
    }

    /** Where the wall time of {@link #train} went so far. */
    public Timings timings() {
        return new Timings(actingNanos, envNanos, updateNanos);
    }

    /** One rollout: per step and process the policy's inputs and what the update needs. */
    private record Rollout(float[][][] obsIn, float[][][] prevActions, float[][] prevRewards, float[][][] tasks,
                           float[][] starts, float[][][] actions, double[][] logProbs, double[][] values,
                           double[][] advantages, double[][] returns, double[][][] rawObs, INDArray h0,
                           double[][][] posteriors, float[][][] trueTasks) {
    }

    private Rollout collect() {
        float[][][] obsIn = new float[steps][processes][];
        float[][][] prevA = new float[steps][processes][];
        float[][] prevR = new float[steps][processes];
        float[][][] task = new float[steps][processes][];
        float[][] starts = new float[steps][processes];
        float[][][] actions = new float[steps][processes][];
        double[][] logProbs = new double[steps][processes];
        double[][] values = new double[steps][processes];
        double[][] rewards = new double[steps][processes];
        boolean[][] dones = new boolean[steps][processes];
        double[][][] rawObs = new double[steps][processes][];
        double[][][] post = new double[steps][processes][];
        float[][][] given = new float[steps][processes][];
        INDArray h0 = state == null ? null : state.dup();
        for (int t = 0; t < steps; t++) {
            for (int p = 0; p < processes; p++) {
                rawObs[t][p] = obs[p];
                obsIn[t][p] = agent.normalised(obs[p]);
                prevA[t][p] = prevActions[p].clone();
                prevR[t][p] = prevRewards[p];
                task[t][p] = tasks[p];
                post[t][p] = posteriors[p];
                given[t][p] = trueTasks[p];
                starts[t][p] = starting[p] ? 1f : 0f;
            }
            long a0 = System.nanoTime();
            ActorCriticStepper.Step out = active().stepper().step(agent.inputs(obsIn[t], prevA[t], prevR[t], task[t]),
                    Nd4j.create(starts[t], new long[]{processes, 1}, 'c'), state);
            float[][] heads = out.head().toFloatMatrix();
            double[] v = out.value().reshape(processes).toDoubleVector();
            actingNanos += System.nanoTime() - a0;
            state = out.state();
            List<TimeOut> timedOut = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                PpoAgent.Choice c = agent.choose(heads[p], false, actRng, active().policy().logStd());
                actions[t][p] = c.netAction();
                logProbs[t][p] = c.logProb();
                values[t][p] = v[p];
                long e0 = System.nanoTime();
                StepResult r = envs[p].step(c.envAction());
                envNanos += System.nanoTime() - e0;
                actionsSinceReset.get(p).add(c.envAction());
                rewards[t][p] = normaliseReward(p, r.reward(), r.done());
                trialReturns[p] += r.reward();
                dones[t][p] = r.done();
                starting[p] = false;
                float[] netAction = agent.discrete() ? c.netAction() : PpoAgent.clip(c.netAction());
                float[] bootstrapTask = tasks[p];
                if (vae != null) {
                    record(p, netAction, r);
                    if (r.done()) {
                        if (!pretraining() || method.inference() == Methods.Inference.TI_PLUS) {
                            buffer.add(recorders[p].build());
                        }
                        if (r.truncated() && !r.terminated() && !pretraining()) {
                            bootstrapTask = beliefAfter(p, netAction, r);
                        }
                    }
                }
                if (r.done()) {
                    trials++;
                    trialReturnSum += trialReturns[p];
                    trialReturnCount++;
                    if (r.truncated() && !r.terminated()) {
                        timedOut.add(new TimeOut(p, agent.normalised(r.observation()), netAction, (float) r.reward(),
                                bootstrapTask));
                    }
                    long e1 = System.nanoTime();
                    newTrial(p);
                    envNanos += System.nanoTime() - e1;
                } else {
                    obs[p] = r.observation();
                    prevActions[p] = netAction;
                    prevRewards[p] = (float) r.reward();
                }
            }
            if (vae != null) {
                long a1 = System.nanoTime();
                advanceBeliefs();
                actingNanos += System.nanoTime() - a1;
            }
            if (!timedOut.isEmpty()) {
                long b0 = System.nanoTime();
                double[] bootstrap = valuesAfter(timedOut, out.state());
                actingNanos += System.nanoTime() - b0;
                for (int i = 0; i < timedOut.size(); i++) {
                    rewards[t][timedOut.get(i).process()] += config.gamma() * bootstrap[i];
                }
            }
        }
        long l0 = System.nanoTime();
        double[] last = valuesOfCurrent();
        actingNanos += System.nanoTime() - l0;
        double[][][] gae = Gae.compute(rewards, values, dones, last, config.gamma(), config.lambda());
        normaliseInPlace(gae[0]);
        return new Rollout(obsIn, prevA, prevR, task, starts, actions, logProbs, values, gae[0], gae[1], rawObs, h0,
                post, given);
    }

    /** Records process {@code p}'s transition from {@code obs[p]} for the VAE. */
    private void record(int p, float[] netAction, StepResult r) {
        Object cell = r.info().get(GoalCells.INFO_CELL);
        Object goal = r.info().get(GoalCells.INFO_ON_GOAL);
        recorders[p].add(obs[p], netAction, r.reward(), r.observation(), cell instanceof Integer i ? i : -1,
                Boolean.TRUE.equals(goal));
    }

    /** The task input after a trial's last transition (for the value bootstrap of a trial cut by a time limit). */
    private float[] beliefAfter(int p, float[] netAction, StepResult r) {
        INDArray h = vae.encoder().step(agent.encoderInputs(new float[][]{netAction}, new float[]{(float) r.reward()},
                new double[][]{r.observation()}), encoderState.getRow(p).reshape(1, encoderState.size(1)));
        return agent.beliefInput(vae.encoder().posterior(h).toDoubleVector());
    }

    /** A trial cut by a time limit: what the policy would see after its last step. */
    private record TimeOut(int process, float[] obs, float[] prevAction, float prevReward, float[] task) {
    }

    /**
     * Values of the final observations of trials cut by a time limit (their bootstrap), from the recurrent state after
     * their last step, with that step's action and raw reward as the previous action and reward.
     */
    private double[] valuesAfter(List<TimeOut> cut, INDArray stateAfter) {
        int n = cut.size();
        float[][] o = new float[n][];
        float[][] a = new float[n][];
        float[] r = new float[n];
        float[][] tk = new float[n][];
        INDArray h = stateSize == 0 ? null : Nd4j.create(DataType.FLOAT, n, stateSize);
        for (int i = 0; i < n; i++) {
            TimeOut c = cut.get(i);
            o[i] = c.obs();
            a[i] = c.prevAction();
            r[i] = c.prevReward();
            tk[i] = c.task();
            if (h != null) {
                h.putRow(i, stateAfter.getRow(c.process()));
            }
        }
        ActorCriticStepper.Step s = active().stepper().step(agent.inputs(o, a, r, tk), Nd4j.zeros(DataType.FLOAT, n, 1),
                h);
        return s.value().reshape(n).toDoubleVector();
    }

    /** Values of the processes' current observations with the current state (the bootstrap after the rollout). */
    private double[] valuesOfCurrent() {
        float[][] o = new float[processes][];
        float[] start = new float[processes];
        for (int p = 0; p < processes; p++) {
            o[p] = agent.normalised(obs[p]);
            start[p] = starting[p] ? 1f : 0f;
        }
        ActorCriticStepper.Step s = active().stepper().step(agent.inputs(o, prevActions, prevRewards, tasks),
                Nd4j.create(start, new long[]{processes, 1}, 'c'), state);
        return s.value().reshape(processes).toDoubleVector();
    }

    private double normaliseReward(int p, double reward, boolean done) {
        if (!config.normaliseRewards()) {
            return reward;
        }
        discountedReturns[p] = discountedReturns[p] * config.gamma() + reward;
        returnStats.update(new double[]{discountedReturns[p]});
        double r = reward / Math.sqrt(returnStats.var()[0] + RETURN_EPS);
        if (done) {
            discountedReturns[p] = 0;
        }
        return Math.max(-REWARD_CLIP, Math.min(REWARD_CLIP, r));
    }

    private static void normaliseInPlace(double[][] a) {
        double sum = 0;
        int n = 0;
        for (double[] row : a) {
            for (double v : row) {
                sum += v;
                n++;
            }
        }
        double mean = sum / n;
        double ss = 0;
        for (double[] row : a) {
            for (double v : row) {
                ss += (v - mean) * (v - mean);
            }
        }
        double std = Math.sqrt(ss / Math.max(1, n - 1));
        for (double[] row : a) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (row[i] - mean) / (std + 1e-5);
            }
        }
    }

    /** Epochs x minibatches of whole sequences through {@link PpoLoss}. */
    private void optimise(Rollout r) {
        int perBatch = processes / config.minibatches();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            int[] order = permutation(processes);
            for (int m = 0; m < config.minibatches(); m++) {
                int[] idx = java.util.Arrays.copyOfRange(order, m * perBatch, (m + 1) * perBatch);
                Map<String, INDArray> feeds = feeds(r, idx);
                PpoLoss loss = active().loss();
                Graph.Gradients g = GuardedStep.minimise(active().optimiser(), wrt -> loss.gradients(feeds, wrt,
                        loss.reported), "policy", step());
                if (loss.taskLoss != null) {
                    stats.add(TASK_LOSS, g.outputs().get(loss.taskLoss.name()).getDouble(0));
                }
                stats.add(POLICY_LOSS, g.outputs().get(loss.policyLoss.name()).getDouble(0));
                stats.add(VALUE_LOSS, g.outputs().get(loss.valueLoss.name()).getDouble(0));
                stats.add(ENTROPY, g.outputs().get(loss.entropy.name()).getDouble(0));
            }
        }
        agent.refresh();
    }

    /** The loss graph's feeds for the sequences of processes {@code idx} (whole-rollout rows ordered t * B + b). */
    Map<String, INDArray> feeds(Rollout r, int[] idx) {
        Map<String, INDArray> f = new HashMap<>();
        int b = idx.length;
        float[][] act = new float[steps * b][];
        float[] lp = new float[steps * b];
        float[] adv = new float[steps * b];
        float[] ret = new float[steps * b];
        float[] val = new float[steps * b];
        float[][] given = envTaskDim > 0 ? new float[steps * b][] : null;
        for (int t = 0; t < steps; t++) {
            float[][] o = new float[b][];
            float[][] pa = new float[b][];
            float[] pr = new float[b];
            float[][] tk = new float[b][];
            float[] st = new float[b];
            for (int i = 0; i < b; i++) {
                int p = idx[i];
                int row = t * b + i;
                o[i] = r.obsIn()[t][p];
                pa[i] = r.prevActions()[t][p];
                pr[i] = r.prevRewards()[t][p];
                tk[i] = r.tasks()[t][p];
                st[i] = r.starts()[t][p];
                act[row] = r.actions()[t][p];
                lp[row] = (float) r.logProbs()[t][p];
                adv[row] = (float) r.advantages()[t][p];
                ret[row] = (float) r.returns()[t][p];
                val[row] = (float) r.values()[t][p];
                if (given != null) {
                    given[row] = r.trueTasks()[t][p];
                }
            }
            String suffix = "_" + t;
            agent.inputs(o, pa, pr, tk).forEach((name, x) -> f.put(name + suffix, x));
            f.put("start_" + t, column(st));
        }
        f.put(PpoLoss.ACTION, Nd4j.create(act));
        f.put(PpoLoss.LOG_PROB, column(lp));
        f.put(PpoLoss.ADVANTAGE, column(adv));
        f.put(PpoLoss.RETURN, column(ret));
        f.put(PpoLoss.VALUE, column(val));
        if (given != null) {
            f.put(PpoLoss.TRUE_TASK, Nd4j.create(given));
        }
        if (stateSize > 0) {
            INDArray h0 = Nd4j.create(DataType.FLOAT, b, stateSize);
            for (int i = 0; i < b; i++) {
                h0.putRow(i, r.h0().getRow(idx[i]));
            }
            f.put(PpoLoss.H0, h0);
        }
        return f;
    }

    /**
     * Collects one rollout and returns the mean {@code |ratio - 1|} of its first minibatch before any update: zero up
     * to float rounding, since the rollout's log-probabilities come from the same parameters (a diagnostic for tests).
     */
    double firstMinibatchRatioDeviation() {
        Rollout r = collect();
        PpoLoss loss = active().loss();
        return loss.run(feeds(r, firstMinibatch()), loss.ratioDeviation).getDouble(0);
    }

    /**
     * Collects one rollout and returns the loss and the outputs {@code policy, value, entropy[, task]} of its first
     * minibatch before any update, without changing the parameters (for tests).
     */
    Graph.Gradients firstMinibatchLoss() {
        Rollout r = collect();
        PpoLoss loss = active().loss();
        return loss.gradients(feeds(r, firstMinibatch()), active().optimiser().parameters(), loss.reported);
    }

    /** The processes of the first minibatch of an unshuffled epoch: {@code 0 .. processes / minibatches - 1}. */
    private int[] firstMinibatch() {
        return java.util.stream.IntStream.range(0, processes / config.minibatches()).toArray();
    }

    /** The meta-policy's PPO loss (for tests). */
    PpoLoss metaLoss() {
        return meta.loss();
    }

    private static INDArray column(float[] v) {
        return Nd4j.create(v, new long[]{v.length, 1}, 'c');
    }

    private int[] permutation(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = sampleRng.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
        return a;
    }

    private void updateObservationStatistics(Rollout r) {
        if (!config.normaliseObservations()) {
            return;
        }
        for (double[][] perStep : r.rawObs()) {
            for (double[] o : perStep) {
                obsStats.update(o);
            }
        }
        agent.setNormaliser(obsStats.mean(), obsStats.var());
    }

    @Override
    public void saveCheckpoint(Path file, Map<String, String> metadata) throws IOException {
        Parameter bad = params.firstNonFinite();
        if (bad != null) {
            throw new NonFiniteException("parameter " + bad.name(), step());
        }
        Map<String, INDArray> extra = new LinkedHashMap<>(stats.save());
        extra.put("counters", Nd4j.createFromArray(updates, trials, envRng.state(), actRng.state(), sampleRng.state(),
                evaluator.rng().state()));
        extra.put("trial_return_acc", Nd4j.createFromArray(trialReturnSum, (double) trialReturnCount));
        RunningMeanStd.State os = obsStats.state();
        extra.put("obs_stats", Nd4j.createFromArray(concat(os.mean(), os.var(), new double[]{os.count()})));
        RunningMeanStd.State rs = returnStats.state();
        extra.put("return_stats", Nd4j.createFromArray(rs.mean()[0], rs.var()[0], rs.count()));
        extra.put("reset_seeds", Nd4j.createFromArray(resetSeeds));
        extra.put("discounted_returns", Nd4j.createFromArray(discountedReturns));
        extra.put("trial_returns", Nd4j.createFromArray(trialReturns));
        for (int p = 0; p < processes; p++) {
            List<double[]> acts = actionsSinceReset.get(p);
            double[] flat = new double[acts.size() * actionWidth()];
            for (int i = 0; i < acts.size(); i++) {
                System.arraycopy(acts.get(i), 0, flat, i * actionWidth(), actionWidth());
            }
            extra.put("actions/" + p, Nd4j.createFromArray(flat.length == 0 ? new double[]{Double.NaN} : flat));
            extra.put("prev/" + p, Nd4j.createFromArray(concat(toDouble(prevActions[p]),
                    new double[]{prevRewards[p], starting[p] ? 1 : 0})));
        }
        if (state != null) {
            extra.put("state", state);
        }
        Map<String, org.hyperrl.core.optim.Optimizer> optimisers = new LinkedHashMap<>();
        optimisers.put(PpoAgent.POLICY, meta.optimiser());
        if (pretrain != null) {
            optimisers.put(PRETRAIN, pretrain.optimiser());
        }
        if (vae != null) {
            optimisers.put(Vae.GROUP, vae.optimiser());
            extra.put("vae/encoder_state", encoderState);
            extra.put("vae/rng", Nd4j.createFromArray(vaeRng.state()));
            RunningMeanStd.State ls = latentStats.state();
            extra.put("vae/latent_stats", Nd4j.createFromArray(concat(ls.mean(), ls.var(), new double[]{ls.count()})));
            extra.putAll(buffer.save("vae/buffer/"));
            // the trials under way, as recorded so far
            TrajectoryBuffer partial = new TrajectoryBuffer(processes);
            long[] which = new long[processes + 1];
            for (int p = 0; p < processes; p++) {
                if (recorders[p].length() > 0) {
                    partial.add(recorders[p].build());
                    which[(int) (1 + which[0]++)] = p;
                }
            }
            extra.putAll(partial.save("vae/partial/"));
            extra.put("vae/partial_processes", Nd4j.createFromArray(which));
        }
        Checkpoints.save(file, params, optimisers, extra, metadata);
    }

    @Override
    public Map<String, String> loadCheckpoint(Path file) throws IOException {
        Map<String, org.hyperrl.core.optim.Optimizer> optimisers = new LinkedHashMap<>();
        optimisers.put(PpoAgent.POLICY, meta.optimiser());
        if (pretrain != null) {
            optimisers.put(PRETRAIN, pretrain.optimiser());
        }
        if (vae != null) {
            optimisers.put(Vae.GROUP, vae.optimiser());
        }
        TensorFile tf = Checkpoints.loadWithExtras(file, params, optimisers);
        Map<String, INDArray> x = tf.arrays();
        if (x.get("counters") == null || x.get("reset_seeds") == null) {
            throw new IllegalArgumentException("checkpoint " + file + " has no PPO run state");
        }
        stats.restore(x, PpoAlgorithm.COLUMNS);
        long[] c = x.get("counters").toLongVector();
        updates = c[0];
        trials = c[1];
        envRng.restore(c[2]);
        actRng.restore(c[3]);
        sampleRng.restore(c[4]);
        evaluator.rng().restore(c[5]);
        double[] acc = x.get("trial_return_acc").toDoubleVector();
        trialReturnSum = acc[0];
        trialReturnCount = (long) acc[1];
        double[] os = x.get("obs_stats").toDoubleVector();
        obsStats.restore(new RunningMeanStd.State(java.util.Arrays.copyOfRange(os, 0, obsDim),
                java.util.Arrays.copyOfRange(os, obsDim, 2 * obsDim), os[2 * obsDim]));
        double[] rs = x.get("return_stats").toDoubleVector();
        returnStats.restore(new RunningMeanStd.State(new double[]{rs[0]}, new double[]{rs[1]}, rs[2]));
        long[] seeds = x.get("reset_seeds").toLongVector();
        double[] disc = x.get("discounted_returns").toDoubleVector();
        double[] trialRet = x.get("trial_returns").toDoubleVector();
        for (int p = 0; p < processes; p++) {
            resetSeeds[p] = seeds[p];
            startTrial(p, envs[p].reset(seeds[p]));
            double[] flat = x.get("actions/" + p).toDoubleVector();
            int n = Double.isNaN(flat[0]) ? 0 : flat.length / actionWidth();
            for (int i = 0; i < n; i++) {
                double[] a = java.util.Arrays.copyOfRange(flat, i * actionWidth(), (i + 1) * actionWidth());
                obs[p] = envs[p].step(a).observation();
                actionsSinceReset.get(p).add(a);
            }
            double[] prev = x.get("prev/" + p).toDoubleVector();
            for (int i = 0; i < actionSize; i++) {
                prevActions[p][i] = (float) prev[i];
            }
            prevRewards[p] = (float) prev[actionSize];
            starting[p] = prev[actionSize + 1] == 1;
            discountedReturns[p] = disc[p];
            trialReturns[p] = trialRet[p];
        }
        if (stateSize > 0) {
            state.assign(x.get("state"));
        }
        agent.refresh();
        if (vae != null) {
            encoderState.assign(x.get("vae/encoder_state"));
            vaeRng.restore(x.get("vae/rng").toLongVector()[0]);
            int w = 2 * config.inference().latentDim();
            double[] ls = x.get("vae/latent_stats").toDoubleVector();
            latentStats.restore(new RunningMeanStd.State(java.util.Arrays.copyOfRange(ls, 0, w),
                    java.util.Arrays.copyOfRange(ls, w, 2 * w), ls[2 * w]));
            buffer.restore(x, "vae/buffer/", obsDim, actionSize);
            TrajectoryBuffer partial = new TrajectoryBuffer(processes);
            partial.restore(x, "vae/partial/", obsDim, actionSize);
            long[] which = x.get("vae/partial_processes").toLongVector();
            for (int i = 0; i < which[0]; i++) {
                recorders[(int) which[1 + i]].load(partial.get(i));
            }
            refreshBeliefs();
        }
        return tf.metadata();
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private int actionWidth() {
        return agent.discrete() ? 1 : actionSize;
    }

    private static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int i = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public PpoAgent agent() {
        return agent;
    }

    /** Environment frames over all processes. */
    @Override
    public long step() {
        return updates * config.framesPerUpdate();
    }

    public PpoConfig config() {
        return config;
    }

    /** The VAE of a method with task inference, else {@code null}. */
    Vae vae() {
        return vae;
    }

    /**
     * Task inference's error on the newest {@code n} trials of the buffer: the mean over them of
     * {@code ||target(c) - decoder(mu_T)||^2} at the end of the trial (posterior mean), and, second, the same error of
     * always predicting the trials' mean target (what a posterior that ignores the trial achieves at best).
     */
    double[] taskInferenceError(int n) {
        List<float[]> targets = new ArrayList<>();
        List<double[]> predictions = new ArrayList<>();
        for (Trajectory t : buffer.newest(n)) {
            float[] target = vae.taskTarget(t.task());
            INDArray h = vae.encoder().zeroState(1);
            Map<String, INDArray> in = new HashMap<>();
            in.put(TrajectoryEncoder.ACTION, Nd4j.create(t.actions(), new long[]{t.length(), actionSize}, 'c'));
            in.put(TrajectoryEncoder.REWARD, Nd4j.create(t.rewards(), new long[]{t.length(), 1}, 'c'));
            in.put(TrajectoryEncoder.NEXT_OBS, Nd4j.create(t.nextObs(), new long[]{t.length(), obsDim}, 'c'));
            INDArray hs = vae.encoder().encode(in, t.length(), h).output();
            INDArray post = vae.encoder().posterior(hs.getRow(t.length() - 1).reshape(1, hs.size(1)));
            INDArray mean = post.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, config.inference().latentDim()));
            targets.add(target);
            predictions.add(vae.predictTask(mean));
        }
        int w = targets.get(0).length;
        double[] avg = new double[w];
        for (float[] t : targets) {
            for (int k = 0; k < w; k++) {
                avg[k] += t[k] / targets.size();
            }
        }
        double err = 0;
        double base = 0;
        for (int i = 0; i < targets.size(); i++) {
            for (int k = 0; k < w; k++) {
                err += Math.pow(targets.get(i)[k] - predictions.get(i)[k], 2);
                base += Math.pow(targets.get(i)[k] - avg[k], 2);
            }
        }
        return new double[]{err / targets.size(), base / targets.size()};
    }

    /** The VAE's trajectory buffer, or {@code null}. */
    TrajectoryBuffer trajectoryBuffer() {
        return buffer;
    }
}
