package org.hyperrl.bench.perf;

import picocli.CommandLine.Command;

/** Benchmarks that print figures (see docs/performance.md). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark and print its figures.",
        subcommands = {CoreBenchmark.class, TrainingBenchmark.class, EnvsBenchmark.class, PpoBenchmark.class,
                PearlBenchmark.class, MamlBenchmark.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
