package org.hyperrl.algos.pearl;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.hyperrl.algos.api.Agent;
import org.hyperrl.algos.api.AgentState;
import org.hyperrl.algos.common.ActionScaling;
import org.hyperrl.algos.common.EvalResult;
import org.hyperrl.algos.common.OffPolicyState;
import org.hyperrl.algos.common.Rng;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TrialWrapper;
import org.hyperrl.core.inference.ContextEncoder;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.Space;

/**
 * The PEARL policy with its context encoder: it acts with a task latent {@code z} (or the true task for the oracle)
 * drawn once per trajectory, from the prior or from the posterior of the context gathered so far. Acting runs in plain
 * Java (the encoder's belief is two running sums; a hyper policy's generated weights are kept per {@code z}).
 *
 * <p>{@link #act} (one episode at a time) draws {@code z} from the prior at every episode start, as PEARL does for a
 * task's first trajectory; {@link #evaluate} (used by {@code hyperrl eval} and the trainer) follows oyster's protocol
 * over several trajectories of each test task, where the adaptation shows.
 */
public final class PearlAgent implements Agent {
    private final ContextEncoder encoder;
    private final PearlPolicy policy;
    private final ActionScaling scaling;
    private final int obsDim;
    private final boolean oracle;
    private final boolean nextObsInContext;
    private final PearlConfig config;

    /**
     * Creates the encoder ({@code context/...}, group {@code context}) and the policy ({@code actor/...}, group
     * {@code actor}) in {@code params}.
     *
     * @param taskDim width of the true task vector (read only by the oracle)
     */
    public PearlAgent(Parameters params, Space observationSpace, Space actionSpace, int taskDim, PearlConfig config) {
        if (!(observationSpace instanceof Box ob)) {
            throw new IllegalArgumentException("PEARL needs a Box observation space, got " + observationSpace);
        }
        this.scaling = ActionScaling.of(actionSpace);
        this.obsDim = ob.low().length;
        this.oracle = config.conditioning().equals("task");
        if (oracle && taskDim < 1) {
            throw new IllegalArgumentException("conditioning=task (the oracle policy) needs an env that reveals its task");
        }
        this.nextObsInContext = config.nextObsInContext();
        this.config = config;
        int actDim = scaling.dim();
        int contextDim = obsDim + actDim + 1 + (nextObsInContext ? obsDim : 0);
        this.encoder = new ContextEncoder(params, Pearl.CONTEXT, Pearl.CONTEXT, contextDim, config.encoderHidden(),
                config.latentDim());
        this.policy = new PearlPolicy(params, Pearl.ACTOR, config, obsDim, oracle ? taskDim : config.latentDim(), actDim);
    }

    /** The normalised action under conditioning {@code cond}: deterministic ({@code rng == null}) or a sample. */
    public float[] normalisedAction(float[] obs, float[] cond, RandomGenerator rng) {
        double[] normals = null;
        if (rng != null) {
            normals = new double[scaling.dim()];
            for (int i = 0; i < normals.length; i++) {
                normals[i] = rng.nextGaussian();
            }
        }
        return policy.act(obs, cond, normals);
    }

    /** One context transition {@code (s, a, r[, s'])} in the encoder's layout, with {@code a} normalised. */
    public float[] contextRow(double[] s, float[] a, double r, double[] s2) {
        float[] row = new float[encoder.inputDim()];
        int k = 0;
        for (double v : s) {
            row[k++] = (float) v;
        }
        for (float v : a) {
            row[k++] = v;
        }
        row[k++] = (float) r;
        if (nextObsInContext) {
            for (double v : s2) {
                row[k++] = (float) v;
            }
        }
        return row;
    }

    /**
     * The policy's conditioning for a trajectory: {@code z} itself, or the task vector for the oracle.
     */
    public float[] condition(float[] z, double[] task) {
        if (!oracle) {
            return z;
        }
        float[] c = new float[task.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) task[i];
        }
        return c;
    }

    @Override
    public double[] act(double[] observation, AgentState state, boolean episodeStart, boolean deterministic) {
        if (episodeStart || state.memory() == null) {
            state.setMemory(encoder.newBelief().sample(state.rng()));
        }
        float[] obs = new float[obsDim];
        if (observation.length != obsDim) {
            throw new IllegalArgumentException("observation has " + observation.length + " values, the PEARL policy "
                    + "expects " + obsDim + " (PEARL runs on envs with episodesPerTrial=1)");
        }
        for (int i = 0; i < obsDim; i++) {
            obs[i] = (float) observation[i];
        }
        float[] cond = condition(state.memory(), state.task());
        return scaling.toEnv(normalisedAction(obs, cond, deterministic ? null : state.rng()));
    }

    /**
     * oyster's evaluation: for each task, {@code evalTrajectories} deterministic trajectories collected online on
     * {@code env} (a meta-env with one episode per trial), the first {@code explorationTrajectories} with {@code z} from
     * the prior, later ones with {@code z} drawn from the posterior of every transition collected on the task so far
     * (after each trajectory). {@code rng} draws every {@code z} and reset seed.
     *
     * @return each task's trajectory returns, in collection order
     */
    public double[][] evaluateTasks(Env env, List<Task> tasks, RandomGenerator rng) {
        TrialWrapper trial = Pearl.trialOf(env);
        int k = config.evalTrajectories();
        double[][] returns = new double[tasks.size()][k];
        for (int t = 0; t < tasks.size(); t++) {
            Task task = tasks.get(t);
            ContextEncoder.Belief belief = encoder.newBelief();
            float[] z = belief.sample(rng);
            for (int j = 0; j < k; j++) {
                float[] cond = condition(z, task.vector());
                trial.setNextTask(task);
                double[] obs = env.reset(rng.nextLong()).observation();
                double ret = 0;
                while (true) {
                    float[] u = normalisedAction(OffPolicyState.toFloat(obs, obsDim), cond, null);
                    StepResult r = env.step(scaling.toEnv(u));
                    belief.add(contextRow(obs, u, r.reward(), r.observation()));
                    ret += r.reward();
                    obs = r.observation();
                    if (r.terminated() || r.truncated()) {
                        break;
                    }
                }
                returns[t][j] = ret;
                if (j + 1 >= config.explorationTrajectories()) {
                    z = belief.sample(rng);
                }
            }
        }
        return returns;
    }

    /**
     * PEARL's protocol as the agent's evaluation ({@code hyperrl eval}): {@code episodes} test tasks of {@code env}
     * (its fixed test list, or the list PEARL draws for sampled families, in order and cycling), each entry one task's
     * trajectories: the first from the prior, the last after adaptation.
     */
    @Override
    public EvalResult evaluate(Env env, int episodes, long seed) {
        List<Task> tests = Pearl.taskLists(Pearl.trialOf(env), config).get(1);
        List<Task> chosen = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            chosen.add(tests.get(i % tests.size()));
        }
        return new EvalResult(java.util.Arrays.asList(evaluateTasks(env, chosen, new Rng(seed))));
    }


    /** The context encoder. */
    public ContextEncoder encoder() {
        return encoder;
    }

    PearlPolicy policy() {
        return policy;
    }

    /** Scaling between normalised and env actions. */
    public ActionScaling scaling() {
        return scaling;
    }

    /** Whether the policy reads the true task (Sarafian's oracle) instead of {@code z}. */
    public boolean oracle() {
        return oracle;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(encoder.parameters());
        ps.addAll(policy.parameters());
        return ps;
    }

    @Override
    public void refresh() {
        encoder.refresh();
        policy.refresh();
    }
}
