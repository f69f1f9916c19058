package org.hyperrl.algos.maml;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.hyperrl.algos.api.Agent;
import org.hyperrl.algos.api.AgentState;
import org.hyperrl.algos.common.EvalResult;
import org.hyperrl.algos.common.Rng;
import org.hyperrl.core.hyper.PrimaryNetwork;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.BaseNetworkSpec;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.secondorder.SecondOrderGaussianPolicy;
import org.hyperrl.core.secondorder.SecondOrderHypernetwork;
import org.hyperrl.core.secondorder.SecondOrderMlp;
import org.hyperrl.core.secondorder.SecondOrderNetwork;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.Space;
import org.hyperrl.envs.meta.Split;
import org.hyperrl.envs.meta.Task;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A MAML policy: the meta-learned Gaussian policy θ (acting with it directly is acting before adaptation).
 * {@link #evaluate} follows the MAML protocol: per test task, a batch of episodes with θ, one inner step, a batch with
 * the adapted θ'; its result holds the returns after adaptation (without adaptation, of θ).
 */
public final class MamlAgent implements Agent {
    private final SecondOrderGaussianPolicy policy;
    private final MamlConfig config;
    private final int obsDim;
    private final int taskDim;
    private INDArray theta;
    private double[] std;
    private double[] boundTask;
    private UnaryOperator<INDArray> bound;

    /**
     * Creates the policy ({@code policy/...}, group {@code policy}) in {@code params}.
     *
     * @param taskDim width of the env's task vector (read by Context- and Hyper-MAML)
     */
    public MamlAgent(Parameters params, Space observationSpace, Space actionSpace, int taskDim, MamlConfig config) {
        if (!(observationSpace instanceof Box ob) || !(actionSpace instanceof Box ab)) {
            throw new IllegalArgumentException("MAML needs Box observation and action spaces, got " + observationSpace
                    + " and " + actionSpace);
        }
        if (config.readsTask() && taskDim < 1) {
            throw new IllegalArgumentException("policy=" + config.policy() + " reads the oracle task vector, but this "
                    + "env has none; use policy=mlp (Vanilla-MAML)");
        }
        this.obsDim = ob.low().length;
        this.taskDim = config.readsTask() ? taskDim : 0;
        this.config = config;
        this.policy = new SecondOrderGaussianPolicy(params, "policy", "policy",
                network(params, obsDim, ab.low().length, taskDim, config), config.initStd(), config.minStd());
        refresh();
    }

    /** The mean network of a config's policy variant. */
    static SecondOrderNetwork network(Parameters ps, int obsDim, int actDim, int taskDim, MamlConfig c) {
        return switch (c.policy()) {
            case MamlConfig.MLP, MamlConfig.CONTEXT -> new SecondOrderMlp(ps, "policy", "policy", obsDim,
                    c.policy().equals(MamlConfig.CONTEXT) ? taskDim : 0, c.hidden(), actDim,
                    Activation.parse(c.activation()), LayerInits.XAVIER_UNIFORM, 1.0);
            case MamlConfig.HYPER -> new SecondOrderHypernetwork(ps, "policy", "policy", taskDim,
                    new PrimaryNetwork.Config(c.primaryWidths(), c.primaryBlocks(), Activation.RELU,
                            LayerInits.SARAFIAN_PRIMARY, LayerInits.SARAFIAN_PRIMARY_GAIN),
                    BaseNetworkSpec.mlp(obsDim, c.dynamicHidden(), actDim, Activation.RELU, Activation.IDENTITY, true,
                            LayerInits.KAIMING_UNIFORM, LayerInits.KAIMING_UNIFORM, 1.0),
                    HyperInits.sarafian(c.headSigmaFirst(), c.headSigmaLast()));
            default -> throw new IllegalArgumentException("unknown MAML policy " + c.policy());
        };
    }

    /** The Gaussian policy with exact second derivatives. */
    public SecondOrderGaussianPolicy policy() {
        return policy;
    }

    /** The config. */
    public MamlConfig config() {
        return config;
    }

    /** θ as of the last {@link #refresh()} (do not modify). */
    public INDArray theta() {
        return theta;
    }

    /** The standard deviation per action dimension at θ. */
    public static double[] std(SecondOrderGaussianPolicy policy, INDArray theta) {
        INDArray ls = policy.logStd(theta);
        double[] s = new double[(int) ls.length()];
        for (int j = 0; j < s.length; j++) {
            s[j] = Math.exp(ls.getDouble(j));
        }
        return s;
    }

    /** The task vector a batch carries for this policy, as {@code [1, taskDim]}, or null for Vanilla-MAML. */
    INDArray taskArray(double[] task) {
        if (!config.readsTask()) {
            return null;
        }
        if (task == null || task.length != taskDim) {
            throw new IllegalArgumentException("policy=" + config.policy() + " needs the task vector (" + taskDim
                    + " values) but got " + (task == null ? "none" : task.length + " values"));
        }
        return Nd4j.create(task, new long[]{1, taskDim}).castTo(theta.dataType());
    }

    @Override
    public double[] act(double[] observation, AgentState state, boolean episodeStart, boolean deterministic) {
        double[] task = config.readsTask() ? state.task() : null;
        if (bound == null || (config.readsTask() && !java.util.Arrays.equals(task, boundTask))) {
            bound = policy.meanFunction(theta, taskArray(task));
            boundTask = task == null ? null : task.clone();
        }
        INDArray m = bound.apply(Nd4j.create(observation, new long[]{1, obsDim}).castTo(theta.dataType()));
        double[] a = new double[(int) m.length()];
        for (int j = 0; j < a.length; j++) {
            a[j] = m.getDouble(0, j) + (deterministic ? 0.0 : std[j] * state.rng().nextGaussian());
        }
        return a;
    }

    /**
     * The MAML protocol on {@code tasks}: per task, {@code fastBatch} episodes with θ (before adaptation), one inner
     * step on them, then {@code fastBatch} episodes with θ' (after). Without adaptation the two are the same batch.
     *
     * @return per task {@code {mean return before, mean return after}}
     */
    public double[][] adaptationReturns(TrajectorySampler sampler, List<Task> tasks, Rng noise, Rng resets) {
        double[][] out = new double[tasks.size()][2];
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            INDArray t = taskArray(task.vector());
            EpisodeBatch before = sampler.sample(task, policy.meanFunction(theta, t), std, noise, resets,
                    theta.dataType());
            out[i][0] = before.meanReturn();
            if (config.adaptationMode() == MetaObjective.Adaptation.NONE) {
                out[i][1] = out[i][0];
                continue;
            }
            before.process(config.discount(), config.gaeLambda(), new LinearFeatureBaseline(obsDim));
            INDArray adapted = MetaObjective.innerStep(policy, theta, before.toBatch(theta.dataType(),
                    config.readsTask()), before.advantageColumn(theta.dataType()), config.fastLr());
            EpisodeBatch after = sampler.sample(task, policy.meanFunction(adapted, t), std(policy, adapted), noise,
                    resets, theta.dataType());
            out[i][1] = after.meanReturn();
        }
        return out;
    }

    /**
     * {@code episodes} test tasks (the fixed list in order, cycling; or fresh draws) by the MAML protocol; each entry
     * of the result is one episode after adaptation.
     */
    @Override
    public EvalResult evaluate(Env env, int episodes, long seed) {
        List<Task> tasks = Maml.testTasks(env, config, episodes, new Rng(seed + 1));
        Rng noise = new Rng(seed);
        Rng resets = new Rng(seed + 2);
        List<double[]> entries = new ArrayList<>();
        // one environment (the caller's, not closed here): a task's episodes run one after another
        TrajectorySampler one = new TrajectorySampler(() -> env, 1, 1);
        for (Task task : tasks) {
            for (double x : adaptationReturnsSequential(one, task, noise, resets)[1]) {
                entries.add(new double[]{x});
            }
        }
        return new EvalResult(entries);
    }

    /** The protocol on one task with a one-environment sampler: per-episode returns before [0] and after [1]. */
    private double[][] adaptationReturnsSequential(TrajectorySampler one, Task task, Rng noise, Rng resets) {
        INDArray t = taskArray(task.vector());
        EpisodeBatch before = concat(one, task, policy.meanFunction(theta, t), std, noise, resets);
        double[][] out = new double[2][];
        out[0] = episodeReturns(before);
        if (config.adaptationMode() == MetaObjective.Adaptation.NONE) {
            out[1] = out[0];
            return out;
        }
        before.process(config.discount(), config.gaeLambda(), new LinearFeatureBaseline(obsDim));
        INDArray adapted = MetaObjective.innerStep(policy, theta, before.toBatch(theta.dataType(), config.readsTask()),
                before.advantageColumn(theta.dataType()), config.fastLr());
        out[1] = episodeReturns(concat(one, task, policy.meanFunction(adapted, t), std(policy, adapted), noise,
                resets));
        return out;
    }

    private EpisodeBatch concat(TrajectorySampler one, Task task, UnaryOperator<INDArray> mean, double[] s, Rng noise,
                                Rng resets) {
        List<EpisodeBatch> parts = new ArrayList<>();
        for (int k = 0; k < config.fastBatch(); k++) {
            parts.add(one.sample(task, mean, s, noise, resets, theta.dataType()));
        }
        return EpisodeBatch.concat(parts);
    }

    private static double[] episodeReturns(EpisodeBatch b) {
        double[] rw = b.rewards();
        int[] len = b.lengths();
        double[] out = new double[len.length];
        int p = 0;
        for (int e = 0; e < len.length; e++) {
            for (int t = 0; t < len[e]; t++) {
                out[e] += rw[p++];
            }
        }
        return out;
    }

    @Override
    public List<Parameter> parameters() {
        return policy.parameters();
    }

    @Override
    public void refresh() {
        theta = policy.flat().get();
        std = std(policy, theta);
        bound = null;
        boundTask = null;
    }
}
