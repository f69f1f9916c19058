package org.hyperrl.envs.meta;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.ResetResult;
import org.hyperrl.envs.Space;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.Wrapper;

/**
 * The trial (BAMDP) layer: one meta-episode is {@code episodesPerTrial} episodes of the same task. The task
 * is resampled only when the meta-episode is reset; inner episodes that end inside the trial are reset here
 * and the step returns the new episode's first observation. With more than one episode per trial an
 * "inner episode just ended" flag (0/1) is appended to every observation.
 *
 * <p>The meta-episode ends with the last inner episode and carries its terminated/truncated flags (a trial
 * ending on a time limit is a truncation). Info keys: {@value #INFO_EPISODE} (index of the inner episode the
 * step belonged to), {@value #INFO_INNER_ENDED}, and when an inner episode ended
 * {@value #INFO_INNER_TERMINATED} and {@value #INFO_FINAL_OBSERVATION} (the true last observation).
 * The task RNG is separate from the env's: {@code reset(seed)} splits the seed into both.
 */
public final class TrialWrapper extends Wrapper {

    public static final String INFO_EPISODE = "trial.episode";
    public static final String INFO_INNER_ENDED = "trial.innerEnded";
    public static final String INFO_INNER_TERMINATED = "trial.innerTerminated";
    public static final String INFO_FINAL_OBSERVATION = "trial.finalObservation";
    public static final String INFO_TASK = "task";

    private final MetaEnv meta;
    private final int episodesPerTrial;
    private final Split split;
    private final Space obsSpace;
    private SplittableRandom taskRng = new SplittableRandom();
    private Task nextTask;
    private int episode;
    private boolean running;

    /**
     * @param env              a {@link MetaEnv}, possibly wrapped (e.g. in a {@link org.hyperrl.envs.TimeLimit})
     * @param episodesPerTrial k, the number of episodes per meta-episode (>= 1)
     * @param split            the task set to sample from
     */
    public TrialWrapper(Env env, int episodesPerTrial, Split split) {
        super(env);
        this.meta = env.find(MetaEnv.class).orElseThrow(() -> new IllegalArgumentException(
                "TrialWrapper needs a MetaEnv (an env with tasks) but got " + env.unwrapped().getClass().getName()));
        if (episodesPerTrial < 1) {
            throw new IllegalArgumentException("episodesPerTrial must be >= 1, got " + episodesPerTrial);
        }
        this.episodesPerTrial = episodesPerTrial;
        this.split = split;
        if (episodesPerTrial > 1) {
            if (!(env.observationSpace() instanceof Box b)) {
                throw new IllegalArgumentException("TrialWrapper with episodesPerTrial > 1 needs a Box observation "
                        + "space for the done flag, got " + env.observationSpace());
            }
            obsSpace = b.append(1, 0, 1);
        } else {
            obsSpace = env.observationSpace();
        }
    }

    /** k, the number of inner episodes per meta-episode. */
    public int episodesPerTrial() {
        return episodesPerTrial;
    }

    /** The meta-env whose task this wrapper controls. */
    public MetaEnv metaEnv() {
        return meta;
    }

    /** Uses {@code task} for the next meta-episode instead of sampling (e.g. to evaluate each test task). */
    public void setNextTask(Task task) {
        this.nextTask = task;
    }

    @Override
    public Space observationSpace() {
        return obsSpace;
    }

    @Override
    public ResetResult reset(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        taskRng = root.split();
        long envSeed = root.nextLong();
        meta.setTask(chooseTask());
        return started(env.reset(envSeed));
    }

    @Override
    public ResetResult reset() {
        meta.setTask(chooseTask());
        return started(env.reset());
    }

    private Task chooseTask() {
        Task t = nextTask != null ? nextTask : meta.taskDistribution().sample(split, taskRng);
        nextTask = null;
        return t;
    }

    private ResetResult started(ResetResult r) {
        episode = 0;
        running = true;
        Map<String, Object> info = new HashMap<>(r.info());
        info.put(INFO_TASK, meta.getTask());
        return new ResetResult(withFlag(r.observation(), false), info);
    }

    @Override
    public StepResult step(double[] action) {
        if (!running) {
            throw new IllegalStateException("TrialWrapper: step() called outside a meta-episode; call reset() "
                    + "first");
        }
        StepResult r = env.step(action);
        Map<String, Object> info = new HashMap<>(r.info());
        info.put(INFO_EPISODE, episode);
        info.put(INFO_INNER_ENDED, r.done());
        if (!r.done()) {
            return new StepResult(withFlag(r.observation(), false), r.reward(), false, false, info);
        }
        info.put(INFO_INNER_TERMINATED, r.terminated());
        info.put(INFO_FINAL_OBSERVATION, withFlag(r.observation(), true));
        episode++;
        if (episode >= episodesPerTrial) {
            running = false;
            return new StepResult(withFlag(r.observation(), true), r.reward(), r.terminated(), r.truncated(), info);
        }
        ResetResult next = env.reset();
        return new StepResult(withFlag(next.observation(), true), r.reward(), false, false, info);
    }

    private double[] withFlag(double[] obs, boolean innerEnded) {
        if (episodesPerTrial == 1) {
            return obs;
        }
        double[] out = Arrays.copyOf(obs, obs.length + 1);
        out[obs.length] = innerEnded ? 1 : 0;
        return out;
    }
}
