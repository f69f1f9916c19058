package org.hyperrl.algos.sac;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.hyperrl.algos.api.Column;
import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.api.ProgressSink;
import org.hyperrl.algos.api.Trainer;
import org.hyperrl.algos.api.TrainingContext;
import org.hyperrl.algos.common.GuardedStep;
import org.hyperrl.algos.common.IntervalStats;
import org.hyperrl.algos.common.NonFiniteException;
import org.hyperrl.algos.common.OffPolicyState;
import org.hyperrl.algos.common.ReplayBuffer;
import org.hyperrl.algos.common.Rng;
import org.hyperrl.algos.common.TwinCritics;
import org.hyperrl.core.critic.Critics;
import org.hyperrl.core.critic.QNetwork;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.optim.AdamOptimizer;
import org.hyperrl.envs.Env;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Soft Actor-Critic (Haarnoja et al. 2018) with a pluggable critic, as used by Sarafian et al. 2021:
 * <pre>
 * for t = 1..T:
 *     u = uniform(-1, 1) if t <= start steps, else a ~ pi(.|s) (tanh-squashed Gaussian)
 *     step the env with the scaled action; store (s, a, r, s', terminated)
 *     if t > start steps:
 *         sample a minibatch; a' ~ pi(.|s')
 *         y = scale * r + gamma * (1 - terminated) * (min(Q1', Q2')(s', a') - alpha * log pi(a'|s'))
 *         minimise (Q1(s, a) - y)^2 + (Q2(s, a) - y)^2 over the critics
 *         a~ ~ pi(.|s); minimise alpha * log pi(a~|s) - min(Q1, Q2)(s, a~) over the policy only
 *         if alpha is tuned: minimise -log(alpha) * (log pi(a~|s) + target entropy) over log(alpha)
 *         Polyak-average the target critics
 *     every eval interval: mean return of deterministic episodes (action = tanh(mean), scaled)
 * </pre>
 */
public final class Sac implements Trainer {
    /** SAC's entropy coefficient, logged with the losses. */
    public static final Column ALPHA = new Column("alpha", "SAC's entropy coefficient");

    private static final String CRITIC = "critic";
    private static final String TARGET = "target";
    private static final String ALPHA_GROUP = "alpha";

    private final SacConfig config;
    private final Env env;
    private final int actDim;
    private final double targetEntropy;

    private final Parameters params;
    private final SacAgent agent;
    private final QNetwork q1;
    private final QNetwork q2;
    private final QNetwork q1Target;
    private final QNetwork q2Target;
    private final Parameter logAlpha;
    private final AdamOptimizer actorOptimiser;
    private final AdamOptimizer criticOptimiser;
    private final AdamOptimizer alphaOptimiser;
    private final Graph criticGraph;
    private final Graph actorGraph;
    private final SDVariable actorLogProb;
    private final Graph targetGraph;
    private final SDVariable targetY;
    private final OffPolicyState state;
    private final IntervalStats stats = new IntervalStats();

    /** Builds SAC on the context's training env, evaluating on its test env. */
    public Sac(TrainingContext context, SacConfig config) {
        this(context.trainEnv(), context.testEnv(), config, context.seed());
    }

    /**
     * @param env     training environment (Box observations and actions)
     * @param evalEnv separate evaluation environment (seeded with seed + 100)
     * @param seed    root seed of the run
     */
    public Sac(Env env, Env evalEnv, SacConfig config, long seed) {
        this.config = config;
        this.env = env;
        Rng root = new Rng(seed);
        this.params = new Parameters(DataType.FLOAT, root.nextLong());
        this.agent = new SacAgent(params, env.observationSpace(), env.actionSpace(), config);
        TanhGaussianPolicy actor = agent.policy();
        this.actDim = actor.actionDim();
        int obsDim = actor.observationDim();
        this.targetEntropy = Double.isNaN(config.targetEntropy()) ? -actDim : config.targetEntropy();
        this.q1 = Critics.create(config.critic(), params, "critic1", CRITIC, obsDim, actDim, config.criticConfig());
        this.q2 = Critics.create(config.critic(), params, "critic2", CRITIC, obsDim, actDim, config.criticConfig());
        this.q1Target = Critics.create(config.critic(), params, "critic1_target", TARGET, obsDim, actDim, config.criticConfig());
        this.q2Target = Critics.create(config.critic(), params, "critic2_target", TARGET, obsDim, actDim, config.criticConfig());
        TwinCritics.updateTargets(q1Target, q1, q2Target, q2, 1.0);
        this.logAlpha = params.add("log_alpha", ALPHA_GROUP, new long[]{1}, new double[]{Math.log(config.alpha())});
        this.actorOptimiser = new AdamOptimizer(params.group(SacAgent.ACTOR), config.actorLr(), 0);
        this.criticOptimiser = new AdamOptimizer(params.group(CRITIC), config.criticLr(), 0);
        this.alphaOptimiser = new AdamOptimizer(List.of(logAlpha), config.alphaLr(), 0);

        criticGraph = TwinCritics.lossGraph(params, CRITIC, q1, q2);
        // Policy loss with the critics frozen (constants in this graph).
        actorGraph = new Graph(params, p -> p.group().equals(SacAgent.ACTOR)).checkInputs(false);
        {
            SDVariable s = actorGraph.input("s", obsDim);
            SDVariable eps = actorGraph.input("eps", actDim);
            SDVariable alpha = actorGraph.input("alpha", 1);
            TanhGaussianPolicy.Sample smp = actor.sample(actorGraph, s, eps);
            SDVariable qMin = actorGraph.sd().math().min(q1.q(actorGraph, s, smp.action()), q2.q(actorGraph, s, smp.action()));
            actorLogProb = smp.logProb();
            actorGraph.setLoss(smp.logProb().mul(alpha).sub(qMin).mean());
        }
        targetGraph = new Graph(params, p -> false).checkInputs(false);
        {
            SDVariable s2 = targetGraph.input("s2", obsDim);
            SDVariable eps = targetGraph.input("eps", actDim);
            SDVariable alpha = targetGraph.input("alpha", 1);
            SDVariable r = targetGraph.input("r", 1);
            SDVariable notDone = targetGraph.input("notDone", 1);
            TanhGaussianPolicy.Sample next = actor.sample(targetGraph, s2, eps);
            SDVariable qMin = targetGraph.sd().math().min(q1Target.q(targetGraph, s2, next.action()),
                    q2Target.q(targetGraph, s2, next.action()));
            SDVariable soft = qMin.sub(next.logProb().mul(alpha));
            targetY = r.mul(config.rewardScale()).add(notDone.mul(config.discount()).mul(soft));
        }
        this.state = new OffPolicyState(env, evalEnv, new ReplayBuffer(config.bufferSize(), obsDim, actDim), root, seed + 100);
    }

    @Override
    public double train(ProgressSink sink, LongConsumer episodeBoundary) {
        double lastEval = Double.NaN;
        Map<Column, Double> row = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        while (state.step < config.totalSteps()) {
            state.step++;
            float[] u = state.step <= config.startSteps() ? state.randomAction(actDim)
                    : agent.normalisedAction(state.obs, state.noiseRng);
            boolean boundary = state.envStep(env, agent.scaling(), u, row);
            if (state.step > config.startSteps()) {
                long u0 = System.nanoTime();
                ReplayBuffer.Batch batch = state.buffer.sample(config.batchSize(), state.sampleRng);
                INDArray alpha = Nd4j.valueArrayOf(new long[]{batch.size(), 1}, (float) alpha());
                stats.add(Columns.CRITIC_LOSS, updateCritics(batch, alpha));
                stats.add(Columns.ACTOR_LOSS, updatePolicyAndAlpha(batch, alpha));
                TwinCritics.updateTargets(q1Target, q1, q2Target, q2, config.tau());
                stats.addUpdate(System.nanoTime() - u0);
            }
            if (state.step % config.logEvery() == 0) {
                stats.flushInto(row, config.logEvery(), Columns.CRITIC_LOSS, Columns.ACTOR_LOSS);
                row.put(ALPHA, alpha());
            }
            if (config.evalEvery() > 0 && state.step % config.evalEvery() == 0) {
                lastEval = state.evaluator.evaluate(agent, config.evalEpisodes()).mean();
                row.put(Columns.EVAL_RETURN, lastEval);
            }
            state.endStep(row, t0, boundary, sink, episodeBoundary);
        }
        return lastEval;
    }

    /** Minimises both critics' squared error to the soft clipped double-Q target on {@code batch}. */
    private double updateCritics(ReplayBuffer.Batch batch, INDArray alpha) {
        INDArray y = targetGraph.run(Map.of("s2", batch.s2(), "eps", normals(batch.size()), "alpha", alpha,
                "r", batch.r(), "notDone", batch.notDone()), targetY);
        double loss = GuardedStep.minimise(criticOptimiser, criticGraph,
                Map.of("s", batch.s(), "a", batch.a(), "y", y), "critic", state.step).loss();
        state.updates++;
        return loss;
    }

    /**
     * Minimises {@code alpha log pi(a~|s) - min Q(s, a~)} over the policy and, if tuned, {@code -log(alpha) (log pi +
     * target entropy)} over log(alpha) with log pi from the same pass.
     */
    private double updatePolicyAndAlpha(ReplayBuffer.Batch batch, INDArray alpha) {
        Graph.Gradients g = GuardedStep.minimise(actorOptimiser, actorGraph,
                Map.of("s", batch.s(), "eps", normals(batch.size()), "alpha", alpha), "policy", state.step, actorLogProb);
        if (config.autoAlpha()) {
            // d/dlog(alpha) of -log(alpha) * mean(log pi + target entropy)
            double meanLogProb = g.outputs().get(actorLogProb.name()).meanNumber().doubleValue();
            INDArray grad = Nd4j.createFromArray((float) -(meanLogProb + targetEntropy));
            alphaOptimiser.step(Map.of(logAlpha, grad));
        }
        agent.refresh();
        return g.loss();
    }

    /** The current entropy coefficient. */
    public double alpha() {
        return Math.exp(logAlpha.value().getDouble(0));
    }

    private INDArray normals(int n) {
        float[] v = new float[n * actDim];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) state.noiseRng.nextGaussian();
        }
        return Nd4j.create(v, new long[]{n, actDim}, 'c');
    }

    /** Mean return of {@code episodes} deterministic episodes on the evaluation env. */
    public double evaluate(int episodes) {
        return state.evaluator.evaluate(agent, episodes).mean();
    }

    /** @throws NonFiniteException if a parameter is NaN or infinite (nothing is written) */
    @Override
    public void saveCheckpoint(Path file, Map<String, String> metadata) throws IOException {
        state.saveCheckpoint(file, params, optimisers(), stats, metadata);
    }

    @Override
    public Map<String, String> loadCheckpoint(Path file) throws IOException {
        Map<String, String> meta = state.loadCheckpoint(file, params, optimisers(), stats, SacAlgorithm.COLUMNS, env);
        agent.refresh();
        return meta;
    }

    private Map<String, AdamOptimizer> optimisers() {
        return Map.of(SacAgent.ACTOR, actorOptimiser, CRITIC, criticOptimiser, ALPHA_GROUP, alphaOptimiser);
    }

    @Override
    public SacAgent agent() {
        return agent;
    }

    @Override
    public long step() {
        return state.step;
    }

    /** All parameters (policy, critics, target critics, log alpha). */
    @Override
    public Parameters parameters() {
        return params;
    }

    /** The policy (for diagnostics and tests). */
    public TanhGaussianPolicy policy() {
        return agent.policy();
    }

    public SacConfig config() {
        return config;
    }
}
