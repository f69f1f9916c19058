package org.hyperrl.bench.sweep;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The default executor: N runs at once on this machine, each in its own JVM, restarting a crashed or killed worker up
 * to {@code retries} times (its run resumes from its last checkpoint).
 */
public final class LocalExecutor implements SweepExecutor {
    private final int parallel;
    private final int retries;
    private final Consumer<Process> onStart;

    /**
     * @param parallel runs at once
     * @param retries  restarts of a crashed run
     * @param onStart  called with each worker process once it runs (tests kill workers through it)
     */
    public LocalExecutor(int parallel, int retries, Consumer<Process> onStart) {
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1, got " + parallel);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("--retries must not be negative, got " + retries);
        }
        this.parallel = parallel;
        this.retries = retries;
        this.onStart = onStart;
    }

    /**
     * How many runs this machine takes at once: one per core (each run uses {@code OMP_NUM_THREADS} BLAS threads, one by
     * default), and no more than
     * 90% of the physical memory divided by a run's off-heap limit ({@code -Dorg.bytedeco.javacpp.maxphysicalbytes}
     * in the workers' JVM options) plus its heap.
     */
    public static int defaultParallelism(List<String> jvmOptions) {
        int threads = 1;
        try {
            String omp = System.getenv("OMP_NUM_THREADS");
            threads = omp == null || omp.isBlank() ? 1 : Math.max(1, Integer.parseInt(omp.trim()));
        } catch (NumberFormatException ignored) {
            // a value the native libraries will not read either: one thread
        }
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors() / threads);
        long perRun = perRunBytes(jvmOptions);
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        long byMemory = perRun <= 0 ? cores : (long) (0.9 * memory) / perRun;
        return (int) Math.max(1, Math.min(cores, byMemory));
    }

    /** A worker's memory bound from its JVM options: the off-heap physical limit (which includes the heap), or 0. */
    static long perRunBytes(List<String> jvmOptions) {
        for (String o : jvmOptions) {
            String prefix = "-Dorg.bytedeco.javacpp.maxphysicalbytes=";
            if (o.startsWith(prefix)) {
                return parseBytes(o.substring(prefix.length()));
            }
        }
        return 0;
    }

    /** "8G", "512m", "1000000" as bytes. */
    static long parseBytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            case 't' -> unit = 1L << 40;
            default -> {
            }
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            return Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot read the memory size '" + text + "' (expected e.g. 8G)");
        }
    }

    @Override
    public int parallelism() {
        return parallel;
    }

    @Override
    public void execute(List<WorkerProcess> work, Consumer<WorkerProcess.Outcome> finished) {
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "hyperrl-sweep-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            for (WorkerProcess w : work) {
                pool.submit(() -> {
                    WorkerProcess.Outcome outcome;
                    int attempt = 0;
                    while (true) {
                        try {
                            outcome = w.execute(onStart);
                        } catch (RuntimeException e) {
                            outcome = new WorkerProcess.Outcome(w.run().name(), -1, RunStatus.State.CRASHED,
                                    e.getMessage(), 0);
                            break;
                        }
                        if (!outcome.retryable() || attempt++ >= retries) {
                            break;
                        }
                    }
                    finished.accept(outcome);
                });
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                // wait for the runs
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted; the running runs were stopped and resume on the next start");
        }
    }
}
