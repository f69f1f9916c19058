package org.hyperrl.bench.perf;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.Map;
import org.hyperrl.algos.api.Algorithm;
import org.hyperrl.algos.api.Algorithms;
import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.EnvFactory;
import org.hyperrl.algos.api.Trainer;
import org.hyperrl.algos.api.TrainingContext;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.registry.EnvRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Training throughput of TD3 and SAC with MLP-Standard and SA-Hyper critics at the paper's sizes: environment steps
 * per second once updates run, split into the update (critic, actor, targets) and the rest (acting, environment
 * stepping, replay), with the environment's own stepping cost measured separately.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Time TD3 and SAC training steps (paper sizes) with MLP-Standard and SA-Hyper critics.")
public final class TrainingBenchmark implements Callable<Integer> {

    @Option(names = "--env", paramLabel = "ID", defaultValue = "HalfCheetah", description = "Env id (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--updates", paramLabel = "N", defaultValue = "100",
            description = "Timed training steps after the random start phase (default: ${DEFAULT-VALUE}).")
    int updates;

    @Option(names = "--algos", split = ",", defaultValue = "td3,sac", description = "Algorithms (default: ${DEFAULT-VALUE}).")
    List<String> algos;

    @Option(names = "--critics", split = ",", defaultValue = "mlp-standard,sa-hyper",
            description = "Critics (default: ${DEFAULT-VALUE}).")
    List<String> critics;

    @Override
    public Integer call() {
        if (updates < 10) {
            throw new IllegalArgumentException("--updates must be at least 10, got " + updates);
        }
        double envMs = envStepMs();
        System.out.printf("%s: environment step alone %.4f ms (random actions)%n", env, envMs);
        System.out.printf("%-5s %-13s %12s %12s %12s %14s %16s%n", "algo", "critic", "steps/s", "update ms",
                "other ms", "  of it env ms", "5K steps (min)");
        for (String algo : algos) {
            for (String c : critics) {
                long start = 200;
                long warm = start + 10; // the first updates build the gradient functions: not timed
                long total = warm + updates;
                Algorithm<?> algorithm = Algorithms.get(algo);
                Record config = Configs.with(algorithm.config("paper", env, Map.of("critic", c)), Map.of("startSteps",
                        start, "totalSteps", total, "evalEvery", 0, "logEvery", 10));
                Trainer t = algorithm.newTrainer(new TrainingContext(EnvFactory.of(env, Map.of()), 0), config);
                double[] updateMs = {0};
                int[] rows = {0};
                long[] timedFrom = {0};
                t.train((step, row) -> {
                    Double u = row.get(Columns.UPDATE_MS);
                    if (step == warm) {
                        timedFrom[0] = System.nanoTime();
                    } else if (step > warm && u != null && !u.isNaN()) {
                        updateMs[0] += u;
                        rows[0]++;
                    }
                }, s -> { });
                double perStepMs = (System.nanoTime() - timedFrom[0]) / 1e6 / updates;
                double upd = updateMs[0] / rows[0];
                System.out.printf("%-5s %-13s %12.1f %12.2f %12.3f %14.4f %16.1f%n", algo, c, 1000 / perStepMs,
                        upd, perStepMs - upd, envMs, perStepMs * 5000 / 60000);
            }
        }
        return 0;
    }

    private double envStepMs() {
        Env e = EnvRegistry.create(env);
        Box a = (Box) e.actionSpace();
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        e.reset(1L);
        int n = 20_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            double[] act = new double[a.low().length];
            for (int k = 0; k < act.length; k++) {
                act[k] = a.low(k) + (a.high(k) - a.low(k)) * r.nextDouble();
            }
            var s = e.step(act);
            if (s.terminated() || s.truncated()) {
                e.reset(r.nextLong());
            }
        }
        return (System.nanoTime() - t0) / 1e6 / n;
    }
}
