package org.hyperrl.bench.sweep;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts one sweep run in a JVM of its own ({@link WorkerMain}) and waits for it: a crash or an out-of-memory error of
 * one run never takes the sweep or the other runs down. Serializable, so a Spark task carries it to an executor.
 *
 * @param out        the sweep directory (a path the executing machine can reach)
 * @param run        the run
 * @param classpath  the class path of the worker JVM (HyperRL's jar with its lib/, at the same path on every machine)
 * @param jvmOptions options of the worker JVM (memory limits)
 */
public record WorkerProcess(String out, SweepRun run, String classpath, List<String> jvmOptions)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * How one attempt ended.
     *
     * @param name     the run
     * @param exitCode the worker's exit code
     * @param status   the status the worker recorded (or the driver, for a killed worker)
     * @param seconds  wall-clock seconds of the attempt
     */
    public record Outcome(String name, int exitCode, RunStatus.State status, String message, double seconds)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Whether a restart may succeed: the worker crashed or was killed (not a failure that recurs, not busy). */
        public boolean retryable() {
            return status == RunStatus.State.CRASHED;
        }
    }

    /** The class path for workers started from this JVM: its own. */
    public static String currentClasspath() {
        return System.getProperty("java.class.path");
    }

    /** The worker's command line. */
    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(WorkerMain.class.getName());
        cmd.add(out);
        cmd.add(run.name());
        cmd.add(run.steps() == null ? "-" : Long.toString(run.steps()));
        cmd.addAll(run.trainArgs());
        return cmd;
    }

    /**
     * Runs the worker to its end; its output is appended to {@code OUT/logs/NAME.log}. A worker killed by a signal (or
     * dying without recording an outcome) is recorded as {@link RunStatus.State#CRASHED}.
     *
     * @param started called with the process once it runs (the tests kill it)
     */
    public Outcome execute(java.util.function.Consumer<Process> started) {
        Path sweep = Path.of(out);
        Path log = sweep.resolve("logs").resolve(run.name() + ".log");
        long t0 = System.nanoTime();
        Process p;
        try {
            Files.createDirectories(log.getParent());
            check();
            ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            NativeEnv.applyDefaults(pb.environment());
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the worker of run " + run.name() + ": " + e.getMessage(), e);
        }
        started.accept(p);
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while run " + run.name() + " was running; it was stopped");
        } finally {
            try {
                p.getOutputStream().close();
            } catch (IOException ignored) {
                // the process is gone
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (code == WorkerMain.EXIT_BUSY) {
            return new Outcome(run.name(), code, RunStatus.State.RUNNING, "the run is running in another process",
                    seconds);
        }
        RunStatus status = RunStatus.read(sweep, run.name());
        if (status.state() == RunStatus.State.INTERRUPTED || status.state() == RunStatus.State.RUNNING
                || status.state() == RunStatus.State.PENDING) {
            String why = code > 128 ? "the worker was killed (signal " + (code - 128) + ")"
                    : "the worker exited with " + code + " without recording an outcome";
            status = status.ended(RunStatus.State.CRASHED, code, why);
            status.write(sweep, run.name());
        }
        return new Outcome(run.name(), code, status.state(), status.message(), seconds);
    }

    /** Checks that this machine can start the worker: the class path's entries exist. */
    private void check() {
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && !entry.endsWith("*") && !Files.exists(Path.of(entry))) {
                throw new IllegalStateException("cannot start run " + run.name() + " on " + RunStatus.localHost()
                        + ": the worker class path entry " + entry + " does not exist here; install HyperRL at the "
                        + "same path on every machine (or on the shared file system) and pass that jar with "
                        + "--worker-classpath");
            }
        }
    }

    /** Environment defaults of {@code bin/native-env.sh} for worker processes. */
    static final class NativeEnv {
        private NativeEnv() {
        }

        /**
         * One OpenMP/BLAS thread per run (a sweep runs one run per core), and OpenBLAS's Skylake-X kernels on AVX-512
         * machines, unless the environment says otherwise.
         */
        static void applyDefaults(Map<String, String> env) {
            env.putIfAbsent("OMP_NUM_THREADS", "1");
            if (!env.containsKey("OPENBLAS_CORETYPE") && avx512()) {
                env.put("OPENBLAS_CORETYPE", "SKYLAKEX");
            }
        }

        private static boolean avx512() {
            try {
                String cpu = Files.readString(Path.of("/proc/cpuinfo"));
                return cpu.contains(" avx512f") && cpu.contains(" avx512bw") && cpu.contains(" avx512vl");
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
    }
}
