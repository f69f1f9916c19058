package org.hyperrl.bench.runtime;

import java.util.List;

/** Column names of {@code progress.csv} shared by the algorithms, the plot and the table commands. */
public final class ProgressColumns {
    private ProgressColumns() {
    }

    /** Environment steps taken so far; always the first column. */
    public static final String STEP = "step";
    /** Episodes finished so far. */
    public static final String EPISODES = "episodes";
    /** Mean undiscounted return of the training episodes finished since the previous row. */
    public static final String EPISODE_RETURN = "episode_return";
    /** Mean return of the deterministic evaluation episodes; empty except on evaluation rows. */
    public static final String EVAL_RETURN = "eval_return";
    /** Mean critic loss since the previous row. */
    public static final String CRITIC_LOSS = "critic_loss";
    /** Mean actor loss since the previous row. */
    public static final String ACTOR_LOSS = "actor_loss";
    /** SAC's entropy coefficient (empty for TD3). */
    public static final String ALPHA = "alpha";
    /** Environment steps per second of wall-clock time since the previous row. */
    public static final String ENV_STEPS_PER_S = "env_steps_per_s";
    /** Mean wall-clock time of one gradient update, in milliseconds. */
    public static final String UPDATE_MS = "update_ms";
    /** Wall-clock seconds since the run started (including time before a resume). */
    public static final String TIME_S = "time_s";

    /** The columns TD3 and SAC write, in order. */
    public static final List<String> OFF_POLICY = List.of(STEP, EPISODES, EPISODE_RETURN, EVAL_RETURN, CRITIC_LOSS,
            ACTOR_LOSS, ALPHA, ENV_STEPS_PER_S, UPDATE_MS, TIME_S);
}
