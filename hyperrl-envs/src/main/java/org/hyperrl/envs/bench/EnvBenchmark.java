package org.hyperrl.envs.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * a 2-thread {@link VectorEnv} (2 and 8 sub-envs), two Java threads stepping independent envs without a vector
 * env's lock-step ("J 2thr", the ceiling for a vector env on this machine), and for MuJoCo envs a raw C loop of
 * {@code mj_step} over the same model (one and two threads). Random uniform actions; Java episodes are reset
 * when they end, and the raw C loop resets to the reference state every L steps, L being the mean episode
 * length of the Java run, so both simulate similar states.
 *
 * <p>Two figures per measurement: wall-clock steps/s and steps per CPU-second of the threads doing the work
 * (for vector envs the whole process's CPU time, which includes the workers' brief spin-waits), each the median
 * over {@value #ROUNDS} interleaved rounds. The ratio J/C compares CPU rates; "vec/1" is the better vector
 * env's wall rate over the single env's, "J2/1" the same for the independent Java threads and "C2/1" for the
 * raw loop: the thread scaling (medians of per-round ratios). "other" is the CPU time other processes used
 * during the env's measurements, in cores (from {@code /proc/stat}; "-" where unavailable): on a 2-core machine
 * any value well above 0 means the 2-thread figures are not the code's. "steal" is the hypervisor's steal time
 * in cores over the same period (the host running something else on this VM's vCPUs), which "other" does not
 * see. Usage: {@code EnvBenchmark [secondsPerMeasurement] [envId ...]}.
 */
public final class EnvBenchmark {

    /**
     * Number of rounds. Each round measures every configuration once, in turn, for a window of
     * {@code seconds / ROUNDS}; figures are medians over rounds and ratios medians of per-round ratios, so a
     * slow drift of the machine's speed (other VMs on the host, frequency changes) cancels out of the ratios.
     */
    static final int ROUNDS = 9;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Wall-clock rate (steps per second) and CPU rate (steps per CPU-second) of one measurement window. */
    record Rate(double wall, double cpu) {
    }

    private EnvBenchmark() {
    }

    /** The envs measured when none are named. */
    public static final List<String> DEFAULT_IDS =
            List.of("GridWorld", "Pendulum", "HalfCheetah", "Walker2d", "Ant", "Humanoid");

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        run(seconds, args.length > 1 ? List.of(args).subList(1, args.length) : DEFAULT_IDS,
                new PrintWriter(System.out, true));
    }

    /**
     * Measures each env for about {@code seconds} per configuration (6 configurations for MuJoCo envs, 4 for
     * the others) and prints one row per env to {@code out}, after a header; {@code out} is flushed after each row.
     *
     * @throws IllegalArgumentException if {@code seconds} is not positive and finite or an id is unknown
     */
    public static void run(double seconds, List<String> ids, PrintWriter out) throws Exception {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("seconds per measurement must be a positive number, got " + seconds);
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("name at least one env id");
        }
        for (String id : ids) {
            EnvRegistry.spec(id); // unknown ids fail here, before anything is measured
        }
        out.printf(Locale.ROOT,
                "%-11s %6s | %9s %9s | %9s %9s | %9s %9s | %9s | %9s %9s | %9s | %5s %5s %5s %5s | %5s %5s%n",
                "env", "ep.len", "1thr", "1thr cpu", "vec2x2", "cpu", "vec8x2", "cpu", "J 2thr", "rawC", "rawC cpu",
                "rawC 2thr", "J/C", "vec/1", "J2/1", "C2/1", "other", "steal");
        for (String id : ids) {
            boolean mujoco = !(id.startsWith("GridWorld") || id.equals("Pendulum"));
            if (mujoco && !Mujoco.isAvailable()) {
                out.printf(Locale.ROOT, "%-11s skipped: %s%n", id, Mujoco.unavailableReason());
                out.flush();
                continue;
            }
            OtherLoad other = OtherLoad.start();
            double window = seconds / ROUNDS;
            double[] episodeLength = new double[1];
            singleThread(id, seconds / 4, window, episodeLength); // JIT warm-up and the mean episode length
            int length = (int) Math.round(episodeLength[0]);
            Rate[][] r = new Rate[ROUNDS][];
            for (int round = 0; round < ROUNDS; round++) {
                double warm = round == 0 ? seconds / 8 : 0.05;
                r[round] = new Rate[] {
                    singleThread(id, warm, window, episodeLength),
                    vector(id, 2, 2, warm, window),
                    vector(id, 8, 2, warm, window),
                    independent(id, 2, warm, window),
                    mujoco ? raw(id, 1, window, length) : null,
                    mujoco ? raw(id, 2, window, length) : null};
            }
            double[] wall = new double[6];
            double[] cpu = new double[6];
            for (int k = 0; k < 6; k++) {
                int col = k;
                if (r[0][k] != null) {
                    wall[k] = median(round -> r[round][col].wall());
                    cpu[k] = median(round -> r[round][col].cpu());
                }
            }
            double vecRatio = median(round -> Math.max(r[round][1].wall(), r[round][2].wall()) / r[round][0].wall());
            double javaRatio = median(round -> r[round][3].wall() / r[round][0].wall());
            double otherCores = other.cores();
            double stealCores = other.stealCores();
            out.printf(Locale.ROOT,
                    "%-11s %6d | %9.0f %9.0f | %9.0f %9.0f | %9.0f %9.0f | %9.0f | %9s %9s | %9s | %5s %5.2f %5.2f %5s | %5s %5s%n",
                    id, length, wall[0], cpu[0], wall[1], cpu[1], wall[2], cpu[2], wall[3],
                    mujoco ? String.format(Locale.ROOT, "%.0f", wall[4]) : "-",
                    mujoco ? String.format(Locale.ROOT, "%.0f", cpu[4]) : "-",
                    mujoco ? String.format(Locale.ROOT, "%.0f", wall[5]) : "-",
                    mujoco ? String.format(Locale.ROOT, "%.2f", median(round -> r[round][0].cpu() / r[round][4].cpu()))
                            : "-",
                    vecRatio, javaRatio,
                    mujoco ? String.format(Locale.ROOT, "%.2f", median(round -> r[round][5].wall() / r[round][4].wall()))
                            : "-",
                    Double.isNaN(otherCores) ? "-" : String.format(Locale.ROOT, "%.2f", otherCores),
                    Double.isNaN(stealCores) ? "-" : String.format(Locale.ROOT, "%.2f", stealCores));
            out.flush();
        }
    }

    /** The median over the {@value #ROUNDS} rounds of a per-round figure. */
    private static double median(java.util.function.IntToDoubleFunction perRound) {
        double[] v = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            v[round] = perRound.applyAsDouble(round);
        }
        java.util.Arrays.sort(v);
        return ROUNDS % 2 == 1 ? v[ROUNDS / 2] : (v[ROUNDS / 2 - 1] + v[ROUNDS / 2]) / 2;
    }

    /**
     * CPU time used by other processes since {@link #start()}: all CPUs' busy time from the first line of
     * {@code /proc/stat} (in USER_HZ = 100 ticks, the Linux value on every common architecture) minus this
     * process's CPU time, divided by the elapsed time.
     */
    record OtherLoad(long busyTicks, long stealTicks, long processCpuNanos, long wallNanos) {

        static OtherLoad start() {
            return new OtherLoad(systemBusyTicks(), statField(8), OS.getProcessCpuTime(), System.nanoTime());
        }

        /**
         * Steal time since {@link #start()} in cores: time the hypervisor ran something else while a vCPU of this
         * VM had work (field 8 of {@code /proc/stat}); invisible to "other", and it slows 2-thread runs just the
         * same. NaN without {@code /proc/stat}.
         */
        double stealCores() {
            long steal = statField(8);
            if (steal < 0 || stealTicks < 0) {
                return Double.NaN;
            }
            return (steal - stealTicks) / 100.0 / ((System.nanoTime() - wallNanos) / 1e9);
        }

        /** One field of the first line of {@code /proc/stat} (1 = user), or -1. */
        private static long statField(int i) {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                return Long.parseLong(f[i]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        /** Other processes' CPU use in cores, or NaN without {@code /proc/stat}. */
        double cores() {
            long busy = systemBusyTicks();
            if (busy < 0 || busyTicks < 0) {
                return Double.NaN;
            }
            double busySeconds = (busy - busyTicks) / 100.0;
            double own = (OS.getProcessCpuTime() - processCpuNanos) / 1e9;
            return Math.max(0, busySeconds - own) / ((System.nanoTime() - wallNanos) / 1e9);
        }

        /** user + nice + system + irq + softirq ticks of all CPUs, or -1. */
        private static long systemBusyTicks() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                        + Long.parseLong(f[7]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    /** One env stepped in this thread for one window, after a warm-up of {@code warm} seconds. */
    static Rate singleThread(String id, double warm, double window, double[] meanEpisodeLength) {
        try (Env env = EnvRegistry.create(id)) {
            SplittableRandom rng = new SplittableRandom(0);
            env.reset(0);
            run(env, rng, warm);
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long[] stepsAndEpisodes = run(env, rng, window);
            double wall = stepsAndEpisodes[0] / ((System.nanoTime() - t0) / 1e9);
            double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
            meanEpisodeLength[0] = (double) stepsAndEpisodes[0] / Math.max(1, stepsAndEpisodes[1]);
            return new Rate(wall, stepsAndEpisodes[0] / cpuSeconds);
        }
    }

    private static long[] run(Env env, SplittableRandom rng, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long steps = 0;
        long episodes = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 100; i++) {
                StepResult r = env.step(env.actionSpace().sample(rng));
                if (r.done()) {
                    env.reset();
                    episodes++;
                }
            }
            steps += 100;
        }
        return new long[] {steps, episodes};
    }

    /**
     * {@code threads} Java threads, each stepping its own env with no synchronisation between steps: the
     * thread-scaling ceiling of the Java env itself on this machine, without the lock-step of a vector env.
     * A barrier starts the threads together; the wall rate is the total steps over the longest thread's time.
     */
    static Rate independent(String id, int threads, double warm, double window) throws Exception {
        List<Timed> t = onThreads(threads, (thread, start) -> {
            try (Env env = EnvRegistry.create(id)) {
                SplittableRandom rng = new SplittableRandom(10 + thread);
                env.reset(thread);
                run(env, rng, warm);
                start.await();
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                long steps = run(env, rng, window)[0];
                return new Timed(steps, (System.nanoTime() - t0) / 1e9,
                        (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9);
            }
        });
        double longest = t.stream().mapToDouble(Timed::seconds).max().orElseThrow();
        return new Rate(Timed.steps(t) / longest, Timed.steps(t) / Timed.cpuSeconds(t));
    }

    /** A vector env with {@code n} sub-envs on {@code threads} threads; rates count sub-env steps. */
    static Rate vector(String id, int n, int threads, double warm, double window) {
        try (VectorEnv v = new VectorEnv(i -> EnvRegistry.create(id), n, AutoresetMode.SAME_STEP, threads)) {
            SplittableRandom rng = new SplittableRandom(1);
            v.reset(0);
            double[][] actions = new double[n][];
            long warmEnd = System.nanoTime() + (long) (warm * 1e9);
            while (System.nanoTime() < warmEnd) {
                fill(v, actions, rng);
                v.step(actions);
            }
            long cpu0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            long deadline = t0 + (long) (window * 1e9);
            long steps = 0;
            while (System.nanoTime() < deadline) {
                fill(v, actions, rng);
                v.step(actions);
                steps += n;
            }
            double wall = steps / ((System.nanoTime() - t0) / 1e9);
            double cpuSeconds = (OS.getProcessCpuTime() - cpu0) / 1e9;
            return new Rate(wall, steps / cpuSeconds);
        }
    }

    private static void fill(VectorEnv v, double[][] actions, SplittableRandom rng) {
        for (int i = 0; i < actions.length; i++) {
            actions[i] = v.singleActionSpace().sample(rng);
        }
    }

    /**
     * A C loop of mj_step over each thread's own model for one window (a barrier starts the threads together);
     * the wall rate is the sum of the threads' rates, each timed inside C.
     */
    static Rate raw(String id, int threads, double window, int resetEvery) throws Exception {
        List<Timed> t = onThreads(threads, (thread, start) -> {
            try (Env env = EnvRegistry.create(id)) {
                MujocoEnv m = env.find(MujocoEnv.class).orElseThrow();
                env.reset(thread);
                MujocoModel sim = m.simulation();
                boolean contact = id.startsWith("Ant") || id.startsWith("Humanoid");
                int batch = 200;
                sim.rawStepLoopSeconds(batch, m.frameSkip(), contact, thread, resetEvery);
                start.await();
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                long n = 0;
                double e = 0;
                while (e < window) {
                    e += sim.rawStepLoopSeconds(batch, m.frameSkip(), contact, thread + (int) n, resetEvery);
                    n += batch;
                }
                return new Timed(n, e, (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9);
            }
        });
        double rate = t.stream().mapToDouble(x -> x.steps() / x.seconds()).sum();
        return new Rate(rate, Timed.steps(t) / Timed.cpuSeconds(t));
    }

    /** What one thread of a multi-thread measurement did: steps, the seconds they took, its CPU seconds. */
    record Timed(long steps, double seconds, double cpuSeconds) {
        static long steps(List<Timed> t) {
            return t.stream().mapToLong(Timed::steps).sum();
        }

        static double cpuSeconds(List<Timed> t) {
            return t.stream().mapToDouble(Timed::cpuSeconds).sum();
        }
    }

    /** The measurement of one thread; it awaits {@code start} (shared by all threads) just before timing. */
    interface ThreadMeasurement {
        Timed run(int thread, CyclicBarrier start) throws Exception;
    }

    /** Runs {@code body} on {@code threads} new threads at once and returns their results in thread order. */
    static List<Timed> onThreads(int threads, ThreadMeasurement body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        try {
            List<Future<Timed>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> body.run(thread, start)));
            }
            List<Timed> results = new ArrayList<>();
            for (Future<Timed> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
