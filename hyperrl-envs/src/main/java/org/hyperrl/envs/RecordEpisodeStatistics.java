package org.hyperrl.envs;

import java.util.HashMap;
import java.util.Map;

/**
 * Tracks the return and length of episodes; when an episode ends the step's info carries
 * {@code "episode" -> EpisodeStatistics} and {@link #lastEpisode()} returns it. Place it outside
 * reward-changing wrappers to record the original rewards.
 */
public final class RecordEpisodeStatistics extends Wrapper {

    /** Info key of the finished episode's {@link EpisodeStatistics}. */
    public static final String INFO_KEY = "episode";

    private double episodeReturn;
    private int length;
    private EpisodeStatistics last;
    private int episodes;

    public RecordEpisodeStatistics(Env env) {
        super(env);
    }

    /** Statistics of the most recently finished episode, or null if none finished yet. */
    public EpisodeStatistics lastEpisode() {
        return last;
    }

    /** Number of finished episodes. */
    public int episodeCount() {
        return episodes;
    }

    @Override
    public ResetResult reset(long seed) {
        episodeReturn = 0;
        length = 0;
        return env.reset(seed);
    }

    @Override
    public ResetResult reset() {
        episodeReturn = 0;
        length = 0;
        return env.reset();
    }

    @Override
    public StepResult step(double[] action) {
        StepResult r = env.step(action);
        episodeReturn += r.reward();
        length++;
        if (!r.done()) {
            return r;
        }
        last = new EpisodeStatistics(episodeReturn, length);
        episodes++;
        Map<String, Object> info = new HashMap<>(r.info());
        info.put(INFO_KEY, last);
        return new StepResult(r.observation(), r.reward(), r.terminated(), r.truncated(), info);
    }
}
