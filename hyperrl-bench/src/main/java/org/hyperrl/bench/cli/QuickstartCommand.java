package org.hyperrl.bench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hyperrl quickstart}: the smallest end-to-end experiment, with no native library needed: TD3 on Pendulum
 * with an SA-Hyper critic and an MLP-Standard critic ({@code small} preset), then the results table and the learning
 * curves. A few minutes on 2 cores; rerunning it reuses the finished runs.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Train TD3 with an SA-Hyper and an MLP critic on Pendulum, print the table and write a plot.")
public final class QuickstartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "8000", description = "Steps per run (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1", description = "Seeds per critic (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/quickstart",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        CommandLine cli = org.hyperrl.bench.Hyperrl.commandLineForNested(spec.commandLine().getOut(), spec.commandLine().getErr());
        return cli.execute("benchmark", "--algo", "td3", "--envs", "Pendulum", "--critics", "sa-hyper,mlp-standard",
                "--seeds", Integer.toString(seeds), "--steps", Long.toString(steps), "--preset", "small",
                "--checkpoint-every", "2000", "--out", out.toString());
    }
}
