package org.hyperrl.algos.td3;

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
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.optim.AdamOptimizer;
import org.hyperrl.core.optim.Polyak;
import org.hyperrl.envs.Env;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Twin Delayed DDPG (Fujimoto et al. 2018) with a pluggable critic, as used by Sarafian et al. 2021:
 * <pre>
 * for t = 1..T:
 *     u = uniform(-1, 1)                          if t <= start steps
 *       = clip(pi(s) + N(0, sigma_explore), -1, 1) otherwise
 *     step the env with the scaled action; store (s, u, r, s', terminated) in the replay buffer
 *     if t > start steps:
 *         sample a minibatch; u' = clip(pi_target(s') + clip(N(0, sigma), -c, c), -1, 1)
 *         y = r + gamma * (1 - terminated) * min(Q1_target(s', u'), Q2_target(s', u'))
 *         minimise (Q1(s, u) - y)^2 + (Q2(s, u) - y)^2 over the critics
 *         every d-th update: minimise -Q1(s, pi(s)) over the actor only; Polyak-average all targets
 *     every eval interval: mean return of deterministic episodes on the evaluation env
 * </pre>
 * Actions are normalised to {@code [-1, 1]} (replay buffer and networks) and scaled to the env's box when acting.
 * All randomness comes from generators split from one seed, so a run is a function of (config, seed). The policy is
 * the {@link Td3Agent}; evaluation runs it on the test environment.
 */
public final class Td3 implements Trainer {
    private static final String CRITIC = "critic";
    private static final String TARGET = "target";

    private final Td3Config config;
    private final Env env;
    private final int actDim;

    private final Parameters params;
    private final Td3Agent agent;
    private final Mlp actorTarget;
    private final QNetwork q1;
    private final QNetwork q2;
    private final QNetwork q1Target;
    private final QNetwork q2Target;
    private final AdamOptimizer actorOptimiser;
    private final AdamOptimizer criticOptimiser;
    private final Graph criticGraph;
    private final Graph actorGraph;
    private final Graph targetGraph;
    private final SDVariable targetY;

    private final OffPolicyState state;
    private final IntervalStats stats = new IntervalStats();
    private long actorUpdates;

    /** Builds TD3 on the context's training env, evaluating on its test env. */
    public Td3(TrainingContext context, Td3Config config) {
        this(context.trainEnv(), context.testEnv(), config, context.seed());
    }

    /**
     * @param env     training environment (Box observations and actions)
     * @param evalEnv separate evaluation environment (the papers seed it with seed + 100)
     * @param seed    root seed of the run
     */
    public Td3(Env env, Env evalEnv, Td3Config config, long seed) {
        this.config = config;
        this.env = env;
        Rng root = new Rng(seed);
        this.params = new Parameters(DataType.FLOAT, root.nextLong());
        this.agent = new Td3Agent(params, env.observationSpace(), env.actionSpace(), config);
        Mlp actor = agent.actor();
        int obsDim = actor.inWidth();
        this.actDim = actor.outWidth();
        this.q1 = Critics.create(config.critic(), params, "critic1", CRITIC, obsDim, actDim, config.criticConfig());
        this.q2 = Critics.create(config.critic(), params, "critic2", CRITIC, obsDim, actDim, config.criticConfig());
        this.actorTarget = new Mlp(params, "actor_target", TARGET, obsDim, config.actorHidden(), actDim, Activation.RELU,
                Activation.TANH, LayerInits.TORCH_DEFAULT, 1.0);
        this.q1Target = Critics.create(config.critic(), params, "critic1_target", TARGET, obsDim, actDim, config.criticConfig());
        this.q2Target = Critics.create(config.critic(), params, "critic2_target", TARGET, obsDim, actDim, config.criticConfig());
        Polyak.update(actorTarget.parameters(), actor.parameters(), 1.0);
        TwinCritics.updateTargets(q1Target, q1, q2Target, q2, 1.0);
        this.actorOptimiser = new AdamOptimizer(params.group(Td3Agent.ACTOR), config.actorLr(), 0);
        this.criticOptimiser = new AdamOptimizer(params.group(CRITIC), config.criticLr(), 0);

        // Critic loss: both critics against the same target y (computed in the target graph).
        criticGraph = TwinCritics.lossGraph(params, CRITIC, q1, q2);
        // Actor loss: -Q1(s, pi(s)); critic parameters are constants here, so the actor loss never reaches them.
        // For SA-Hyper the primary network runs forward once on s and gradients flow only through the small
        // dynamic network that takes the action.
        actorGraph = new Graph(params, p -> p.group().equals(Td3Agent.ACTOR)).checkInputs(false);
        {
            SDVariable s = actorGraph.input("s", obsDim);
            actorGraph.setLoss(q1.q(actorGraph, s, actor.apply(actorGraph, s)).mean().neg());
        }
        // Target: y = r + gamma * notDone * min(Q1', Q2')(s', clip(pi'(s') + noise, -1, 1)).
        targetGraph = new Graph(params, p -> false).checkInputs(false);
        {
            SameDiff sd = targetGraph.sd();
            SDVariable s2 = targetGraph.input("s2", obsDim);
            SDVariable noise = targetGraph.input("noise", actDim);
            SDVariable r = targetGraph.input("r", 1);
            SDVariable notDone = targetGraph.input("notDone", 1);
            SDVariable a2 = sd.math().clipByValue(actorTarget.apply(targetGraph, s2).add(noise), -1.0, 1.0);
            SDVariable qMin = sd.math().min(q1Target.q(targetGraph, s2, a2), q2Target.q(targetGraph, s2, a2));
            targetY = r.add(notDone.mul(config.discount()).mul(qMin));
        }
        this.state = new OffPolicyState(env, evalEnv, new ReplayBuffer(config.bufferSize(), obsDim, actDim), root, seed + 100);
    }

    /** Trains until {@link Td3Config#totalSteps()}, reporting progress; returns the last evaluation (or NaN). */
    public double train(ProgressSink sink) {
        return train(sink, s -> { });
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
                stats.add(Columns.CRITIC_LOSS, updateCritics(batch));
                if (state.updates % config.policyDelay() == 0) {
                    stats.add(Columns.ACTOR_LOSS, updateActor(batch));
                    updateTargets();
                }
                stats.addUpdate(System.nanoTime() - u0);
            }
            if (state.step % config.logEvery() == 0) {
                stats.flushInto(row, config.logEvery(), Columns.CRITIC_LOSS, Columns.ACTOR_LOSS);
            }
            if (config.evalEvery() > 0 && state.step % config.evalEvery() == 0) {
                lastEval = state.evaluator.evaluate(agent, config.evalEpisodes()).mean();
                row.put(Columns.EVAL_RETURN, lastEval);
            }
            state.endStep(row, t0, boundary, sink, episodeBoundary);
        }
        return lastEval;
    }

    /** Minimises both critics' squared error to the clipped double-Q target on {@code batch}. */
    private double updateCritics(ReplayBuffer.Batch batch) {
        INDArray noise = targetNoise(config.batchSize());
        INDArray y = targetGraph.run(Map.of("s2", batch.s2(), "noise", noise, "r", batch.r(),
                "notDone", batch.notDone()), targetY);
        double loss = GuardedStep.minimise(criticOptimiser, criticGraph, Map.of("s", batch.s(), "a", batch.a(), "y", y),
                "critic", state.step).loss();
        state.updates++;
        return loss;
    }

    /** Minimises {@code -Q1(s, pi(s))} over the actor on the states of {@code batch}. */
    private double updateActor(ReplayBuffer.Batch batch) {
        actorUpdates++;
        double loss = GuardedStep.minimise(actorOptimiser, actorGraph, Map.of("s", batch.s()), "actor", state.step)
                .loss();
        agent.refresh();
        return loss;
    }

    private void updateTargets() {
        Polyak.update(actorTarget.parameters(), agent.actor().parameters(), config.tau());
        TwinCritics.updateTargets(q1Target, q1, q2Target, q2, config.tau());
    }

    /** Target policy smoothing noise: {@code clip(N(0, policyNoise), -noiseClip, noiseClip)}, {@code [n, A]}. */
    INDArray targetNoise(int n) {
        float[] noise = new float[n * actDim];
        for (int i = 0; i < noise.length; i++) {
            double v = config.policyNoise() * state.noiseRng.nextGaussian();
            noise[i] = (float) Math.max(-config.noiseClip(), Math.min(config.noiseClip(), v));
        }
        return Nd4j.create(noise, new long[]{n, actDim}, 'c');
    }

    /** Number of critic updates and of actor (and target) updates so far; their ratio is the policy delay. */
    long[] updateCounts() {
        return new long[]{state.updates, actorUpdates};
    }

    /** Mean return of {@code episodes} deterministic episodes on the evaluation env. */
    public double evaluate(int episodes) {
        return state.evaluator.evaluate(agent, episodes).mean();
    }

    /**
     * Writes networks, optimisers, replay buffer, generator states, counters and interval statistics (call at an
     * episode boundary).
     *
     * @throws NonFiniteException if a parameter is NaN or infinite (nothing is written)
     */
    @Override
    public void saveCheckpoint(Path file, Map<String, String> metadata) throws IOException {
        state.saveCheckpoint(file, params, optimisers(), stats, metadata);
    }

    /** Restores a checkpoint written by {@link #saveCheckpoint} and re-creates the environment's state. */
    @Override
    public Map<String, String> loadCheckpoint(Path file) throws IOException {
        Map<String, String> meta = state.loadCheckpoint(file, params, optimisers(), stats, Td3Algorithm.COLUMNS, env);
        agent.refresh();
        return meta;
    }

    private Map<String, AdamOptimizer> optimisers() {
        return Map.of(Td3Agent.ACTOR, actorOptimiser, CRITIC, criticOptimiser);
    }

    @Override
    public Td3Agent agent() {
        return agent;
    }

    /** Environment steps taken. */
    @Override
    public long step() {
        return state.step;
    }

    /** All parameters (online and target networks). */
    @Override
    public Parameters parameters() {
        return params;
    }

    /** The critics (for diagnostics). */
    public List<QNetwork> critics() {
        return List.of(q1, q2);
    }

    /** The actor's parameters. */
    public List<Parameter> actorParameters() {
        return agent.parameters();
    }

    public Td3Config config() {
        return config;
    }
}
