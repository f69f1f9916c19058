package org.hyperrl.bench;

import java.io.PrintWriter;
import org.hyperrl.bench.cli.BenchmarkCommand;
import org.hyperrl.bench.cli.EvalCommand;
import org.hyperrl.bench.cli.ListCommand;
import org.hyperrl.bench.cli.PlotCommand;
import org.hyperrl.bench.cli.QuickstartCommand;
import org.hyperrl.bench.cli.ResumeCommand;
import org.hyperrl.bench.cli.TableCommand;
import org.hyperrl.bench.cli.TrainCommand;
import org.hyperrl.bench.demo.DemoCommand;
import org.hyperrl.bench.perf.BenchCommand;
import org.hyperrl.bench.sweep.SweepCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hyperrl} command line. */
@Command(name = "hyperrl", mixinStandardHelpOptions = true, version = "HyperRL 0.1.0-SNAPSHOT",
        description = "Hypernetwork reinforcement learning on the JVM.",
        subcommands = {QuickstartCommand.class, ListCommand.class, TrainCommand.class, ResumeCommand.class,
                EvalCommand.class, PlotCommand.class, TableCommand.class, BenchmarkCommand.class, SweepCommand.class, DemoCommand.class,
                BenchCommand.class})
public final class Hyperrl implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Entry point; exits with the command's status (2 for usage errors). */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Hyperrl());
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    /** A fresh command line writing to the given streams, for commands that run other commands. */
    public static CommandLine commandLineForNested(PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl;
    }
}
