package org.hyperrl.bench.perf;

import java.util.List;
import java.util.concurrent.Callable;
import org.hyperrl.algos.common.Trainer;
import org.hyperrl.algos.sac.Sac;
import org.hyperrl.algos.sac.SacConfig;
import org.hyperrl.algos.td3.Td3;
import org.hyperrl.algos.td3.Td3Config;
import org.hyperrl.core.critic.CriticType;
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
                CriticType critic = CriticType.parse(c);
                long start = 200;
                long warm = start + 10; // the first updates build the gradient functions: not timed
                long total = warm + updates;
                Trainer t = switch (algo) {
                    case "td3" -> new Td3(EnvRegistry.create(env), EnvRegistry.create(env), Td3Config.paper(critic)
                            .withStartSteps(start).withTotalSteps(total).withEvaluation(0, 1).withLogEvery(10), 0);
                    case "sac" -> new Sac(EnvRegistry.create(env), EnvRegistry.create(env), SacConfig.paper(critic, env)
                            .withStartSteps(start).withTotalSteps(total).withEvaluation(0, 1).withLogEvery(10), 0);
                    default -> throw new IllegalArgumentException("unknown algorithm '" + algo + "'; valid: td3, sac");
                };
                double[] updateMs = {0};
                int[] rows = {0};
                long[] timedFrom = {0};
                t.train((step, row) -> {
                    Double u = row.get("update_ms");
                    if (step == warm) {
                        timedFrom[0] = System.nanoTime();
                    } else if (step > warm && u != null && !u.isNaN()) {
                        updateMs[0] += u;
                        rows[0]++;
                    }
                }, s -> { });
                double perStepMs = (System.nanoTime() - timedFrom[0]) / 1e6 / updates;
                double upd = updateMs[0] / rows[0];
                System.out.printf("%-5s %-13s %12.1f %12.2f %12.3f %14.4f %16.1f%n", algo, critic.id(), 1000 / perStepMs,
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
