package org.hyperrl.algos.maml;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.hyperrl.algos.api.Agent;
import org.hyperrl.algos.api.Column;
import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.api.EnvInfo;
import org.hyperrl.algos.api.ProgressSink;
import org.hyperrl.algos.api.Trainer;
import org.hyperrl.algos.api.TrainingContext;
import org.hyperrl.algos.common.NonFiniteException;
import org.hyperrl.algos.common.Rng;
import org.hyperrl.core.io.Checkpoints;
import org.hyperrl.core.io.TensorFile;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.secondorder.SecondOrderGaussianPolicy;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.meta.Split;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TaskDistribution;
import org.hyperrl.envs.meta.TrialWrapper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MAML-TRPO (Finn et al. 2017) and its variants of Sarafian et al. 2021: Vanilla-, Context- and Hyper-MAML, the
 * multi-task objective without adaptation, and first-order MAML. One iteration:
 * <pre>
 *   draw metaBatch training tasks T_i
 *   for each T_i:
 *       D_i  = fastBatch episodes with π_θ                         (advantages: GAE over a linear baseline fitted to D_i)
 *       θ'_i = θ - α ∇_θ L_in(θ; D_i)                             (skipped by the multi-task objective: θ'_i = θ)
 *       D'_i = fastBatch episodes with π_θ'_i
 *   TRPO on L(θ) = mean_i L_surrogate(θ'_i(θ); D'_i) subject to mean_i KL ≤ maxKl,
 *       differentiating through θ'_i(θ) (exact second-order meta-gradient and Fisher-vector products)
 *   every evalEvery iterations: the mean return over the test tasks before and after adaptation
 * </pre>
 * {@link MetaObjective} holds the derivatives, {@link Trpo} the update, {@link TrajectorySampler} the sampling.
 * Checkpoints are written at iteration boundaries and resume exactly.
 */
public final class Maml implements Trainer {

    public static final Column ITERATION = new Column("iteration", "MAML iterations finished");
    public static final Column RETURN_BEFORE = new Column("return_before",
            "mean episode return of the iteration's training tasks before adaptation (with θ)");
    public static final Column RETURN_AFTER = new Column(Columns.EPISODE_RETURN.name(),
            "mean episode return of the iteration's training tasks after adaptation (with θ'; without adaptation, θ)");
    public static final Column EVAL_RETURN_BEFORE = new Column("eval_return_before",
            "mean episode return over the test tasks before adaptation (evaluation rows only)");
    public static final Column EVAL_RETURN_AFTER = new Column(Columns.EVAL_RETURN_NAME,
            "mean episode return over the test tasks after adaptation (evaluation rows only)");
    public static final Column KL = new Column("kl", "mean KL of the accepted TRPO step (0 if none was accepted)");
    public static final Column SURROGATE_CHANGE = new Column("surrogate_change",
            "change of the surrogate loss by the TRPO step (negative is better; 0 if none was accepted)");
    public static final Column LINE_SEARCH_STEP = new Column("line_search_step",
            "index of the accepted line-search step (0 = full step), -1 if none was accepted");
    public static final Column SAMPLE_S = new Column("sample_s", "seconds spent sampling episodes in the iteration");
    public static final Column INNER_S = new Column("inner_s", "seconds spent on inner (adaptation) steps");
    public static final Column TRPO_S = new Column("trpo_s", "seconds spent on the TRPO update");
    /** Every column MAML writes. */
    public static final List<Column> COLUMNS = List.of(Columns.STEP, ITERATION, Columns.EPISODES, RETURN_BEFORE,
            RETURN_AFTER, EVAL_RETURN_BEFORE, EVAL_RETURN_AFTER, KL, SURROGATE_CHANGE, LINE_SEARCH_STEP,
            Columns.ENV_STEPS_PER_S, SAMPLE_S, INNER_S, TRPO_S, Columns.TIME_S);

    private final MamlConfig config;
    private final Parameters params;
    private final MamlAgent agent;
    private final SecondOrderGaussianPolicy policy;
    private final TrajectorySampler sampler;
    private final TaskDistribution distribution;
    private final List<Task> trainTasks;
    private final List<Task> testTasks;
    private final int obsDim;
    private final Trpo.Settings trpo;
    private final java.util.concurrent.ExecutorService taskPool;
    private final Rng taskRng;
    private final Rng noiseRng;
    private final Rng resetRng;
    private final Rng evalTaskRng;
    private final Rng evalNoiseRng;
    private final Rng evalResetRng;
    private long step;
    private long iteration;
    private long episodes;

    /** What one iteration measured. */
    public record IterationStats(double returnBefore, double returnAfter, Trpo.Result trpo, long steps,
                                 double sampleSeconds, double innerSeconds, double trpoSeconds) {
    }

    public Maml(TrainingContext context, MamlConfig config) {
        this.config = config;
        Env probe = context.trainEnv();
        TrialWrapper trial = TrajectorySampler.trialOf(probe);
        EnvInfo info = EnvInfo.of(probe);
        this.params = new Parameters(DataType.FLOAT, context.seed());
        this.agent = new MamlAgent(params, info.observationSpace(), info.actionSpace(), info.taskDim(), config);
        this.policy = agent.policy();
        List<List<Task>> lists = taskLists(trial, config);
        this.distribution = trial.metaEnv().taskDistribution();
        this.trainTasks = lists == null ? null : lists.get(0);
        this.testTasks = lists == null ? null : lists.get(1);
        this.sampler = new TrajectorySampler(context::trainEnv, config.fastBatch(), config.threads());
        this.taskPool = config.threads() > 1 ? java.util.concurrent.Executors.newFixedThreadPool(config.threads(),
                r -> {
                    Thread t = new Thread(r, "maml-tasks");
                    t.setDaemon(true);
                    return t;
                }) : null;
        this.obsDim = sampler.obsDim();
        this.trpo = new Trpo.Settings(config.maxKl(), config.cgIterations(), config.cgDamping(), config.lsMaxSteps(),
                config.lsBacktrack());
        Rng root = new Rng(context.seed());
        this.taskRng = root.split();
        this.noiseRng = root.split();
        this.resetRng = root.split();
        this.evalTaskRng = root.split();
        this.evalNoiseRng = root.split();
        this.evalResetRng = root.split();
        try {
            probe.close();
        } catch (Exception ignored) {
            // the probe only served to read spaces and tasks
        }
    }

    /**
     * The fixed train and test task lists: the env's own, or drawn from its distribution when {@code numTrainTasks >
     * 0}; null when tasks are sampled afresh.
     */
    static List<List<Task>> taskLists(TrialWrapper trial, MamlConfig config) {
        TaskDistribution dist = trial.metaEnv().taskDistribution();
        if (!dist.isFixed()) {
            if (config.numTrainTasks() == 0) {
                return null;
            }
            dist = dist.withFixedLists(config.numTrainTasks(), config.numTestTasks(), config.taskListSeed());
        }
        return List.of(dist.tasks(Split.TRAIN), dist.tasks(Split.TEST));
    }

    /** {@code count} test tasks of an env: its fixed test list in order (cycling), or draws from its distribution. */
    static List<Task> testTasks(Env env, MamlConfig config, int count, Rng rng) {
        TrialWrapper trial = TrajectorySampler.trialOf(env);
        List<List<Task>> lists = taskLists(trial, config);
        List<Task> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(lists != null ? lists.get(1).get(i % lists.get(1).size())
                    : trial.metaEnv().taskDistribution().sample(Split.TEST, new SplittableRandom(rng.nextLong())));
        }
        return out;
    }

    /** The meta-batch: distinct tasks of the fixed list when it is large enough, else draws with replacement. */
    List<Task> drawTrainTasks() {
        List<Task> out = new ArrayList<>();
        if (trainTasks == null) {
            for (int i = 0; i < config.metaBatch(); i++) {
                out.add(distribution.sample(Split.TRAIN, new SplittableRandom(taskRng.nextLong())));
            }
            return out;
        }
        int n = trainTasks.size();
        if (config.metaBatch() > n) {
            for (int i = 0; i < config.metaBatch(); i++) {
                out.add(trainTasks.get(taskRng.nextInt(n)));
            }
            return out;
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < config.metaBatch(); i++) { // partial Fisher-Yates
            int j = i + taskRng.nextInt(n - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
            out.add(trainTasks.get(idx[i]));
        }
        return out;
    }

    private EpisodeBatch sampleProcessed(Task task, INDArray theta) {
        INDArray t = agent.taskArray(task.vector());
        EpisodeBatch b = sampler.sample(task, policy.meanFunction(theta, t), MamlAgent.std(policy, theta), noiseRng,
                resetRng, theta.dataType());
        double ret = b.meanReturn();
        if (!Double.isFinite(ret)) {
            throw new NonFiniteException("an episode return", step);
        }
        step += b.size();
        episodes += b.episodes();
        return b.process(config.discount(), config.gaeLambda(), new LinearFeatureBaseline(obsDim));
    }

    /** One MAML iteration: sampling, adaptation, TRPO. */
    public IterationStats iterate() {
        INDArray theta = policy.flat().get();
        DataType type = theta.dataType();
        long steps0 = step;
        long sampleNanos = 0;
        long innerNanos = 0;
        double before = 0;
        double after = 0;
        List<MetaObjective.TaskData> data = new ArrayList<>();
        List<Task> tasks = drawTrainTasks();
        for (Task task : tasks) {
            long t0 = System.nanoTime();
            EpisodeBatch train = sampleProcessed(task, theta);
            sampleNanos += System.nanoTime() - t0;
            before += train.meanReturn();
            SecondOrderGaussianPolicy.Batch trainBatch = train.toBatch(type, config.readsTask());
            INDArray trainAdv = train.advantageColumn(type);
            if (config.adaptationMode() == MetaObjective.Adaptation.NONE) {
                after += train.meanReturn();
                data.add(new MetaObjective.TaskData(null, null, trainBatch, trainAdv));
                continue;
            }
            long t1 = System.nanoTime();
            INDArray adapted = MetaObjective.innerStep(policy, theta, trainBatch, trainAdv, config.fastLr());
            innerNanos += System.nanoTime() - t1;
            long t2 = System.nanoTime();
            EpisodeBatch valid = sampleProcessed(task, adapted);
            sampleNanos += System.nanoTime() - t2;
            after += valid.meanReturn();
            data.add(new MetaObjective.TaskData(trainBatch, trainAdv, valid.toBatch(type, config.readsTask()),
                    valid.advantageColumn(type)));
        }
        long t3 = System.nanoTime();
        MetaObjective objective = new MetaObjective(policy, config.adaptationMode(), config.fastLr(), data, theta,
                taskPool);
        Trpo.Result result = Trpo.step(objective, theta, trpo);
        if (result.accepted()) {
            if (result.theta().isNaN().any() || result.theta().isInfinite().any()) {
                throw new NonFiniteException("the policy parameters", step);
            }
            policy.flat().set(result.theta());
            agent.refresh();
        } else {
            System.err.println("MAML iteration " + (iteration + 1) + ": " + result.message());
        }
        long trpoNanos = System.nanoTime() - t3;
        iteration++;
        return new IterationStats(before / tasks.size(), after / tasks.size(), result, step - steps0,
                sampleNanos / 1e9, innerNanos / 1e9, trpoNanos / 1e9);
    }

    /** Mean return over the test tasks before [0] and after [1] adaptation. */
    public double[] evaluate() {
        int count = config.evalTasks() > 0 ? config.evalTasks()
                : testTasks != null ? testTasks.size() : config.metaBatch();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(testTasks != null ? testTasks.get(i % testTasks.size())
                    : distribution.sample(Split.TEST, new SplittableRandom(evalTaskRng.nextLong())));
        }
        double[][] r = agent.adaptationReturns(sampler, tasks, evalNoiseRng, evalResetRng);
        double b = 0;
        double a = 0;
        for (double[] x : r) {
            b += x[0];
            a += x[1];
        }
        return new double[]{b / r.length, a / r.length};
    }

    @Override
    public double train(ProgressSink sink, LongConsumer boundary) {
        double lastEval = Double.NaN;
        long t0 = System.nanoTime();
        while (step < config.totalSteps()) {
            IterationStats s = iterate();
            Map<Column, Double> row = new LinkedHashMap<>();
            row.put(ITERATION, (double) iteration);
            row.put(Columns.EPISODES, (double) episodes);
            row.put(RETURN_BEFORE, s.returnBefore());
            row.put(RETURN_AFTER, s.returnAfter());
            row.put(KL, s.trpo().accepted() ? s.trpo().kl() : 0.0);
            row.put(SURROGATE_CHANGE, s.trpo().accepted() ? s.trpo().improvement() : 0.0);
            row.put(LINE_SEARCH_STEP, (double) s.trpo().lineSearchStep());
            row.put(Columns.ENV_STEPS_PER_S, s.steps() / Math.max(1e-9, s.sampleSeconds()));
            row.put(SAMPLE_S, s.sampleSeconds());
            row.put(INNER_S, s.innerSeconds());
            row.put(TRPO_S, s.trpoSeconds());
            if (iteration % config.evalEvery() == 0) {
                double[] e = evaluate();
                row.put(EVAL_RETURN_BEFORE, e[0]);
                row.put(EVAL_RETURN_AFTER, e[1]);
                lastEval = e[1];
            }
            row.put(Columns.TIME_S, (System.nanoTime() - t0) / 1e9);
            sink.record(step, Map.copyOf(row));
            boundary.accept(step);
        }
        return lastEval;
    }

    @Override
    public void saveCheckpoint(Path file, Map<String, String> metadata) throws IOException {
        Parameter bad = params.firstNonFinite();
        if (bad != null) {
            throw new NonFiniteException("parameter " + bad.name(), step);
        }
        Map<String, INDArray> extra = new LinkedHashMap<>();
        extra.put("counters", Nd4j.createFromArray(step, iteration, episodes, taskRng.state(), noiseRng.state(),
                resetRng.state(), evalTaskRng.state(), evalNoiseRng.state(), evalResetRng.state()));
        Checkpoints.save(file, params, Map.of(), extra, metadata);
    }

    @Override
    public Map<String, String> loadCheckpoint(Path file) throws IOException {
        TensorFile tf = Checkpoints.loadWithExtras(file, params, Map.of());
        INDArray counters = tf.arrays().get("counters");
        if (counters == null || counters.length() != 9) {
            throw new IllegalArgumentException("checkpoint " + file + " holds no MAML run state (counters)");
        }
        long[] c = counters.toLongVector();
        step = c[0];
        iteration = c[1];
        episodes = c[2];
        taskRng.restore(c[3]);
        noiseRng.restore(c[4]);
        resetRng.restore(c[5]);
        evalTaskRng.restore(c[6]);
        evalNoiseRng.restore(c[7]);
        evalResetRng.restore(c[8]);
        agent.refresh();
        return tf.metadata();
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public Agent agent() {
        return agent;
    }

    @Override
    public long step() {
        return step;
    }

    /** Iterations finished. */
    public long iteration() {
        return iteration;
    }

    /** The config. */
    public MamlConfig config() {
        return config;
    }
}
