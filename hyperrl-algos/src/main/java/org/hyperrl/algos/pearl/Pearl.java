package org.hyperrl.algos.pearl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.hyperrl.algos.common.IntervalStats;
import org.hyperrl.algos.common.OffPolicyState;
import org.hyperrl.algos.common.NonFiniteException;
import org.hyperrl.algos.common.ReplayBuffer;
import org.hyperrl.algos.common.Rng;
import org.hyperrl.core.inference.ContextEncoder;
import org.hyperrl.core.io.Checkpoints;
import org.hyperrl.core.io.TensorFile;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.optim.AdamOptimizer;
import org.hyperrl.core.optim.NonFiniteGradientException;
import org.hyperrl.core.optim.Polyak;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.Split;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TaskDistribution;
import org.hyperrl.envs.meta.TrialWrapper;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PEARL (Rakelly et al. 2019; the schedule of katerakelly/oyster) and Hyper-PEARL (Sarafian et al. 2021):
 * <pre>
 * before the first iteration: for every training task, collect initialSteps with z ~ prior into both buffers
 * every iteration:
 *     for tasksPerIteration training tasks i (uniform):
 *         clear the encoder buffer of i
 *         collect priorSteps with z ~ N(0, I)                      -> RL buffer i and encoder buffer i
 *         collect posteriorSteps with z ~ q(z | c), c ~ encoder buffer i -> both buffers
 *         collect extraPosteriorSteps with z ~ q(z | c)             -> RL buffer i only
 *     trainStepsPerIteration times, for a meta-batch of training tasks (with replacement, as oyster):
 *         c_i ~ encoder buffer i; (s, a, r, s', d) ~ RL buffer i; z_i = mu_i + sigma_i eps  (product of Gaussians)
 *         y = rewardScale r + gamma (1 - d) V_target(s', z_i)
 *         minimise sum_k mean (Q_k(s, a, z_i) - y)^2 + klWeight KL(q(z | c_i) || N(0, I))
 *                  over Q1, Q2 (critic lr) and the encoder (context lr)
 *         a~ ~ pi(. | s, z_i) with z_i held fixed;  m = min_k Q_k(s, a~, z_i)
 *         minimise mean (V(s, z_i) - stop(m - log pi(a~|s)))^2 over V
 *         minimise mean (log pi(a~|s) - m) + meanReg mean(mu^2) + stdReg mean(log sigma^2) over the policy
 *         V_target <- tau V + (1 - tau) V_target
 *     every evalEvery iterations, on each test task: trajectories collected online, the first
 *     explorationTrajectories with z ~ prior, then with z from the posterior of everything collected on the task so
 *     far (resampled after each trajectory); eval_return is the mean return of the last trajectory
 * </pre>
 * Every collected trajectory draws a new {@code z}; a collection phase starts with {@code z} from the prior, as
 * oyster's does. The encoder is trained by the Bellman and KL losses only (the policy and V read {@code z} as a
 * constant). One run step is one environment transition of training collection (evaluation is not counted).
 */
public final class Pearl implements Trainer {
    /** Scopes and groups of the parameters. */
    static final String ACTOR = "actor";
    static final String CONTEXT = "context";
    private static final String CRITIC = "critic";
    private static final String VALUE = "value";
    private static final String VALUE_TARGET = "value_target";

    public static final Column ITERATION = new Column("iteration", "PEARL iterations finished");
    public static final Column VALUE_LOSS = new Column("value_loss", "mean V loss since the previous row");
    public static final Column KL = new Column("kl", "mean KL(q(z|c) || N(0, I)) summed over a meta-batch's tasks");
    public static final Column EVAL_PRIOR_RETURN = new Column("eval_prior_return",
            "mean return of the first evaluation trajectory of the test tasks, z from the prior (before adaptation)");
    /** Every column PEARL writes. */
    public static final List<Column> COLUMNS = List.of(Columns.STEP, ITERATION, Columns.EPISODES,
            Columns.EPISODE_RETURN, Columns.EVAL_RETURN, EVAL_PRIOR_RETURN, Columns.CRITIC_LOSS, VALUE_LOSS,
            Columns.ACTOR_LOSS, KL, Columns.ENV_STEPS_PER_S, Columns.UPDATE_MS, Columns.TIME_S);

    private final PearlConfig config;
    private final Env env;
    private final TrialWrapper trial;
    private final Env evalEnv;
    private final List<Task> trainTasks;
    private final List<Task> testTasks;
    private final int obsDim;
    private final int actDim;
    private final int latentDim;
    private final int taskDim;

    private final Parameters params;
    private final PearlAgent agent;
    private final PearlCritic q1;
    private final PearlCritic q2;
    private final PearlCritic v;
    private final PearlCritic vTarget;
    private final AdamOptimizer actorOptimiser;
    private final AdamOptimizer criticOptimiser;
    private final AdamOptimizer valueOptimiser;
    private final AdamOptimizer contextOptimiser;
    private final List<Parameter> criticAndContext;

    private final Graph posteriorGraph;
    private final SDVariable posteriorZ;
    private final Graph targetGraph;
    private final SDVariable targetY;
    private final Graph criticGraph;
    private final SDVariable criticKl;
    private final Graph policyGraph;
    private final SDVariable policyValueTarget;
    private final Graph valueGraph;

    private final ReplayBuffer[] rlBuffers;
    private final ReplayBuffer[] encoderBuffers;
    private final Rng envRng;
    private final Rng noiseRng;
    private final Rng sampleRng;
    private final Rng evalRng;
    private final IntervalStats stats = new IntervalStats();
    private final Map<String, Long> phaseNanos = new java.util.TreeMap<>();

    private long step;
    private long iteration;
    private long episodes;
    private long updates;
    private double returnSum;
    private long returnCount;

    /** Builds PEARL on the context's environments (train tasks for collection, test tasks for evaluation). */
    public Pearl(TrainingContext context, PearlConfig config) {
        this(context.trainEnv(), context.testEnv(), config, context.seed());
    }

    /**
     * @param env     a meta-RL family with one episode per trial ({@code episodesPerTrial = 1})
     * @param evalEnv the same family for evaluation (its tasks are set from the test list)
     * @throws IllegalArgumentException if the env has no task distribution, runs several episodes per trial, or has
     *                                  fewer training tasks than a meta-batch
     */
    public Pearl(Env env, Env evalEnv, PearlConfig config, long seed) {
        this.config = config;
        this.env = env;
        this.evalEnv = evalEnv;
        this.trial = trialOf(env);
        trialOf(evalEnv);
        List<List<Task>> lists = taskLists(trial, config);
        this.trainTasks = lists.get(0);
        this.testTasks = lists.get(1);
        TaskDistribution dist = trial.metaEnv().taskDistribution();
        if (!config.metaBatchWithReplacement() && config.metaBatch() > trainTasks.size()) {
            throw new IllegalArgumentException("PEARL meta-batch " + config.metaBatch() + " is larger than the "
                    + trainTasks.size() + " training tasks of this env while tasks are drawn without replacement: lower "
                    + "metaBatch (--set metaBatch=" + trainTasks.size() + "), use more training tasks or draw with "
                    + "replacement (--set metaBatchWithReplacement=true)");
        }
        Rng root = new Rng(seed);
        this.params = new Parameters(DataType.FLOAT, root.nextLong());
        this.taskDim = dist.taskDimension();
        this.agent = new PearlAgent(params, env.observationSpace(), env.actionSpace(), taskDim, config);
        this.obsDim = ((org.hyperrl.envs.Box) env.observationSpace()).low().length;
        this.actDim = agent.scaling().dim();
        this.latentDim = config.latentDim();
        this.q1 = new PearlCritic(params, "q1", CRITIC, config, obsDim, actDim, latentDim);
        this.q2 = new PearlCritic(params, "q2", CRITIC, config, obsDim, actDim, latentDim);
        this.v = new PearlCritic(params, "v", VALUE, config, obsDim, 0, latentDim);
        this.vTarget = new PearlCritic(params, "v_target", VALUE_TARGET, config, obsDim, 0, latentDim);
        Polyak.update(vTarget.parameters(), v.parameters(), 1.0);
        this.actorOptimiser = new AdamOptimizer(params.group(ACTOR), config.actorLr(), 0);
        this.criticOptimiser = new AdamOptimizer(params.group(CRITIC), config.criticLr(), 0);
        this.valueOptimiser = new AdamOptimizer(params.group(VALUE), config.valueLr(), 0);
        this.contextOptimiser = new AdamOptimizer(params.group(CONTEXT), config.contextLr(), 0);
        this.criticAndContext = new ArrayList<>(params.group(CRITIC));
        criticAndContext.addAll(params.group(CONTEXT));

        int tasks = config.metaBatch();
        int contextDim = agent.encoder().inputDim();
        ContextEncoder encoder = agent.encoder();
        // z for a meta-batch (no gradient): the same draw as inside the critic graph, which repeats it
        posteriorGraph = new Graph(params, p -> false).checkInputs(false);
        {
            ContextEncoder.Posterior post = encoder.posterior(posteriorGraph, posteriorGraph.input("context", contextDim),
                    posteriorGraph.input("groups", tasks * config.contextBatch()));
            posteriorZ = ContextEncoder.sample(posteriorGraph.sd(), post, posteriorGraph.input("eps_z", latentDim));
        }
        targetGraph = new Graph(params, p -> false).checkInputs(false);
        {
            SDVariable zRows = targetGraph.input("expand", tasks).mmul(targetGraph.input("z", latentDim));
            SDVariable next = vTarget.v(targetGraph, targetGraph.input("s2", obsDim), zRows);
            targetY = targetGraph.input("r", 1).mul(config.rewardScale())
                    .add(targetGraph.input("notDone", 1).mul(config.discount()).mul(next));
        }
        criticGraph = new Graph(params, p -> p.group().equals(CRITIC) || p.group().equals(CONTEXT)).checkInputs(false);
        {
            SameDiff sd = criticGraph.sd();
            ContextEncoder.Posterior post = encoder.posterior(criticGraph, criticGraph.input("context", contextDim),
                    criticGraph.input("groups", tasks * config.contextBatch()));
            SDVariable z = ContextEncoder.sample(sd, post, criticGraph.input("eps_z", latentDim));
            SDVariable zRows = criticGraph.input("expand", tasks).mmul(z);
            SDVariable s = criticGraph.input("s", obsDim);
            SDVariable a = criticGraph.input("a", actDim);
            SDVariable y = criticGraph.input("y", 1);
            SDVariable e1 = q1.q(criticGraph, s, a, zRows).sub(y);
            SDVariable e2 = q2.q(criticGraph, s, a, zRows).sub(y);
            criticKl = ContextEncoder.klToPrior(sd, post);
            criticGraph.setLoss(e1.mul(e1).mean().add(e2.mul(e2).mean()).add(criticKl.mul(config.klWeight())));
        }
        policyGraph = new Graph(params, p -> p.group().equals(ACTOR)).checkInputs(false);
        {
            SameDiff sd = policyGraph.sd();
            SDVariable s = policyGraph.input("s", obsDim);
            SDVariable expand = policyGraph.input("expand", tasks);
            SDVariable zTasks = policyGraph.input("z", latentDim);
            SDVariable zRows = expand.mmul(zTasks);
            SDVariable cond = agent.oracle() ? policyGraph.input("task", taskDim) : zTasks;
            PearlPolicy.Sample smp = agent.policy().sample(policyGraph, s, cond, expand, tasks,
                    policyGraph.input("eps_a", actDim));
            SDVariable qMin = sd.math().min(q1.q(policyGraph, s, smp.action(), zRows),
                    q2.q(policyGraph, s, smp.action(), zRows));
            policyValueTarget = qMin.sub(smp.logProb());
            SDVariable loss = smp.logProb().sub(qMin).mean()
                    .add(smp.mean().mul(smp.mean()).mean().mul(config.policyMeanReg()))
                    .add(smp.logStd().mul(smp.logStd()).mean().mul(config.policyStdReg()));
            policyGraph.setLoss(loss);
        }
        valueGraph = new Graph(params, p -> p.group().equals(VALUE)).checkInputs(false);
        {
            SDVariable zRows = valueGraph.input("expand", tasks).mmul(valueGraph.input("z", latentDim));
            SDVariable e = v.v(valueGraph, valueGraph.input("s", obsDim), zRows).sub(valueGraph.input("vt", 1));
            valueGraph.setLoss(e.mul(e).mean());
        }

        rlBuffers = new ReplayBuffer[trainTasks.size()];
        encoderBuffers = new ReplayBuffer[trainTasks.size()];
        for (int i = 0; i < trainTasks.size(); i++) {
            rlBuffers[i] = new ReplayBuffer(config.bufferSize(), obsDim, actDim);
            encoderBuffers[i] = new ReplayBuffer(config.bufferSize(), obsDim, actDim);
        }
        this.envRng = root.split();
        this.noiseRng = root.split();
        this.sampleRng = root.split();
        this.evalRng = new Rng(seed + 100);
    }

    /**
     * The training and test task lists: the env's fixed lists, or for a sampled family {@code numTrainTasks} and
     * {@code numTestTasks} drawn once with {@code taskListSeed}.
     */
    static List<List<Task>> taskLists(TrialWrapper trial, PearlConfig config) {
        TaskDistribution dist = trial.metaEnv().taskDistribution();
        if (!dist.isFixed()) {
            dist = dist.withFixedLists(config.numTrainTasks(), config.numTestTasks(), config.taskListSeed());
        }
        return List.of(dist.tasks(Split.TRAIN), dist.tasks(Split.TEST));
    }

    static TrialWrapper trialOf(Env env) {
        TrialWrapper t = env.find(TrialWrapper.class).orElseThrow(() -> new IllegalArgumentException(
                "PEARL needs a meta-RL env with a task distribution (e.g. PointRobot, CheetahVel), got "
                        + env.unwrapped().getClass().getSimpleName()));
        if (t.episodesPerTrial() != 1) {
            throw new IllegalArgumentException("PEARL collects one episode per task draw, but this env runs "
                    + t.episodesPerTrial() + " episodes per trial: create it with episodesPerTrial=1 (on the command "
                    + "line: --set envOptions.episodesPerTrial=1)");
        }
        if (!(env.observationSpace() instanceof org.hyperrl.envs.Box)) {
            throw new IllegalArgumentException("PEARL needs a Box observation space, got " + env.observationSpace());
        }
        return t;
    }

    @Override
    public double train(ProgressSink sink, LongConsumer boundary) {
        double lastEval = Double.NaN;
        long t0 = System.nanoTime();
        long stepsAtRow = step;
        while (step < config.totalSteps()) {
            if (iteration == 0) {
                collectInitialData();
            }
            collectIterationData();
            for (int k = 0; k < config.trainStepsPerIteration(); k++) {
                long u0 = System.nanoTime();
                trainStep();
                stats.addUpdate(System.nanoTime() - u0);
            }
            agent.refresh();
            iteration++;
            Map<Column, Double> row = new LinkedHashMap<>();
            row.put(ITERATION, (double) iteration);
            row.put(Columns.EPISODES, (double) episodes);
            row.put(Columns.EPISODE_RETURN, returnCount > 0 ? returnSum / returnCount : Double.NaN);
            returnSum = 0;
            returnCount = 0;
            stats.flushInto(row, step - stepsAtRow, Columns.CRITIC_LOSS, VALUE_LOSS, Columns.ACTOR_LOSS, KL);
            stepsAtRow = step;
            if (iteration % config.evalEvery() == 0) {
                Evaluation e = evaluate();
                lastEval = e.finalReturn();
                row.put(Columns.EVAL_RETURN, lastEval);
                row.put(EVAL_PRIOR_RETURN, e.trajectoryReturns()[0]);
            }
            row.put(Columns.TIME_S, (System.nanoTime() - t0) / 1e9);
            sink.record(step, Map.copyOf(row));
            boundary.accept(step);
        }
        return lastEval;
    }

    /** Before the first iteration: {@code initialSteps} with {@code z} from the prior for every training task. */
    public void collectInitialData() {
        for (int i = 0; i < trainTasks.size(); i++) {
            collect(i, config.initialSteps(), false, true);
        }
    }

    /**
     * An iteration's data: for {@code tasksPerIteration} uniformly drawn training tasks, clears the task's encoder
     * buffer and collects the prior, posterior and extra posterior steps.
     *
     * @return the tasks drawn
     */
    public int[] collectIterationData() {
        int[] drawn = new int[config.tasksPerIteration()];
        for (int k = 0; k < drawn.length; k++) {
            int i = sampleRng.nextInt(trainTasks.size());
            drawn[k] = i;
            encoderBuffers[i].clear();
            collect(i, config.priorSteps(), false, true);
            collect(i, config.posteriorSteps(), true, true);
            collect(i, config.extraPosteriorSteps(), true, false);
        }
        return drawn;
    }

    /**
     * Collects at least {@code n} transitions of training task {@code i} in whole episodes, each with a new {@code z}:
     * the first from the prior, later ones ({@code posterior}) from the posterior of a context batch of the task's
     * encoder buffer (the prior while that buffer is empty).
     */
    private void collect(int i, int n, boolean posterior, boolean toEncoder) {
        long t0 = System.nanoTime();
        Task task = trainTasks.get(i);
        int collected = 0;
        boolean first = true;
        while (collected < n) {
            float[] z = posterior && !first && encoderBuffers[i].size() > 0 ? posteriorSample(i)
                    : agent.encoder().newBelief().sample(noiseRng);
            float[] cond = agent.condition(z, task.vector());
            trial.setNextTask(task);
            double[] obs = env.reset(envRng.nextLong()).observation();
            double ret = 0;
            while (true) {
                float[] u = agent.normalisedAction(OffPolicyState.toFloat(obs, obsDim), cond, noiseRng);
                StepResult r = env.step(agent.scaling().toEnv(u));
                if (!Double.isFinite(r.reward())) {
                    throw new IllegalStateException("the env returned a non-finite reward (" + r.reward() + ") on task "
                            + task + " at training step " + step + ": check the env (PEARL cannot learn from it)");
                }
                double[] a = OffPolicyState.toDouble(u);
                rlBuffers[i].add(obs, a, r.reward(), r.observation(), r.terminated());
                if (toEncoder) {
                    encoderBuffers[i].add(obs, a, r.reward(), r.observation(), r.terminated());
                }
                ret += r.reward();
                obs = r.observation();
                step++;
                collected++;
                if (r.terminated() || r.truncated()) {
                    break;
                }
            }
            episodes++;
            returnSum += ret;
            returnCount++;
            first = false;
        }
        phaseNanos.merge("data collection", System.nanoTime() - t0, Long::sum);
    }

    /** Context rows {@code (s, a, r[, s'])} of {@code n} transitions drawn from task {@code i}'s encoder buffer. */
    float[] sampleContext(int i, int n) {
        return contextRows(encoderBuffers[i].sample(n, sampleRng));
    }

    /** {@code z} from the posterior of {@code contextBatch} transitions of task {@code i}'s encoder buffer. */
    private float[] posteriorSample(int i) {
        ContextEncoder.Belief belief = agent.encoder().newBelief();
        ReplayBuffer.Batch b = encoderBuffers[i].sample(config.contextBatch(), sampleRng);
        float[] rows = contextRows(b);
        int width = agent.encoder().inputDim();
        for (int k = 0; k < b.size(); k++) {
            belief.add(java.util.Arrays.copyOfRange(rows, k * width, (k + 1) * width));
        }
        return belief.sample(noiseRng);
    }

    /** One gradient step of the critics with the encoder, then of V and the policy, on a meta-batch of training tasks. */
    public void trainStep() {
        long t0 = System.nanoTime();
        MetaBatch batch = sampleMetaBatch();
        long t1 = System.nanoTime();
        updateCriticsAndEncoder(batch);
        long t2 = System.nanoTime();
        updatePolicyAndValue(batch);
        long t3 = System.nanoTime();
        Polyak.update(vTarget.parameters(), v.parameters(), config.tau());
        long t4 = System.nanoTime();
        phaseNanos.merge("meta-batch sampling and z", t1 - t0, Long::sum);
        phaseNanos.merge("critics + encoder", t2 - t1, Long::sum);
        phaseNanos.merge("policy + value", t3 - t2, Long::sum);
        phaseNanos.merge("target V", t4 - t3, Long::sum);
        updates++;
    }

    /**
     * Wall-clock nanoseconds spent in each phase since the trainer was built (data collection; per gradient step: the
     * meta-batch sampling with the posterior draw of {@code z}, the critic and encoder step, the policy and V step, the
     * target V average), for benchmarks.
     */
    public Map<String, Long> phaseNanos() {
        return Map.copyOf(phaseNanos);
    }

    /**
     * The arrays of one gradient step.
     *
     * @param context context transitions {@code [tasks * contextBatch, contextDim]}
     * @param groups  task membership of the context rows {@code [tasks, tasks * contextBatch]}
     * @param expand  task membership of the RL rows {@code [tasks * batch, tasks]}
     * @param epsZ    the normals of {@code z}'s reparameterised draw {@code [tasks, latent]}
     * @param z       the draw itself (computed from the above without gradient)
     * @param tasks   the true task vectors {@code [tasks, taskDim]} (read by the oracle)
     */
    record MetaBatch(INDArray context, INDArray groups, INDArray expand, INDArray epsZ, INDArray z, INDArray s,
                     INDArray a, INDArray r, INDArray s2, INDArray notDone, INDArray tasks) {
    }

    /** Samples a meta-batch of distinct training tasks with their context and RL batches, and draws {@code z}. */
    MetaBatch sampleMetaBatch() {
        int tasks = config.metaBatch();
        int b = config.batchSize();
        int nc = config.contextBatch();
        int[] chosen = metaBatchTasks(tasks);
        int contextDim = agent.encoder().inputDim();
        float[] context = new float[tasks * nc * contextDim];
        float[] s = new float[tasks * b * obsDim];
        float[] a = new float[tasks * b * actDim];
        float[] r = new float[tasks * b];
        float[] s2 = new float[tasks * b * obsDim];
        float[] notDone = new float[tasks * b];
        float[] taskRows = new float[tasks * taskDim];
        for (int t = 0; t < tasks; t++) {
            int i = chosen[t];
            float[] c = contextRows(encoderBuffers[i].sample(nc, sampleRng));
            System.arraycopy(c, 0, context, t * nc * contextDim, c.length);
            ReplayBuffer.Batch batch = rlBuffers[i].sample(b, sampleRng);
            copy(batch.s(), s, t * b * obsDim);
            copy(batch.a(), a, t * b * actDim);
            copy(batch.r(), r, t * b);
            copy(batch.s2(), s2, t * b * obsDim);
            copy(batch.notDone(), notDone, t * b);
            double[] tv = trainTasks.get(i).vector();
            for (int k = 0; k < taskDim; k++) {
                taskRows[t * taskDim + k] = (float) tv[k];
            }
        }
        INDArray contextArr = Nd4j.create(context, new long[]{(long) tasks * nc, contextDim}, 'c');
        INDArray groups = Nd4j.create(ContextEncoder.groups(tasks, nc), new long[]{tasks, (long) tasks * nc}, 'c');
        INDArray expand = Nd4j.create(ContextEncoder.groups(tasks, b), new long[]{tasks, (long) tasks * b}, 'c')
                .transpose().dup('c');
        INDArray epsZ = normals(tasks, latentDim);
        INDArray sArr = Nd4j.create(s, new long[]{(long) tasks * b, obsDim}, 'c');
        INDArray aArr = Nd4j.create(a, new long[]{(long) tasks * b, actDim}, 'c');

        INDArray z = posteriorGraph.run(Map.of("context", contextArr, "groups", groups, "eps_z", epsZ), posteriorZ);
        return new MetaBatch(contextArr, groups, expand, epsZ, z, sArr, aArr,
                Nd4j.create(r, new long[]{(long) tasks * b, 1}, 'c'), Nd4j.create(s2, new long[]{(long) tasks * b, obsDim},
                'c'), Nd4j.create(notDone, new long[]{(long) tasks * b, 1}, 'c'),
                Nd4j.create(taskRows, new long[]{tasks, taskDim}, 'c'));
    }

    /**
     * Minimises the twin Bellman errors to {@code y = rewardScale r + gamma (1 - d) V_target(s', z)} plus
     * {@code klWeight KL} over the Q networks and the encoder (which reaches the errors through {@code z}).
     */
    void updateCriticsAndEncoder(MetaBatch m) {
        INDArray y = targetGraph.run(Map.of("expand", m.expand(), "z", m.z(), "s2", m.s2(), "r", m.r(), "notDone",
                m.notDone()), targetY);
        Graph.Gradients g = criticGraph.gradients(Map.of("context", m.context(), "groups", m.groups(), "eps_z",
                m.epsZ(), "expand", m.expand(), "s", m.s(), "a", m.a(), "y", y), criticAndContext, criticKl);
        requireFinite(g.loss(), "critic");
        step(criticOptimiser, g, "critic");
        step(contextOptimiser, g, "context encoder");
        double kl = g.outputs().get(criticKl.name()).getDouble(0);
        stats.add(Columns.CRITIC_LOSS, g.loss() - config.klWeight() * kl);
        stats.add(KL, kl);
    }

    /**
     * Minimises the policy loss (with {@code z} fixed) and V's error to {@code min Q(s, a~, z) - log pi(a~|s)} from the
     * same policy sample.
     */
    void updatePolicyAndValue(MetaBatch m) {
        Map<String, INDArray> policyFeeds = new LinkedHashMap<>();
        policyFeeds.put("s", m.s());
        policyFeeds.put("expand", m.expand());
        policyFeeds.put("z", m.z());
        policyFeeds.put("eps_a", normals((int) m.s().size(0), actDim));
        if (agent.oracle()) {
            policyFeeds.put("task", m.tasks());
        }
        Graph.Gradients p = policyGraph.gradients(policyFeeds, actorOptimiser.parameters(), policyValueTarget);
        requireFinite(p.loss(), "policy");
        INDArray vt = p.outputs().get(policyValueTarget.name());
        Graph.Gradients vg = valueGraph.gradients(Map.of("s", m.s(), "expand", m.expand(), "z", m.z(), "vt", vt),
                valueOptimiser.parameters());
        requireFinite(vg.loss(), "value");
        step(actorOptimiser, p, "policy");
        step(valueOptimiser, vg, "value");
        stats.add(Columns.ACTOR_LOSS, p.loss());
        stats.add(VALUE_LOSS, vg.loss());
    }

    private void requireFinite(double loss, String what) {
        if (!Double.isFinite(loss)) {
            throw new NonFiniteException(what + " loss", step);
        }
    }

    private void step(AdamOptimizer optimiser, Graph.Gradients g, String what) {
        try {
            optimiser.step(g.byParameter());
        } catch (NonFiniteGradientException e) {
            throw new NonFiniteException(what + " gradient", step);
        }
    }

    /**
     * {@code n} training task indices, uniformly with replacement or ({@code metaBatchWithReplacement = false}) distinct
     * (a partial Fisher-Yates shuffle).
     */
    private int[] metaBatchTasks(int n) {
        if (config.metaBatchWithReplacement()) {
            int[] drawn = new int[n];
            for (int k = 0; k < n; k++) {
                drawn[k] = sampleRng.nextInt(trainTasks.size());
            }
            return drawn;
        }
        int[] all = new int[trainTasks.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        for (int k = 0; k < n; k++) {
            int j = k + sampleRng.nextInt(all.length - k);
            int tmp = all[k];
            all[k] = all[j];
            all[j] = tmp;
        }
        return java.util.Arrays.copyOf(all, n);
    }

    /** Context rows {@code (s, a, r[, s'])} of a batch, row-major. */
    private float[] contextRows(ReplayBuffer.Batch batch) {
        int n = batch.size();
        int width = agent.encoder().inputDim();
        float[] s = batch.s().data().asFloat();
        float[] a = batch.a().data().asFloat();
        float[] r = batch.r().data().asFloat();
        float[] s2 = batch.s2().data().asFloat();
        float[] out = new float[n * width];
        for (int k = 0; k < n; k++) {
            int o = k * width;
            System.arraycopy(s, k * obsDim, out, o, obsDim);
            System.arraycopy(a, k * actDim, out, o + obsDim, actDim);
            out[o + obsDim + actDim] = r[k];
            if (config.nextObsInContext()) {
                System.arraycopy(s2, k * obsDim, out, o + obsDim + actDim + 1, obsDim);
            }
        }
        return out;
    }

    private static void copy(INDArray from, float[] to, int offset) {
        float[] v = from.data().asFloat();
        System.arraycopy(v, 0, to, offset, v.length);
    }

    private INDArray normals(int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) noiseRng.nextGaussian();
        }
        return Nd4j.create(v, new long[]{rows, cols}, 'c');
    }

    /**
     * The returns of an evaluation.
     *
     * @param trajectoryReturns mean over the evaluated test tasks of each trajectory's return, in collection order
     * @param finalReturn       the last trajectory's mean return (after adaptation), PEARL's reported figure
     */
    public record Evaluation(double[] trajectoryReturns, double finalReturn) {
    }

    /**
     * oyster's evaluation on the test tasks: per task, {@code evalTrajectories} deterministic trajectories collected
     * online; the first {@code explorationTrajectories} with {@code z} from the prior, later ones with {@code z} drawn
     * from the posterior of every transition collected on the task so far (after each trajectory).
     */
    public Evaluation evaluate() {
        int n = config.evalTasks() == 0 ? testTasks.size() : Math.min(config.evalTasks(), testTasks.size());
        double[][] returns = agent.evaluateTasks(evalEnv, testTasks.subList(0, n), evalRng);
        int k = config.evalTrajectories();
        double[] means = new double[k];
        for (double[] task : returns) {
            for (int j = 0; j < k; j++) {
                means[j] += task[j];
            }
        }
        for (int j = 0; j < k; j++) {
            means[j] /= n;
        }
        return new Evaluation(means, means[k - 1]);
    }



    private Map<String, AdamOptimizer> optimisers() {
        return Map.of(ACTOR, actorOptimiser, CRITIC, criticOptimiser, VALUE, valueOptimiser, CONTEXT, contextOptimiser);
    }

    /** @throws NonFiniteException if a parameter is NaN or infinite (nothing is written) */
    @Override
    public void saveCheckpoint(Path file, Map<String, String> metadata) throws IOException {
        Parameter bad = params.firstNonFinite();
        if (bad != null) {
            throw new NonFiniteException("parameter " + bad.name(), step);
        }
        Map<String, INDArray> extra = new LinkedHashMap<>();
        for (int i = 0; i < rlBuffers.length; i++) {
            int task = i;
            rlBuffers[i].state().forEach((k, val) -> extra.put("rl/" + task + "/" + k, val));
            encoderBuffers[i].state().forEach((k, val) -> extra.put("encoder/" + task + "/" + k, val));
        }
        extra.put("counters", Nd4j.createFromArray(step, iteration, episodes, updates, envRng.state(), noiseRng.state(),
                sampleRng.state(), evalRng.state(), (long) rlBuffers.length));
        extra.putAll(stats.save());
        Checkpoints.save(file, params, optimisers(), extra, metadata);
    }

    @Override
    public Map<String, String> loadCheckpoint(Path file) throws IOException {
        TensorFile tf = Checkpoints.loadWithExtras(file, params, optimisers());
        Map<String, INDArray> arrays = tf.arrays();
        INDArray counters = arrays.get("counters");
        if (counters == null) {
            throw new IllegalArgumentException("checkpoint " + file + " holds no PEARL run state (counters)");
        }
        long[] c = counters.toLongVector();
        if (c.length != 9 || c[8] != rlBuffers.length) {
            throw new IllegalArgumentException("checkpoint " + file + " was written for " + (c.length == 9 ? c[8] : "?")
                    + " training tasks, this run has " + rlBuffers.length);
        }
        for (int i = 0; i < rlBuffers.length; i++) {
            rlBuffers[i].restore(sub(arrays, "rl/" + i + "/"));
            encoderBuffers[i].restore(sub(arrays, "encoder/" + i + "/"));
        }
        step = c[0];
        iteration = c[1];
        episodes = c[2];
        updates = c[3];
        envRng.restore(c[4]);
        noiseRng.restore(c[5]);
        sampleRng.restore(c[6]);
        evalRng.restore(c[7]);
        stats.restore(arrays, COLUMNS);
        agent.refresh();
        return tf.metadata();
    }

    private static Map<String, INDArray> sub(Map<String, INDArray> arrays, String prefix) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        arrays.forEach((k, val) -> {
            if (k.startsWith(prefix)) {
                m.put(k.substring(prefix.length()), val);
            }
        });
        if (m.isEmpty()) {
            throw new IllegalArgumentException("checkpoint holds no buffer '" + prefix + "'");
        }
        return m;
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public PearlAgent agent() {
        return agent;
    }

    @Override
    public long step() {
        return step;
    }

    /** PEARL iterations finished. */
    public long iteration() {
        return iteration;
    }

    /** Gradient steps taken. */
    public long updates() {
        return updates;
    }

    /** The training tasks' RL replay buffer of task {@code i} (for tests and diagnostics). */
    public ReplayBuffer replayBuffer(int i) {
        return rlBuffers[i];
    }

    /** The encoder (context) buffer of training task {@code i}. */
    public ReplayBuffer encoderBuffer(int i) {
        return encoderBuffers[i];
    }

    /** The fixed training tasks. */
    public List<Task> trainTasks() {
        return trainTasks;
    }

    /** The fixed test tasks. */
    public List<Task> testTasks() {
        return testTasks;
    }

    public PearlConfig config() {
        return config;
    }

    /** The width of a task vector (read by the oracle policy). */
    static int taskDim(EnvInfo info) {
        return info.taskDim();
    }
}
