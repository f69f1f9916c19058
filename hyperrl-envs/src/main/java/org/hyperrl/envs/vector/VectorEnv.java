package org.hyperrl.envs.vector;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.ResetResult;
import org.hyperrl.envs.Space;
import org.hyperrl.envs.StepResult;

/**
 * N copies of an environment stepped together, sequentially ({@code threads == 1}) or in parallel: the
 * sub-envs are split into {@code threads} contiguous blocks, the calling thread steps block 0 and each other
 * block always runs on the same persistent worker thread (see {@link BlockRunner} for the hand-off). Every
 * sub-env owns its RNG, so results do not depend on the number of threads. {@code reset(seed)} seeds sub-env
 * {@code i} with {@code seed + i}. Not thread-safe itself; {@link #close()} stops the workers and closes the
 * sub-envs (an unreachable, unclosed VectorEnv still has its workers stopped).
 */
public final class VectorEnv implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    private final Env[] envs;
    private final AutoresetMode mode;
    private final BlockRunner workers;
    private final Cleaner.Cleanable stopWorkers;
    private final boolean[] needsReset;
    private final boolean[] ended;

    /**
     * @param factory creates sub-env {@code i}; each call must return a new instance
     * @param n       number of sub-envs
     * @param mode    autoreset mode
     * @param threads threads that step sub-envs, counting the caller's (1 = sequential in the caller's thread;
     *                more than {@code n} is capped at {@code n})
     */
    public VectorEnv(IntFunction<? extends Env> factory, int n, AutoresetMode mode, int threads) {
        if (n < 1) {
            throw new IllegalArgumentException("a VectorEnv needs n >= 1 sub-envs, got " + n);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.envs = new Env[n];
        for (int i = 0; i < n; i++) {
            envs[i] = factory.apply(i);
            for (int j = 0; j < i; j++) {
                if (envs[j] == envs[i]) {
                    throw new IllegalArgumentException("the factory returned the same Env instance twice; "
                            + "create a new env per call");
                }
            }
        }
        for (int i = 1; i < n; i++) {
            if (!envs[i].observationSpace().equals(envs[0].observationSpace())
                    || !envs[i].actionSpace().equals(envs[0].actionSpace())) {
                throw new IllegalArgumentException("sub-env " + i + " has different spaces from sub-env 0");
            }
        }
        this.mode = mode;
        int blocks = Math.min(threads, n);
        this.workers = blocks > 1 ? new BlockRunner(n, blocks, "hyperrl-vector-env") : null;
        this.stopWorkers = workers == null ? null : CLEANER.register(this, workers::close);
        this.needsReset = new boolean[n];
        this.ended = new boolean[n];
        Arrays.fill(ended, true);
    }

    /** Number of sub-envs. */
    public int size() {
        return envs.length;
    }

    /** The autoreset mode. */
    public AutoresetMode mode() {
        return mode;
    }

    /** Observation space of one sub-env. */
    public Space singleObservationSpace() {
        return envs[0].observationSpace();
    }

    /** Action space of one sub-env. */
    public Space singleActionSpace() {
        return envs[0].actionSpace();
    }

    /** Sub-env {@code i} (for inspection, e.g. setting tasks; do not step it directly). */
    public Env env(int i) {
        return envs[i];
    }

    /** Resets all sub-envs, sub-env {@code i} with seed {@code seed + i}; returns the observations. */
    public double[][] reset(long seed) {
        double[][] obs = new double[envs.length][];
        run(i -> obs[i] = started(i, envs[i].reset(seed + i)));
        return obs;
    }

    /** Resets all sub-envs without reseeding. */
    public double[][] reset() {
        double[][] obs = new double[envs.length][];
        run(i -> obs[i] = started(i, envs[i].reset()));
        return obs;
    }

    /** Resets sub-env {@code i} without reseeding (needed in {@link AutoresetMode#DISABLED}). */
    public double[] resetSubEnv(int i) {
        return started(i, envs[i].reset());
    }

    private double[] started(int i, ResetResult r) {
        needsReset[i] = false;
        ended[i] = false;
        return r.observation();
    }

    /**
     * Steps every sub-env with its row of {@code actions}.
     *
     * @throws IllegalArgumentException if the number of action rows is not {@link #size()}
     * @throws IllegalStateException    in DISABLED mode, if a sub-env's episode ended and was not reset
     */
    public VectorStepResult step(double[][] actions) {
        if (actions == null || actions.length != envs.length) {
            throw new IllegalArgumentException("step needs one action per sub-env: expected " + envs.length
                    + " rows, got " + (actions == null ? "null" : actions.length));
        }
        for (int i = 0; i < envs.length; i++) {
            if (ended[i] && !needsReset[i]) {
                throw new IllegalStateException("sub-env " + i + " has no running episode; "
                        + (mode == AutoresetMode.DISABLED ? "call resetSubEnv(" + i + ") (autoreset is DISABLED)"
                                : "call reset() first"));
            }
        }
        int n = envs.length;
        double[][] obs = new double[n][];
        double[] rewards = new double[n];
        boolean[] term = new boolean[n];
        boolean[] trunc = new boolean[n];
        double[][] finals = new double[n][];
        boolean[] autoreset = new boolean[n];
        @SuppressWarnings("unchecked")
        Map<String, Object>[] infos = new Map[n];
        run(i -> {
            if (needsReset[i]) {
                ResetResult r = envs[i].reset();
                obs[i] = started(i, r);
                infos[i] = r.info();
                autoreset[i] = true;
                return;
            }
            StepResult r = envs[i].step(actions[i]);
            rewards[i] = r.reward();
            term[i] = r.terminated();
            trunc[i] = r.truncated();
            infos[i] = r.info();
            obs[i] = r.observation();
            if (r.done()) {
                finals[i] = r.observation();
                ended[i] = true;
                switch (mode) {
                    case NEXT_STEP -> needsReset[i] = true;
                    case SAME_STEP -> obs[i] = started(i, envs[i].reset());
                    case DISABLED -> { }
                }
            }
        });
        return new VectorStepResult(obs, rewards, term, trunc, finals, List.of(infos), autoreset);
    }

    private void run(BlockRunner.IndexTask task) {
        if (workers == null) {
            for (int i = 0; i < envs.length; i++) {
                task.run(i);
            }
            return;
        }
        workers.run(task);
    }

    @Override
    public void close() {
        if (stopWorkers != null) {
            stopWorkers.clean();
        }
        for (Env e : envs) {
            e.close();
        }
    }
}
