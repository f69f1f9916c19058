package org.hyperrl.algos.sac;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.hyperrl.algos.common.ActionScaling;
import org.hyperrl.algos.common.IntervalStats;
import org.hyperrl.algos.common.NonFiniteException;
import org.hyperrl.algos.common.OffPolicyState;
import org.hyperrl.algos.common.ProgressSink;
import org.hyperrl.algos.common.ReplayBuffer;
import org.hyperrl.algos.common.Rng;
import org.hyperrl.algos.common.Trainer;
import org.hyperrl.algos.common.TwinCritics;
import org.hyperrl.core.critic.Critics;
import org.hyperrl.core.critic.QNetwork;
import org.hyperrl.core.nn.FastMlp;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.optim.AdamOptimizer;
import org.hyperrl.core.optim.NonFiniteGradientException;
import org.hyperrl.envs.Box;
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
    private static final String ACTOR = "actor";
    private static final String CRITIC = "critic";
    private static final String TARGET = "target";
    private static final String ALPHA = "alpha";

    private final SacConfig config;
    private final Env env;
    private final ActionScaling scaling;
    private final int obsDim;
    private final int actDim;
    private final double targetEntropy;

    private final Parameters params;
    private final TanhGaussianPolicy actor;
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
    private final FastMlp policy;
    private final OffPolicyState state;
    private final IntervalStats stats = new IntervalStats();

    /**
     * @param env     training environment (Box observations and actions)
     * @param evalEnv separate evaluation environment (seeded with seed + 100)
     * @param seed    root seed of the run
     */
    public Sac(Env env, Env evalEnv, SacConfig config, long seed) {
        this.config = config;
        this.env = env;
        this.scaling = ActionScaling.of(env.actionSpace());
        if (!(env.observationSpace() instanceof Box ob)) {
            throw new IllegalArgumentException("SAC needs a Box observation space, got " + env.observationSpace());
        }
        this.obsDim = ob.low().length;
        this.actDim = scaling.dim();
        this.targetEntropy = Double.isNaN(config.targetEntropy()) ? -actDim : config.targetEntropy();
        Rng root = new Rng(seed);
        this.params = new Parameters(DataType.FLOAT, root.nextLong());
        this.actor = new TanhGaussianPolicy(params, "actor", ACTOR, obsDim, config.actorHidden(), actDim);
        this.q1 = Critics.create(config.critic(), params, "critic1", CRITIC, obsDim, actDim, config.criticConfig());
        this.q2 = Critics.create(config.critic(), params, "critic2", CRITIC, obsDim, actDim, config.criticConfig());
        this.q1Target = Critics.create(config.critic(), params, "critic1_target", TARGET, obsDim, actDim, config.criticConfig());
        this.q2Target = Critics.create(config.critic(), params, "critic2_target", TARGET, obsDim, actDim, config.criticConfig());
        TwinCritics.updateTargets(q1Target, q1, q2Target, q2, 1.0);
        this.logAlpha = params.add("log_alpha", ALPHA, new long[]{1}, new double[]{Math.log(config.alpha())});
        this.actorOptimiser = new AdamOptimizer(params.group(ACTOR), config.actorLr(), 0);
        this.criticOptimiser = new AdamOptimizer(params.group(CRITIC), config.criticLr(), 0);
        this.alphaOptimiser = new AdamOptimizer(List.of(logAlpha), config.alphaLr(), 0);

        criticGraph = TwinCritics.lossGraph(params, CRITIC, q1, q2);
        // Policy loss with the critics frozen (constants in this graph).
        actorGraph = new Graph(params, p -> p.group().equals(ACTOR)).checkInputs(false);
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
        this.policy = actor.fast();
        this.state = new OffPolicyState(env, evalEnv, new ReplayBuffer(config.bufferSize(), obsDim, actDim), root, seed + 100);
    }

    @Override
    public double train(ProgressSink sink, LongConsumer episodeBoundary) {
        double lastEval = Double.NaN;
        Map<String, Double> row = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        while (state.step < config.totalSteps()) {
            state.step++;
            float[] u = state.step <= config.startSteps() ? state.randomAction(actDim) : sampleAction(state.obs);
            boolean boundary = state.envStep(env, scaling, u, row);
            if (state.step > config.startSteps()) {
                long u0 = System.nanoTime();
                update();
                stats.addUpdate(System.nanoTime() - u0);
            }
            if (state.step % config.logEvery() == 0) {
                stats.flushInto(row, config.logEvery(), "critic_loss", "actor_loss");
                row.put("alpha", alpha());
            }
            if (config.evalEvery() > 0 && state.step % config.evalEvery() == 0) {
                lastEval = evaluate(config.evalEpisodes());
                row.put("eval_return", lastEval);
            }
            state.endStep(row, t0, boundary, sink, episodeBoundary);
        }
        return lastEval;
    }

    private void update() {
        int n = config.batchSize();
        ReplayBuffer.Batch b = state.buffer.sample(n, state.sampleRng);
        INDArray alpha = Nd4j.valueArrayOf(new long[]{n, 1}, (float) alpha());
        INDArray y = targetGraph.run(Map.of("s2", b.s2(), "eps", normals(n), "alpha", alpha, "r", b.r(),
                "notDone", b.notDone()), targetY);
        double criticLoss = state.minimise(criticOptimiser, criticGraph, Map.of("s", b.s(), "a", b.a(), "y", y), "critic");
        state.updates++;
        // The policy step needs log pi from the same pass (for alpha), so it takes the gradients itself.
        Graph.Gradients g = actorGraph.gradients(Map.of("s", b.s(), "eps", normals(n), "alpha", alpha), actorLogProb);
        if (!Double.isFinite(g.loss())) {
            throw new NonFiniteException("policy loss", state.step);
        }
        try {
            actorOptimiser.step(g.byParameter());
        } catch (NonFiniteGradientException e) {
            throw new NonFiniteException("policy gradient", state.step);
        }
        if (config.autoAlpha()) {
            // d/dlog(alpha) of -log(alpha) * mean(log pi + target entropy)
            double meanLogProb = g.outputs().get(actorLogProb.name()).meanNumber().doubleValue();
            INDArray grad = Nd4j.createFromArray((float) -(meanLogProb + targetEntropy));
            alphaOptimiser.step(Map.of(logAlpha, grad));
        }
        TwinCritics.updateTargets(q1Target, q1, q2Target, q2, config.tau());
        policy.refresh();
        stats.add("critic_loss", criticLoss);
        stats.add("actor_loss", g.loss());
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

    private float[] sampleAction(double[] o) {
        double[] normals = new double[actDim];
        for (int i = 0; i < actDim; i++) {
            normals[i] = state.noiseRng.nextGaussian();
        }
        return TanhGaussianPolicy.squash(policy.forward(OffPolicyState.toFloat(o, obsDim)), actDim, normals);
    }

    @Override
    public double evaluate(int episodes) {
        return state.evaluator.evaluate(this::act, episodes);
    }

    @Override
    public double[] act(double[] observation) {
        return scaling.toEnv(TanhGaussianPolicy.squash(policy.forward(OffPolicyState.toFloat(observation, obsDim)), actDim, null));
    }

    /** @throws NonFiniteException if a parameter is NaN or infinite (nothing is written) */
    @Override
    public void saveCheckpoint(Path file, Map<String, String> metadata) throws IOException {
        state.saveCheckpoint(file, params, optimisers(), stats, metadata);
    }

    @Override
    public Map<String, String> loadCheckpoint(Path file) throws IOException {
        Map<String, String> meta = state.loadCheckpoint(file, params, optimisers(), stats, env);
        policy.refresh();
        return meta;
    }

    private Map<String, AdamOptimizer> optimisers() {
        return Map.of(ACTOR, actorOptimiser, CRITIC, criticOptimiser, ALPHA, alphaOptimiser);
    }

    @Override
    public long step() {
        return state.step;
    }

    /** All parameters (policy, critics, target critics, log alpha). */
    public Parameters parameters() {
        return params;
    }

    /** The policy (for diagnostics and tests). */
    public TanhGaussianPolicy policy() {
        return actor;
    }

    public SacConfig config() {
        return config;
    }
}
