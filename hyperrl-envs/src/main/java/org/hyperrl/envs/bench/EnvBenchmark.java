package org.hyperrl.envs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.mujoco.Mujoco;
import org.hyperrl.envs.mujoco.MujocoEnv;
import org.hyperrl.envs.mujoco.MujocoModel;
import org.hyperrl.envs.registry.EnvRegistry;
import org.hyperrl.envs.vector.AutoresetMode;
import org.hyperrl.envs.vector.VectorEnv;

/**
 * Prints env steps per second for Grid-World, Pendulum and the MuJoCo locomotion envs: one env in one thread,
 * a 2-thread {@link VectorEnv} (2 and 8 sub-envs), and for MuJoCo envs a raw C loop of {@code mj_step} over
 * the same model (one thread and two threads). Random uniform actions; episodes are reset when they end, and
 * the raw C loop resets to the reference state every L steps, L being the mean episode length of the Java run,
 * so both simulate similar states. Each figure is the best of {@value #WINDOWS} equal time windows, which
 * filters out interference from other processes on a shared machine.
 * Usage: {@code EnvBenchmark [secondsPerMeasurement] [envId ...]}.
 */
public final class EnvBenchmark {

    /** Number of timing windows per measurement; the best window is reported. */
    static final int WINDOWS = 5;

    private EnvBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        List<String> ids = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("GridWorld", "Pendulum", "HalfCheetah", "Walker2d", "Ant", "Humanoid");
        System.out.printf(Locale.ROOT, "%-12s %8s %12s %14s %14s %12s %12s %8s %8s%n", "env", "ep.len", "1 thread",
                "vec 2x2thr",
                "vec 8x2thr", "raw C 1thr", "raw C 2thr", "J/C", "2thr/1");
        for (String id : ids) {
            boolean mujoco = isMujoco(id);
            if (mujoco && !Mujoco.isAvailable()) {
                System.out.printf(Locale.ROOT, "%-12s skipped: %s%n", id, Mujoco.unavailableReason());
                continue;
            }
            double[] singleAndLength = singleThread(id, seconds);
            double single = singleAndLength[0];
            int episodeLength = (int) Math.round(singleAndLength[1]);
            double vec2 = vector(id, 2, 2, seconds);
            double vec8 = vector(id, 8, 2, seconds);
            double raw1 = mujoco ? raw(id, 1, seconds, episodeLength) : Double.NaN;
            double raw2 = mujoco ? raw(id, 2, seconds, episodeLength) : Double.NaN;
            System.out.printf(Locale.ROOT, "%-12s %8d %12.0f %14.0f %14.0f %12s %12s %8s %8.2f%n", id, episodeLength,
                    single, vec2, vec8,
                    mujoco ? String.format(Locale.ROOT, "%.0f", raw1) : "-",
                    mujoco ? String.format(Locale.ROOT, "%.0f", raw2) : "-",
                    mujoco ? String.format(Locale.ROOT, "%.2f", single / raw1) : "-",
                    Math.max(vec2, vec8) / single);
        }
    }

    private static boolean isMujoco(String id) {
        return !(id.startsWith("GridWorld") || id.equals("Pendulum"));
    }

    private static double[] randomAction(Env env, SplittableRandom rng) {
        return env.actionSpace().sample(rng);
    }

    /** {steps/s, mean episode length} of one env in this thread, after a warm-up of a quarter of the time. */
    static double[] singleThread(String id, double seconds) {
        try (Env env = EnvRegistry.create(id)) {
            SplittableRandom rng = new SplittableRandom(0);
            env.reset(0);
            run(env, rng, seconds / 4);
            double best = 0;
            long steps = 0;
            long episodes = 0;
            for (int w = 0; w < WINDOWS; w++) {
                long t0 = System.nanoTime();
                long[] stepsAndEpisodes = run(env, rng, seconds / WINDOWS);
                best = Math.max(best, stepsAndEpisodes[0] / ((System.nanoTime() - t0) / 1e9));
                steps += stepsAndEpisodes[0];
                episodes += stepsAndEpisodes[1];
            }
            return new double[] {best, (double) steps / Math.max(1, episodes)};
        }
    }

    private static long[] run(Env env, SplittableRandom rng, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long steps = 0;
        long episodes = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 100; i++) {
                StepResult r = env.step(randomAction(env, rng));
                if (r.done()) {
                    env.reset();
                    episodes++;
                }
            }
            steps += 100;
        }
        return new long[] {steps, episodes};
    }

    /** Total sub-env steps/s of a vector env with {@code n} sub-envs on {@code threads} threads. */
    static double vector(String id, int n, int threads, double seconds) {
        try (VectorEnv v = new VectorEnv(i -> EnvRegistry.create(id), n, AutoresetMode.SAME_STEP, threads)) {
            SplittableRandom rng = new SplittableRandom(1);
            v.reset(0);
            double[][] actions = new double[n][];
            long warm = System.nanoTime() + (long) (seconds / 4 * 1e9);
            while (System.nanoTime() < warm) {
                fill(v, actions, rng);
                v.step(actions);
            }
            double best = 0;
            for (int w = 0; w < WINDOWS; w++) {
                long t0 = System.nanoTime();
                long deadline = t0 + (long) (seconds / WINDOWS * 1e9);
                long steps = 0;
                while (System.nanoTime() < deadline) {
                    fill(v, actions, rng);
                    v.step(actions);
                    steps += n;
                }
                best = Math.max(best, steps / ((System.nanoTime() - t0) / 1e9));
            }
            return best;
        }
    }

    private static void fill(VectorEnv v, double[][] actions, SplittableRandom rng) {
        for (int i = 0; i < actions.length; i++) {
            actions[i] = v.singleActionSpace().sample(rng);
        }
    }

    /**
     * Env steps/s of a C loop of mj_step over each thread's own model, summed over {@code threads} threads that
     * time the same windows (a barrier starts each window), best window reported.
     */
    static double raw(String id, int threads, double seconds, int resetEvery) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier barrier = new CyclicBarrier(threads);
        long[][] steps = new long[threads][WINDOWS];
        double[][] elapsed = new double[threads][WINDOWS];
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    try (Env env = EnvRegistry.create(id)) {
                        MujocoEnv m = env.find(MujocoEnv.class).orElseThrow();
                        env.reset(thread);
                        MujocoModel sim = m.simulation();
                        boolean contact = id.startsWith("Ant") || id.startsWith("Humanoid");
                        int batch = 200;
                        sim.rawStepLoopSeconds(batch, m.frameSkip(), contact, thread, resetEvery);
                        for (int w = 0; w < WINDOWS; w++) {
                            barrier.await();
                            long n = 0;
                            double e = 0;
                            while (e < seconds / WINDOWS) {
                                e += sim.rawStepLoopSeconds(batch, m.frameSkip(), contact, thread + (int) n, resetEvery);
                                n += batch;
                            }
                            steps[thread][w] = n;
                            elapsed[thread][w] = e;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double best = 0;
        for (int w = 0; w < WINDOWS; w++) {
            double rate = 0;
            for (int t = 0; t < threads; t++) {
                rate += steps[t][w] / elapsed[t][w];
            }
            best = Math.max(best, rate);
        }
        return best;
    }
}
