package org.hyperrl.bench.sweep;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The state of one run of a sweep, in {@code OUT/status/NAME.properties} (plain Java properties: the status is read
 * and written on Spark executors, whose class path holds Spark's Jackson rather than HyperRL's), written atomically by the run's worker process
 * (and by the driver for outcomes the worker cannot report: a killed process). While a worker runs it holds an
 * exclusive lock on {@code OUT/status/NAME.lock}, so "running" is told from "interrupted" by trying that lock, and two
 * sweeps never train one run at once.
 *
 * @param state    {@link State}
 * @param attempt  how many times the run was started by this sweep directory
 * @param exitCode the worker's exit code (null while running)
 * @param message  the failure's message (the last error lines of the run), or null
 * @param host     the machine of the last attempt
 * @param started  start of the last attempt (ISO-8601)
 * @param finished end of the last attempt, or null
 */
public record RunStatus(State state, int attempt, Integer exitCode, String message, String host, String started,
                        String finished) {

    /** What a run is doing or how it ended. */
    public enum State {
        /** Not started yet. */
        PENDING,
        /** A worker holds the run's lock. */
        RUNNING,
        /** Started, not running now and not finished: killed, or its machine lost (it resumes on the next start). */
        INTERRUPTED,
        /** Trained to its total steps. */
        DONE,
        /** Stopped by a failure that recurs on a restart (bad config, non-finite values): not retried. */
        FAILED,
        /** The worker died of something else (a crash, out of memory, a kill); retried. */
        CRASHED
    }

    /** The status file of a run. */
    public static Path file(Path out, String name) {
        return out.resolve("status").resolve(name + ".properties");
    }

    /** The lock file of a run. */
    public static Path lockFile(Path out, String name) {
        return out.resolve("status").resolve(name + ".lock");
    }

    /** Writes the status of a run. */
    public void write(Path out, String name) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("state", state.name().toLowerCase(java.util.Locale.ROOT));
        p.setProperty("attempt", Integer.toString(attempt));
        put(p, "exitCode", exitCode == null ? null : exitCode.toString());
        put(p, "message", message);
        put(p, "host", host);
        put(p, "started", started);
        put(p, "finished", finished);
        java.io.StringWriter text = new java.io.StringWriter();
        try {
            p.store(text, "hyperrl sweep: state of run " + name);
            Files.createDirectories(file(out, name).getParent());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file(out, name) + ": " + e.getMessage(), e);
        }
        org.hyperrl.bench.runtime.AtomicFiles.writeString(file(out, name), text.toString());
    }

    private static void put(java.util.Properties p, String key, String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }

    /**
     * The recorded status of a run ({@link State#PENDING} without a file), with {@link State#RUNNING} turned into
     * {@link State#INTERRUPTED} when no process holds the run's lock.
     */
    public static RunStatus read(Path out, String name) {
        Path f = file(out, name);
        if (!Files.exists(f)) {
            return new RunStatus(State.PENDING, 0, null, null, null, null, null);
        }
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(f)) {
            p.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
        State state;
        try {
            state = State.valueOf(p.getProperty("state", "").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(f + " holds no valid state ('" + p.getProperty("state") + "'); delete it "
                    + "to let the sweep start the run again");
        }
        if (state == State.RUNNING && !isLocked(out, name)) {
            state = State.INTERRUPTED;
        }
        String exit = p.getProperty("exitCode");
        return new RunStatus(state, Integer.parseInt(p.getProperty("attempt", "0")),
                exit == null ? null : Integer.valueOf(exit), p.getProperty("message"), p.getProperty("host"),
                p.getProperty("started"), p.getProperty("finished"));
    }

    /** A status of a new attempt. */
    static RunStatus running(int attempt) {
        return new RunStatus(State.RUNNING, attempt, null, null, localHost(), Instant.now().toString(), null);
    }

    /** This status ended with the given state, exit code and message. */
    RunStatus ended(State end, int exit, String why) {
        return new RunStatus(end, attempt, exit, why, host, started, Instant.now().toString());
    }

    /** Whether a process holds the run's lock. */
    static boolean isLocked(Path out, String name) {
        Path lock = lockFile(out, name);
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The host name, or "unknown". */
    static String localHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
