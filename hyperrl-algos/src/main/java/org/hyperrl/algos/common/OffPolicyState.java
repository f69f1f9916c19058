package org.hyperrl.algos.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.hyperrl.algos.api.Column;
import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.api.ProgressSink;
import org.hyperrl.core.io.Checkpoints;
import org.hyperrl.core.io.TensorFile;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.optim.Optimizer;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.StepResult;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The state of an off-policy run besides its networks: replay buffer, the generators split from the root seed
 * (environment resets, exploration and target noise, minibatch sampling, evaluation), counters and the current
 * episode, with the two loop steps every off-policy algorithm takes (an environment step into the buffer, the end of a
 * training step into the progress sink). Every environment reset takes its seed from {@link #envRng}, so restoring this
 * state at an episode boundary and resetting with the saved seed continues the run exactly.
 */
public final class OffPolicyState {
    /** Replay buffer of normalised-action transitions. */
    public final ReplayBuffer buffer;
    /** Seeds of environment resets. */
    public final Rng envRng;
    /** Exploration and target-policy noise. */
    public final Rng noiseRng;
    /** Minibatch sampling. */
    public final Rng sampleRng;
    /** Evaluation episodes. */
    public final Evaluator evaluator;

    /** Environment steps taken. */
    public long step;
    /** Finished episodes. */
    public long episodes;
    /** Gradient updates of the critics. */
    public long updates;
    /** Seed of the current episode's reset. */
    public long resetSeed;
    /** Current observation. */
    public double[] obs;
    /** Return of the current episode so far. */
    public double episodeReturn;

    /**
     * Splits the generators from {@code root} and starts the first episode.
     *
     * @param evalSeed seed of the evaluation environment's generator (the papers use seed + 100)
     */
    public OffPolicyState(Env env, Env evalEnv, ReplayBuffer buffer, Rng root, long evalSeed) {
        this.buffer = buffer;
        this.envRng = root.split();
        this.noiseRng = root.split();
        this.sampleRng = root.split();
        this.evaluator = new Evaluator(evalEnv, evalSeed);
        newEpisode(env);
    }

    /** Resets the environment with the next seed and clears the episode return. */
    public void newEpisode(Env env) {
        resetSeed = envRng.nextLong();
        obs = env.reset(resetSeed).observation();
        episodeReturn = 0;
    }

    /**
     * One environment step with the normalised action {@code u}: scales it, stores the transition (terminal only on
     * termination), adds the reward to the episode and, when the episode ends, records {@code episodes} and
     * {@code episode_return} in {@code row} and starts the next episode.
     *
     * @return whether the episode ended (an episode boundary)
     */
    public boolean envStep(Env env, ActionScaling scaling, float[] u, Map<Column, Double> row) {
        StepResult r = env.step(scaling.toEnv(u));
        buffer.add(obs, toDouble(u), r.reward(), r.observation(), r.terminated());
        episodeReturn += r.reward();
        obs = r.observation();
        if (!r.terminated() && !r.truncated()) {
            return false;
        }
        episodes++;
        row.put(Columns.EPISODES, (double) episodes);
        row.put(Columns.EPISODE_RETURN, episodeReturn);
        newEpisode(env);
        return true;
    }

    /** A uniform action in {@code [-1, 1]^dim} from {@link #noiseRng} (the start phase's exploration). */
    public float[] randomAction(int dim) {
        float[] u = new float[dim];
        for (int i = 0; i < dim; i++) {
            u[i] = (float) (2 * noiseRng.nextDouble() - 1);
        }
        return u;
    }

    /**
     * The end of a training step: a non-empty {@code row} gets {@code time_s} (seconds since
     * {@code startNanos}), goes to {@code sink} and is cleared; then, if the step ended an episode,
     * {@code episodeBoundary} hears of it (the runtime checkpoints there).
     */
    public void endStep(Map<Column, Double> row, long startNanos, boolean boundary, ProgressSink sink,
                        LongConsumer episodeBoundary) {
        if (!row.isEmpty()) {
            row.put(Columns.TIME_S, (System.nanoTime() - startNanos) / 1e9);
            sink.record(step, Map.copyOf(row));
            row.clear();
        }
        if (boundary) {
            episodeBoundary.accept(step);
        }
    }

    /** Named arrays for a checkpoint. */
    public Map<String, INDArray> save() {
        Map<String, INDArray> extra = new LinkedHashMap<>();
        buffer.state().forEach((k, v) -> extra.put("buffer/" + k, v));
        extra.put("counters", Nd4j.createFromArray(step, episodes, updates, resetSeed, envRng.state(), noiseRng.state(),
                sampleRng.state(), evaluator.rng().state()));
        extra.put("episode_return", Nd4j.createFromArray(episodeReturn));
        return extra;
    }

    /** Restores {@link #save()} and re-creates the current episode's start by resetting with its seed. */
    public void restore(Map<String, INDArray> extra, Env env) {
        Map<String, INDArray> bufferState = new LinkedHashMap<>();
        extra.forEach((k, v) -> {
            if (k.startsWith("buffer/")) {
                bufferState.put(k.substring("buffer/".length()), v);
            }
        });
        INDArray counters = extra.get("counters");
        if (counters == null || bufferState.isEmpty()) {
            throw new IllegalArgumentException("checkpoint has no off-policy run state (counters/replay buffer)");
        }
        buffer.restore(bufferState);
        long[] c = counters.toLongVector();
        step = c[0];
        episodes = c[1];
        updates = c[2];
        resetSeed = c[3];
        envRng.restore(c[4]);
        noiseRng.restore(c[5]);
        sampleRng.restore(c[6]);
        evaluator.rng().restore(c[7]);
        obs = env.reset(resetSeed).observation();
        episodeReturn = extra.get("episode_return").getDouble(0);
    }

    /**
     * Writes a complete checkpoint: parameters, optimiser states, this state and the interval statistics.
     *
     * @throws NonFiniteException if a parameter is NaN or infinite (nothing is written)
     */
    public void saveCheckpoint(Path file, Parameters params, Map<String, ? extends Optimizer> optimisers,
                               IntervalStats stats, Map<String, String> metadata) throws IOException {
        Parameter bad = params.firstNonFinite();
        if (bad != null) {
            throw new NonFiniteException("parameter " + bad.name(), step);
        }
        Map<String, INDArray> extra = new LinkedHashMap<>(save());
        extra.putAll(stats.save());
        Checkpoints.save(file, params, optimisers, extra, metadata);
    }

    /** Restores a checkpoint written by {@link #saveCheckpoint} and returns its metadata. */
    public Map<String, String> loadCheckpoint(Path file, Parameters params, Map<String, ? extends Optimizer> optimisers,
                                              IntervalStats stats, List<Column> columns, Env env) throws IOException {
        TensorFile tf = Checkpoints.loadWithExtras(file, params, optimisers);
        restore(tf.arrays(), env);
        stats.restore(tf.arrays(), columns);
        return tf.metadata();
    }

    /** An observation as floats, checking its length. */
    public static float[] toFloat(double[] o, int expected) {
        if (o.length != expected) {
            throw new IllegalArgumentException("observation has " + o.length + " values, expected " + expected);
        }
        float[] f = new float[o.length];
        for (int i = 0; i < o.length; i++) {
            f[i] = (float) o[i];
        }
        return f;
    }

    /** A float vector as doubles. */
    public static double[] toDouble(float[] u) {
        double[] d = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            d[i] = u[i];
        }
        return d;
    }
}
