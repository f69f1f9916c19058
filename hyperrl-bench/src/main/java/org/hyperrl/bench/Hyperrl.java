package org.hyperrl.bench;

import org.hyperrl.bench.demo.DemoCommand;
import org.hyperrl.bench.perf.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hyperrl} command line. */
@Command(name = "hyperrl", mixinStandardHelpOptions = true, version = "HyperRL 0.1.0-SNAPSHOT",
        description = "Hypernetwork reinforcement learning on the JVM.",
        subcommands = {DemoCommand.class, BenchCommand.class, org.hyperrl.bench.cli.ListCommand.class,
                org.hyperrl.bench.cli.TrainCommand.class, org.hyperrl.bench.cli.ResumeCommand.class,
                org.hyperrl.bench.cli.EvalCommand.class, org.hyperrl.bench.cli.PlotCommand.class,
                org.hyperrl.bench.cli.TableCommand.class})
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
}
