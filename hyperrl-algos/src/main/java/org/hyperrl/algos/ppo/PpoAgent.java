package org.hyperrl.algos.ppo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.hyperrl.algos.api.Agent;
import org.hyperrl.algos.api.AgentState;
import org.hyperrl.algos.common.ActionScaling;
import org.hyperrl.algos.meta.InferenceConfig;
import org.hyperrl.algos.meta.Methods;
import org.hyperrl.algos.meta.Vae;
import org.hyperrl.core.inference.TrajectoryEncoder;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.dist.Categorical;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.policy.ActorCritic;
import org.hyperrl.core.policy.ActorCriticStepper;
import org.hyperrl.core.policy.PolicyStepper;
import org.hyperrl.core.policy.Policies;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.Discrete;
import org.hyperrl.envs.Space;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A PPO policy as an agent: an {@link ActorCritic} (feed-forward or recurrent, plain or hypernetwork) with the running
 * normalisation of its observation input, acting one step at a time. Its inputs per step are the normalised
 * observation, the previous action (one-hot for discrete actions) and reward, and the true task for the {@code multi}
 * policies; the recurrent state and the previous action live in the {@link AgentState} and are cleared at an episode
 * (trial) start. The normaliser's mean and variance are agent parameters ({@code obs_norm/mean}, {@code obs_norm/var},
 * group {@value #NORMALISER}, never trained), so an agent checkpoint carries them.
 *
 * <p>For a method that infers the task ({@link Methods.Method#infers()}, e.g. VI), the agent also holds the
 * {@link TrajectoryEncoder}: its task input is then the encoder's posterior (mean and log-variance) after the trial's
 * transitions so far (the prior at a trial start), normalised by running statistics ({@code latent_norm/...}) when
 * {@link InferenceConfig#normaliseLatent()} is set.
 */
public final class PpoAgent implements Agent {
    /** Scope and group of the policy's parameters. */
    static final String POLICY = "policy";
    /** Group of the normaliser statistics. */
    static final String NORMALISER = "normaliser";
    private static final double OBS_EPS = 1e-8;
    private static final double OBS_CLIP = 10;
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final ActorCritic policy;
    private final PolicyStepper stepper;
    private final Parameter obsMean;
    private final Parameter obsVar;
    private final boolean normalise;
    private final int obsDim;
    private final int taskDim;
    private final boolean discrete;
    private final int actionSize;
    private final ActionScaling scaling;
    private double[] mean;
    private double[] std;
    private final Methods.Method method;
    private final TrajectoryEncoder encoder;
    private final Parameter latentMean;
    private final Parameter latentVar;
    private final boolean normaliseLatent;
    private double[] latentMu;
    private double[] latentStd;

    /**
     * Creates the policy in {@code params} ({@code policy/...}) and the normaliser statistics.
     *
     * @param taskDim width of the env's task vector (0 if the env reveals none); needed by the {@code multi} policies
     */
    public PpoAgent(Parameters params, Space observationSpace, Space actionSpace, PpoConfig config, int taskDim) {
        if (!(observationSpace instanceof Box ob)) {
            throw new IllegalArgumentException("PPO needs a Box observation space, got " + observationSpace);
        }
        this.obsDim = ob.dimension();
        this.discrete = actionSpace instanceof Discrete;
        if (discrete) {
            this.actionSize = ((Discrete) actionSpace).n();
            this.scaling = null;
        } else if (actionSpace instanceof Box) {
            this.scaling = ActionScaling.of(actionSpace);
            this.actionSize = scaling.dim();
        } else {
            throw new IllegalArgumentException("PPO needs a Discrete or Box action space, got " + actionSpace);
        }
        this.method = config.method();
        boolean usesTask = Policies.kind(method.policy()).usesTask();
        if (method.infers() && !usesTask) {
            throw new IllegalArgumentException("method '" + method.id() + "' feeds an inferred posterior to policy '"
                    + method.policy() + "', which reads no task input");
        }
        InferenceConfig inf = config.inference();
        this.taskDim = !usesTask ? 0 : method.infers() ? 2 * inf.latentDim() : taskDim;
        this.policy = method.infers() && inf.contextProjection() > 0
                ? Policies.createProjected(method.policy(), params, POLICY, POLICY, config.policyConfig(), obsDim,
                        actionSize, discrete, this.taskDim, inf.contextProjection(),
                        InferenceConfig.TANH.equals(inf.contextActivation()) ? Activation.TANH : Activation.RELU)
                : Policies.create(method.policy(), params, POLICY, POLICY, config.policyConfig(), obsDim,
                        actionSize, discrete, this.taskDim);
        if (method.infers()) {
            this.encoder = new TrajectoryEncoder(params, "vae/encoder", Vae.GROUP, obsDim, actionSize,
                    inf.encoderSizes());
            double[] ones = new double[this.taskDim];
            java.util.Arrays.fill(ones, 1.0);
            this.latentMean = params.add("latent_norm/mean", NORMALISER, new long[]{this.taskDim},
                    new double[this.taskDim]);
            this.latentVar = params.add("latent_norm/var", NORMALISER, new long[]{this.taskDim}, ones);
            this.normaliseLatent = inf.normaliseLatent();
        } else {
            this.encoder = null;
            this.latentMean = null;
            this.latentVar = null;
            this.normaliseLatent = false;
        }
        double[] ones = new double[obsDim];
        java.util.Arrays.fill(ones, 1.0);
        this.obsMean = params.add("obs_norm/mean", NORMALISER, new long[]{obsDim}, new double[obsDim]);
        this.obsVar = params.add("obs_norm/var", NORMALISER, new long[]{obsDim}, ones);
        this.normalise = config.normaliseObservations();
        // Eager array operations where the policy has them (every built-in one but the FiLM hyper policies): several
        // times faster than running the one-step graph per environment step.
        PolicyStepper arrays = policy.arrayStepper();
        this.stepper = arrays != null ? arrays : new ActorCriticStepper(policy, params);
        refresh();
    }

    /** The outcome of choosing an action from a head output. */
    record Choice(double[] envAction, float[] netAction, double logProb) {
    }

    /** Chooses an action from one row of head output: the mode, or a sample drawn from {@code rng}. */
    Choice choose(float[] head, boolean deterministic, RandomGenerator rng) {
        return choose(head, deterministic, rng, policy.logStd());
    }

    /** {@link #choose(float[], boolean, RandomGenerator)} for a head of another policy with log-std {@code logStdParam}. */
    Choice choose(float[] head, boolean deterministic, RandomGenerator rng, Parameter logStdParam) {
        if (discrete) {
            int a = deterministic ? Categorical.argmax(head) : Categorical.sample(head, rng.nextDouble());
            double[] p = Categorical.probabilities(head);
            float[] oneHot = new float[actionSize];
            oneHot[a] = 1f;
            return new Choice(new double[]{a}, oneHot, Math.log(Math.max(p[a], Double.MIN_NORMAL)));
        }
        float[] logStd = logStd(logStdParam);
        float[] u = new float[actionSize];
        double logProb = 0;
        for (int i = 0; i < actionSize; i++) {
            double eps = deterministic ? 0 : rng.nextGaussian();
            u[i] = (float) (head[i] + Math.exp(logStd[i]) * eps);
            logProb += -0.5 * eps * eps - logStd[i] - LOG_SQRT_2PI;
        }
        return new Choice(scaling.toEnv(clip(u)), u, logProb);
    }

    /** The Gaussian head's log-std with its floor ({@code std >= 1e-6}). */
    private static float[] logStd(Parameter logStdParam) {
        float[] ls = logStdParam.value().dup().data().asFloat();
        float floor = (float) Math.log(1e-6);
        for (int i = 0; i < ls.length; i++) {
            ls[i] = Math.max(floor, ls[i]);
        }
        return ls;
    }

    /** The normalised observation ({@code (o - mean) / std}, clipped to +-10), or {@code o} without normalisation. */
    float[] normalised(double[] observation) {
        if (observation.length != obsDim) {
            throw new IllegalArgumentException("observation has " + observation.length + " values, expected " + obsDim);
        }
        float[] out = new float[obsDim];
        for (int i = 0; i < obsDim; i++) {
            double v = normalise ? (observation[i] - mean[i]) / std[i] : observation[i];
            out[i] = (float) Math.max(-OBS_CLIP, Math.min(OBS_CLIP, v));
        }
        return out;
    }

    /**
     * The policy's inputs for a batch of rows: normalised observations, previous actions (network form), previous
     * rewards and tasks, each {@code [B, width]} under its input name.
     */
    Map<String, INDArray> inputs(float[][] obs, float[][] prevActions, float[] prevRewards, float[][] tasks) {
        Map<String, INDArray> in = new HashMap<>();
        for (String name : policy.inputWidths().keySet()) {
            switch (name) {
                case ActorCritic.OBS -> in.put(name, Nd4j.create(obs));
                case ActorCritic.PREV_ACTION -> in.put(name, Nd4j.create(prevActions));
                case ActorCritic.PREV_REWARD -> in.put(name, Nd4j.create(prevRewards, new long[]{prevRewards.length, 1},
                        'c'));
                case ActorCritic.TASK -> in.put(name, Nd4j.create(tasks));
                default -> throw new IllegalStateException("policy input '" + name + "' is not provided by PPO");
            }
        }
        return in;
    }

    /** A task vector as the policy's task input (zeros where the env reveals none). */
    float[] taskInput(double[] task) {
        float[] t = new float[Math.max(taskDim, 1)];
        if (taskDim > 0) {
            if (task == null || task.length != taskDim) {
                throw new IllegalArgumentException("policy needs the task vector of width " + taskDim + ", got "
                        + (task == null ? "none" : task.length + " values"));
            }
            for (int i = 0; i < taskDim; i++) {
                t[i] = (float) task[i];
            }
        }
        return t;
    }

    @Override
    public double[] act(double[] observation, AgentState state, boolean episodeStart, boolean deterministic) {
        int h = policy.stateSize();
        int e = encoder == null ? 0 : encoder.hiddenWidth();
        float[] memory = state.memory();
        if (episodeStart || memory == null) {
            memory = new float[h + actionSize + e];
        }
        float[] prevAction = java.util.Arrays.copyOfRange(memory, h, h + actionSize);
        float prevReward = episodeStart ? 0f : (float) state.previousReward();
        float[] task;
        float[] encoderState = null;
        if (encoder != null) {
            INDArray hEnc = episodeStart ? encoder.zeroState(1) : encoder.step(encoderInputs(new float[][]{prevAction},
                    new float[]{prevReward}, new double[][]{observation}),
                    Nd4j.create(java.util.Arrays.copyOfRange(memory, h + actionSize, h + actionSize + e),
                            new long[]{1, e}, 'c'));
            encoderState = hEnc.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatVector();
            task = beliefInput(encoder.posterior(hEnc).toDoubleVector());
        } else {
            task = taskInput(state.task());
        }
        Map<String, INDArray> in = inputs(new float[][]{normalised(observation)}, new float[][]{prevAction},
                new float[]{prevReward}, new float[][]{task});
        INDArray hIn = h == 0 ? null : Nd4j.create(java.util.Arrays.copyOf(memory, h), new long[]{1, h}, 'c');
        ActorCriticStepper.Step s = stepper.step(in, Nd4j.scalar(episodeStart ? 1f : 0f).reshape(1, 1), hIn);
        Choice c = choose(s.head().toFloatVector(), deterministic, state.rng());
        float[] next = new float[h + actionSize + e];
        if (h > 0) {
            System.arraycopy(s.state().toFloatVector(), 0, next, 0, h);
        }
        float[] netForm = discrete ? c.netAction() : clip(c.netAction());
        System.arraycopy(netForm, 0, next, h, actionSize);
        if (e > 0) {
            System.arraycopy(encoderState, 0, next, h + actionSize, e);
        }
        state.setMemory(next);
        return c.envAction();
    }

    /** A Gaussian sample clipped to the normalised action box {@code [-1, 1]}: what the env gets, and the next input. */
    static float[] clip(float[] u) {
        float[] c = new float[u.length];
        for (int i = 0; i < u.length; i++) {
            c[i] = Math.max(-1f, Math.min(1f, u[i]));
        }
        return c;
    }

    /**
     * The encoder's inputs for a batch of transitions: the actions (network form), the raw rewards and the states
     * reached (raw, not normalised).
     */
    Map<String, INDArray> encoderInputs(float[][] actions, float[] rewards, double[][] nextObs) {
        Map<String, INDArray> in = new HashMap<>();
        in.put(TrajectoryEncoder.ACTION, Nd4j.create(actions));
        in.put(TrajectoryEncoder.REWARD, Nd4j.create(rewards, new long[]{rewards.length, 1}, 'c'));
        in.put(TrajectoryEncoder.NEXT_OBS, Nd4j.create(nextObs));
        return in;
    }

    /** A posterior (mean, log-variance) as the policy's task input: normalised if configured. */
    float[] beliefInput(double[] posterior) {
        float[] out = new float[posterior.length];
        for (int i = 0; i < out.length; i++) {
            double v = normaliseLatent ? (posterior[i] - latentMu[i]) / latentStd[i] : posterior[i];
            out[i] = (float) Math.max(-OBS_CLIP, Math.min(OBS_CLIP, v));
        }
        return out;
    }

    /** The method (policy and task inference). */
    Methods.Method method() {
        return method;
    }

    /** The task-inference encoder, or {@code null} for a method without inference. */
    TrajectoryEncoder encoder() {
        return encoder;
    }

    /** Sets the posterior normaliser's statistics (once per update) and refreshes. */
    void setLatentNormaliser(double[] newMean, double[] newVar) {
        latentMean.value().assign(Nd4j.createFromArray(newMean).castTo(latentMean.value().dataType()));
        latentVar.value().assign(Nd4j.createFromArray(newVar).castTo(latentVar.value().dataType()));
        refresh();
    }

    /** The network.*/
    ActorCritic policy() {
        return policy;
    }

    /** The one-step acting path. */
    PolicyStepper stepper() {
        return stepper;
    }

    boolean discrete() {
        return discrete;
    }

    int actionSize() {
        return actionSize;
    }

    int taskDim() {
        return taskDim;
    }

    /** Sets the normaliser statistics (called by the trainer once per update) and refreshes. */
    void setNormaliser(double[] newMean, double[] newVar) {
        obsMean.value().assign(Nd4j.createFromArray(newMean).castTo(obsMean.value().dataType()));
        obsVar.value().assign(Nd4j.createFromArray(newVar).castTo(obsVar.value().dataType()));
        refresh();
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(policy.parameters());
        ps.add(obsMean);
        ps.add(obsVar);
        if (encoder != null) {
            ps.addAll(encoder.parameters());
            ps.add(latentMean);
            ps.add(latentVar);
        }
        return ps;
    }

    @Override
    public void refresh() {
        mean = obsMean.value().toDoubleVector();
        double[] var = obsVar.value().toDoubleVector();
        std = new double[var.length];
        for (int i = 0; i < var.length; i++) {
            std[i] = Math.sqrt(var[i] + OBS_EPS);
        }
        if (latentMean != null) {
            latentMu = latentMean.value().toDoubleVector();
            double[] lv = latentVar.value().toDoubleVector();
            latentStd = new double[lv.length];
            for (int i = 0; i < lv.length; i++) {
                latentStd[i] = Math.sqrt(lv[i] + OBS_EPS);
            }
        }
    }
}
