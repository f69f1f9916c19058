package org.hyperrl.algos.maml;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TrialWrapper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Samples a batch of complete episodes of one task with a Gaussian policy: {@code n} environments run one episode
 * each in lock-step, the policy's mean evaluated once per step for all running ones, actions
 * {@code mean + std * N(0, I)} passed to the environments unclipped (the environments clip as they do). Stepping is
 * spread over {@code threads} threads; noise and reset seeds come from the caller's generators in a fixed order, so a
 * batch does not depend on the number of threads.
 */
public final class TrajectorySampler implements AutoCloseable {
    private final List<Env> envs = new ArrayList<>();
    private final List<TrialWrapper> trials = new ArrayList<>();
    private final int obsDim;
    private final int actDim;
    private final ExecutorService pool;
    private final int threads;

    /**
     * @param factory creates one meta-RL environment (a {@link TrialWrapper} with one episode per trial)
     * @param n       episodes per batch (environments)
     * @param threads threads stepping the environments (1 steps them on the caller's thread)
     */
    public TrajectorySampler(Supplier<Env> factory, int n, int threads) {
        if (n < 1 || threads < 1) {
            throw new IllegalArgumentException("a sampler needs n >= 1 environments and threads >= 1, got " + n + ", "
                    + threads);
        }
        for (int i = 0; i < n; i++) {
            Env e = factory.get();
            envs.add(e);
            trials.add(trialOf(e));
        }
        if (!(envs.get(0).observationSpace() instanceof Box ob) || !(envs.get(0).actionSpace() instanceof Box ab)) {
            throw new IllegalArgumentException("MAML needs Box observation and action spaces, got "
                    + envs.get(0).observationSpace() + " and " + envs.get(0).actionSpace());
        }
        this.obsDim = ob.low().length;
        this.actDim = ab.low().length;
        this.threads = Math.min(threads, n);
        this.pool = this.threads > 1 ? Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "maml-sampler");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** The trial layer of a MAML environment, checked. */
    public static TrialWrapper trialOf(Env env) {
        TrialWrapper t = env.find(TrialWrapper.class).orElseThrow(() -> new IllegalArgumentException(
                "MAML needs a meta-RL env with a task distribution (e.g. Navigation2D, CheetahVel, CheetahFwdBack), "
                        + "got " + env.unwrapped().getClass().getSimpleName()));
        if (t.episodesPerTrial() != 1) {
            throw new IllegalArgumentException("MAML samples single episodes of a task, but this env runs "
                    + t.episodesPerTrial() + " episodes per trial: create it with episodesPerTrial=1 (on the command "
                    + "line: --set envOptions.episodesPerTrial=1)");
        }
        return t;
    }

    /** Observation width. */
    public int obsDim() {
        return obsDim;
    }

    /** Action width. */
    public int actDim() {
        return actDim;
    }

    /** Episodes per batch. */
    public int size() {
        return envs.size();
    }

    /**
     * One episode per environment on {@code task}.
     *
     * @param mean   the policy mean for this task (rows of observations to rows of means)
     * @param std    the standard deviation per action dimension
     * @param noise  the generator of the Gaussian action noise
     * @param resets the generator of the environments' reset seeds
     * @param type   the data type the mean function takes
     */
    public EpisodeBatch sample(Task task, UnaryOperator<INDArray> mean, double[] std, RandomGenerator noise,
                               RandomGenerator resets, DataType type) {
        int n = envs.size();
        double[][] obs = new double[n][];
        for (int i = 0; i < n; i++) {
            trials.get(i).setNextTask(task);
            obs[i] = envs.get(i).reset(resets.nextLong()).observation();
        }
        List<List<double[]>> o = new ArrayList<>();
        List<List<double[]>> a = new ArrayList<>();
        List<List<Double>> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            o.add(new ArrayList<>());
            a.add(new ArrayList<>());
            r.add(new ArrayList<>());
        }
        boolean[] running = new boolean[n];
        java.util.Arrays.fill(running, true);
        int active = n;
        while (active > 0) {
            int[] idx = new int[active];
            double[][] rows = new double[active][];
            for (int i = 0, k = 0; i < n; i++) {
                if (running[i]) {
                    idx[k] = i;
                    rows[k++] = obs[i];
                }
            }
            INDArray m = mean.apply(Nd4j.create(rows).castTo(type));
            double[][] act = new double[active][actDim];
            for (int k = 0; k < active; k++) {
                for (int j = 0; j < actDim; j++) {
                    act[k][j] = m.getDouble(k, j) + std[j] * noise.nextGaussian();
                }
            }
            StepResult[] results = step(idx, act);
            for (int k = 0; k < active; k++) {
                int i = idx[k];
                o.get(i).add(obs[i]);
                a.get(i).add(act[k]);
                r.get(i).add(results[k].reward());
                obs[i] = results[k].observation();
                if (results[k].done()) {
                    running[i] = false;
                }
            }
            active = 0;
            for (boolean b : running) {
                active += b ? 1 : 0;
            }
        }
        int total = 0;
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = r.get(i).size();
            total += lengths[i];
        }
        double[][] allObs = new double[total][];
        double[][] allAct = new double[total][];
        double[] rewards = new double[total];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < lengths[i]; t++, p++) {
                allObs[p] = o.get(i).get(t);
                allAct[p] = a.get(i).get(t);
                rewards[p] = r.get(i).get(t);
            }
        }
        return new EpisodeBatch(task.vector(), allObs, allAct, rewards, lengths);
    }

    private StepResult[] step(int[] idx, double[][] act) {
        StepResult[] out = new StepResult[idx.length];
        if (pool == null || idx.length < 2) {
            for (int k = 0; k < idx.length; k++) {
                out[k] = envs.get(idx[k]).step(act[k]);
            }
            return out;
        }
        List<Future<?>> futures = new ArrayList<>();
        int chunk = (idx.length + threads - 1) / threads;
        for (int from = 0; from < idx.length; from += chunk) {
            int lo = from;
            int hi = Math.min(idx.length, from + chunk);
            futures.add(pool.submit(() -> {
                for (int k = lo; k < hi; k++) {
                    out[k] = envs.get(idx[k]).step(act[k]);
                }
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stepping environments", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("environment step failed: " + c, c);
        }
        return out;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        for (Env e : envs) {
            try {
                e.close();
            } catch (Exception ignored) {
                // closing is best effort
            }
        }
    }
}
