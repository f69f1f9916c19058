package org.hyperrl.bench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hyperrl.bench.Hyperrl;

/**
 * Tiny TD3 sweeps for the executor tests (Pendulum, 50-step episodes, a checkpoint every 100 steps, 400 steps) and
 * what they are compared with: the same runs trained one by one in this process.
 */
final class SweepRuns {
    static final String WORKER_JVM = "-Xmx512m -Dorg.bytedeco.javacpp.maxbytes=1G "
            + "-Dorg.bytedeco.javacpp.maxphysicalbytes=2G";

    private SweepRuns() {
    }

    /** A spec of {@code seeds} seeds x the given actor learning rates. */
    static String spec(int seeds, String... actorLrs) {
        return """
                algorithm: td3
                envs: [Pendulum]
                preset: small
                steps: 400
                seeds: %d
                checkpointEvery: 100
                networks: {critic: mlp-standard}
                set:
                  startSteps: 200
                  batchSize: 32
                  bufferSize: 1000
                  envOptions.maxEpisodeSteps: 50
                  evalEvery: 200
                  evalEpisodes: 2
                  logEvery: 100
                  criticConfig.mlpWidth: 32
                  actorHidden: [32, 32]
                grid:
                  actorLr: [%s]
                select: {over: actorLr}
                """.formatted(seeds, String.join(", ", actorLrs));
    }

    static Path write(Path dir, String spec) {
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve("spec.yaml");
            Files.writeString(f, spec);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code hyperrl ARGS} in this process; returns the exit code and output. */
    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Hyperrl.commandLineForNested(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n" + out + "\n" + err;
        }
    }

    /** Trains each run of the spec one by one in this process into {@code ref/NAME}. */
    static void trainOneByOne(String spec, Path ref) {
        for (SweepRun r : SweepPlan.expand(SweepSpec.parse(spec), null)) {
            Result res = cli(r.trainArgs(ref.resolve(r.name()).toString()).toArray(String[]::new));
            assertEquals(0, res.code(), res.toString());
        }
    }

    /**
     * The rows of a run's progress.csv without its wall-clock columns (names ending in {@code _s} or {@code _ms}),
     * which differ between any two runs.
     */
    static List<String> rows(Path runDir) {
        try {
            List<String> lines = Files.readAllLines(runDir.resolve("progress.csv"));
            String[] header = lines.get(0).split(",", -1);
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < header.length; i++) {
                if (!header[i].endsWith("_s") && !header[i].endsWith("_ms")) {
                    keep.add(i);
                }
            }
            List<String> rows = new ArrayList<>();
            for (String line : lines) {
                String[] cells = line.split(",", -1);
                rows.add(String.join(",", keep.stream().map(i -> cells[i]).toList()));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The worker process of a run, if it runs. */
    static Optional<ProcessHandle> worker(String runName) {
        return ProcessHandle.current().descendants().filter(p -> {
            List<String> args = commandLine(p);
            return args.contains(WorkerMain.class.getName()) && args.contains(runName);
        }).findFirst();
    }

    /** A process's arguments, from /proc (the JDK's ProcessHandle.Info leaves them out for long command lines). */
    private static List<String> commandLine(ProcessHandle p) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
            return Arrays.asList(new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return p.info().arguments().map(Arrays::asList).orElse(List.of());
        }
    }

    /**
     * Waits until the run has written a checkpoint and is not finished, then kills its worker (SIGKILL); returns
     * whether it killed it mid-run (false
     * also when the sweep ended first).
     */
    static boolean killMidRun(Path out, String runName, long timeoutMillis,
                              java.util.concurrent.Future<?> sweep) throws InterruptedException {
        Path ckpt = SweepPlan.runDir(out, runName).resolve("checkpoints").resolve("latest.ckpt");
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline && !sweep.isDone()) {
            Optional<ProcessHandle> w = worker(runName);
            if (w.isPresent() && Files.exists(ckpt)) {
                w.get().destroyForcibly();
                w.get().onExit().join();
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
