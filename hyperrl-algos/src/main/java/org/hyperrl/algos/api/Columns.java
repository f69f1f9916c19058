package org.hyperrl.algos.api;

import java.util.List;

/** The progress columns several algorithms share. Algorithm-specific columns are constants of the algorithm's class. */
public final class Columns {
    private Columns() {
    }

    /** Environment steps taken so far; always the first column. */
    public static final Column STEP = new Column("step", "environment steps taken so far");
    /** Episodes finished so far. */
    public static final Column EPISODES = new Column("episodes", "training episodes finished so far");
    /** Mean undiscounted return of the training episodes finished since the previous row. */
    public static final Column EPISODE_RETURN = new Column("episode_return",
            "undiscounted return of the training episodes finished since the previous row");
    /** The name of {@link #EVAL_RETURN}, as a constant expression (for annotation defaults). */
    public static final String EVAL_RETURN_NAME = "eval_return";
    /** Mean return of the deterministic evaluation episodes; empty except on evaluation rows. */
    public static final Column EVAL_RETURN = new Column(EVAL_RETURN_NAME,
            "mean return of the deterministic evaluation episodes (evaluation rows only)");
    /** Mean critic loss since the previous row. */
    public static final Column CRITIC_LOSS = new Column("critic_loss", "mean critic loss since the previous row");
    /** Mean actor loss since the previous row. */
    public static final Column ACTOR_LOSS = new Column("actor_loss", "mean actor loss since the previous row");
    /** Environment steps per second of wall-clock time since the previous row. */
    public static final Column ENV_STEPS_PER_S = new Column("env_steps_per_s",
            "environment steps per second of wall-clock time since the previous row");
    /** Mean wall-clock time of one update, in milliseconds. */
    public static final Column UPDATE_MS = new Column("update_ms", "mean wall-clock time of one update in ms");
    /** Wall-clock seconds since the run started (including time before a resume). */
    public static final Column TIME_S = new Column("time_s", "wall-clock seconds since the run started");

    /** Step, episode, evaluation and timing columns: the frame of every off-policy algorithm's progress. */
    public static List<Column> offPolicy(Column... losses) {
        List<Column> cols = new java.util.ArrayList<>(List.of(STEP, EPISODES, EPISODE_RETURN, EVAL_RETURN));
        cols.addAll(List.of(losses));
        cols.addAll(List.of(ENV_STEPS_PER_S, UPDATE_MS, TIME_S));
        return List.copyOf(cols);
    }
}
