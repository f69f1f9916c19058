package org.hyperrl.bench.perf;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.hyperrl.envs.bench.EnvBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Environment throughput ({@link EnvBenchmark}): steps per second of one env in one thread, of a 2-thread
 * vector env with 2 and 8 sub-envs, of two independent Java threads, and for MuJoCo envs of a raw C loop of
 * {@code mj_step} over the same model. The columns are explained in docs/environments.md.
 */
@Command(name = "envs", mixinStandardHelpOptions = true,
        description = "Time env steps: one thread, a 2-thread vector env, independent threads and (MuJoCo) a raw C loop.")
public final class EnvsBenchmark implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5",
            description = "Seconds per configuration and env, spread over 9 interleaved rounds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Parameters(paramLabel = "ENV", arity = "0..*",
            description = "Env ids (default: GridWorld Pendulum HalfCheetah Walker2d Ant Humanoid).")
    List<String> ids;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EnvBenchmark.run(seconds, ids == null || ids.isEmpty() ? EnvBenchmark.DEFAULT_IDS : ids, out);
        return 0;
    }
}
