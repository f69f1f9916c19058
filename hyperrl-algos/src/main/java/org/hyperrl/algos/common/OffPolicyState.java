package org.hyperrl.algos.common;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hyperrl.envs.Env;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The state of an off-policy run besides its networks: replay buffer, the generators split from the root seed
 * (environment resets, exploration and target noise, minibatch sampling, evaluation), counters and the current
 * episode. Every environment reset takes its seed from {@link #envRng}, so restoring this state at an episode
 * boundary and resetting with the saved seed continues the run exactly.
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
}
