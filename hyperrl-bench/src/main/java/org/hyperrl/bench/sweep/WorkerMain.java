package org.hyperrl.bench.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hyperrl.bench.Hyperrl;
import org.hyperrl.bench.cli.RunConfigs;
import org.hyperrl.bench.runtime.RunDirectory;
import picocli.CommandLine;

/**
 * The process of one sweep run: {@code WorkerMain OUT NAME STEPS train ARGS...} (STEPS is {@code -} for the
 * preset's). It takes the run's lock, then trains the run, or resumes it if its directory already holds one (a
 * restart after a kill or a lost machine continues from the last checkpoint, so the result equals an uninterrupted
 * run), records the outcome in the run's status file and exits with:
 * <ul>
 *   <li>0: the run is complete;</li>
 *   <li>1: training failed (non-finite values, an env error): restarting would fail again;</li>
 *   <li>2: bad input (a config the algorithm refuses): restarting would fail again;</li>
 *   <li>{@link #EXIT_CRASH}: an unexpected exception or error (e.g. out of memory): worth a restart;</li>
 *   <li>{@link #EXIT_BUSY}: another process holds the run's lock (the run is running elsewhere).</li>
 * </ul>
 * The process exits when its standard input closes, so a worker never outlives the executor that started it (a
 * killed Spark executor would otherwise leave a process training a run that the retried task trains again).
 */
public final class WorkerMain {
    /** Exit code of an unexpected failure (EX_SOFTWARE). */
    public static final int EXIT_CRASH = 70;
    /** Exit code when the run's lock is held by another process (EX_TEMPFAIL). */
    public static final int EXIT_BUSY = 75;
    /** Exit code when the parent process went away (128 + SIGTERM, as a terminated process). */
    static final int EXIT_ORPHANED = 143;

    private WorkerMain() {
    }

    public static void main(String[] args) {
        if (args.length < 4 || !args[3].equals("train")) {
            System.err.println("usage: WorkerMain OUT NAME STEPS|- train ARGS... (started by 'hyperrl sweep')");
            System.exit(2);
        }
        watchParent();
        Path out = Path.of(args[0]);
        String name = args[1];
        Long steps = args[2].equals("-") ? null : Long.parseLong(args[2]);
        List<String> trainArgs = new ArrayList<>(Arrays.asList(args).subList(3, args.length));
        System.exit(run(out, name, steps, trainArgs));
    }

    /** Runs (or resumes) one run under its lock; returns the exit code. */
    static int run(Path out, String name, Long steps, List<String> trainArgs) {
        Path lockFile = RunStatus.lockFile(out, name);
        try {
            Files.createDirectories(lockFile.getParent());
        } catch (IOException e) {
            System.err.println("error: cannot create " + lockFile.getParent() + ": " + e.getMessage());
            return EXIT_CRASH;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.tryLock()) {
            if (lock == null) {
                System.err.println("error: run " + name + " is running in another process (" + lockFile + " is "
                        + "locked)");
                return EXIT_BUSY;
            }
            RunStatus previous = RunStatus.read(out, name);
            RunStatus status = RunStatus.running(previous.attempt() + 1);
            status.write(out, name);
            StringWriter errors = new StringWriter();
            int code;
            try {
                code = execute(out, name, steps, trainArgs, errors);
            } catch (Throwable t) {
                t.printStackTrace();
                errors.write("error: " + t + "\n");
                code = EXIT_CRASH;
            }
            RunStatus.State end = switch (code) {
                case 0 -> RunStatus.State.DONE;
                case 1, 2 -> RunStatus.State.FAILED;
                default -> RunStatus.State.CRASHED;
            };
            status.ended(end, code, code == 0 ? null : lastErrors(errors.toString())).write(out, name);
            return code;
        } catch (IOException e) {
            System.err.println("error: cannot lock " + lockFile + ": " + e.getMessage());
            return EXIT_CRASH;
        }
    }

    private static int execute(Path out, String name, Long steps, List<String> trainArgs, StringWriter errors) {
        Path dir = SweepPlan.runDir(out, name);
        List<String> args;
        if (Files.exists(dir.resolve(RunDirectory.CONFIG_FILE))) {
            args = new ArrayList<>(List.of("resume", dir.toString()));
            if (steps != null && RunConfigs.totalSteps(RunDirectory.open(dir).config()) != steps) {
                args.addAll(List.of("--steps", Long.toString(steps)));
            }
        } else {
            args = new ArrayList<>(trainArgs);
            args.addAll(List.of("--out", dir.toString()));
        }
        PrintWriter err = new PrintWriter(new Tee(new PrintWriter(System.err, true), errors), true);
        CommandLine cl = Hyperrl.commandLineForNested(new PrintWriter(System.out, true), err);
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            ex.printStackTrace(cmd.getErr());
            cmd.getErr().println("error: " + ex);
            return EXIT_CRASH;
        });
        return cl.execute(args.toArray(String[]::new));
    }

    /** The last lines starting with "error:" (or the last line), at most three. */
    static String lastErrors(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> errors = lines.stream().filter(l -> l.startsWith("error:")).toList();
        List<String> chosen = errors.isEmpty() ? lines : errors;
        if (chosen.isEmpty()) {
            return "(no message)";
        }
        return String.join(" | ", chosen.subList(Math.max(0, chosen.size() - 3), chosen.size()));
    }

    /** Exits when standard input reaches its end, i.e. when the process that started this one is gone. */
    private static void watchParent() {
        Thread t = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent writes nothing; any byte is ignored
                }
            } catch (IOException ignored) {
                // a broken pipe means the same as the end of input
            }
            System.err.println("error: the sweep process that started this run is gone; stopping (the run resumes "
                    + "from its last checkpoint when the sweep is started again)");
            Runtime.getRuntime().halt(EXIT_ORPHANED);
        }, "hyperrl-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /** Writes to two writers. */
    private static final class Tee extends Writer {
        private final Writer a;
        private final Writer b;

        Tee(Writer a, Writer b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            a.write(cbuf, off, len);
            b.write(cbuf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
