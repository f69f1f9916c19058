package org.hyperrl.envs.vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.ResetResult;
import org.hyperrl.envs.Space;
import org.hyperrl.envs.StepResult;

/**
 * N copies of an environment stepped together, sequentially ({@code threads == 1}) or on a fixed thread pool
 * (sub-envs split into {@code threads} contiguous blocks). Every sub-env owns its RNG, so results do not
 * depend on the number of threads. {@code reset(seed)} seeds sub-env {@code i} with {@code seed + i}.
 * Not thread-safe itself; {@link #close()} stops the pool and closes the sub-envs.
 */
public final class VectorEnv implements AutoCloseable {

    private final Env[] envs;
    private final AutoresetMode mode;
    private final ExecutorService pool;
    private final int threads;
    private final boolean[] needsReset;
    private final boolean[] ended;

    /**
     * @param factory creates sub-env {@code i}; each call must return a new instance
     * @param n       number of sub-envs
     * @param mode    autoreset mode
     * @param threads worker threads (1 = sequential in the caller's thread)
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
        this.threads = Math.min(threads, n);
        this.pool = this.threads > 1 ? Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "hyperrl-vector-env");
            t.setDaemon(true);
            return t;
        }) : null;
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
        List<Map<String, Object>> infos = new ArrayList<>(java.util.Collections.nCopies(n, Map.<String, Object>of()));
        run(i -> {
            if (needsReset[i]) {
                ResetResult r = envs[i].reset();
                obs[i] = started(i, r);
                infos.set(i, r.info());
                autoreset[i] = true;
                return;
            }
            StepResult r = envs[i].step(actions[i]);
            rewards[i] = r.reward();
            term[i] = r.terminated();
            trunc[i] = r.truncated();
            infos.set(i, r.info());
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
        return new VectorStepResult(obs, rewards, term, trunc, finals, List.copyOf(infos), autoreset);
    }

    private interface IndexTask {
        void run(int i);
    }

    private void run(IndexTask task) {
        int n = envs.length;
        if (pool == null) {
            for (int i = 0; i < n; i++) {
                task.run(i);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            int from = t * n / threads;
            int to = (t + 1) * n / threads;
            futures.add(pool.submit(() -> {
                for (int i = from; i < to; i++) {
                    task.run(i);
                }
            }));
        }
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re
                            : new IllegalStateException("sub-env step failed", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stepping sub-envs", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        for (Env e : envs) {
            e.close();
        }
    }
}
