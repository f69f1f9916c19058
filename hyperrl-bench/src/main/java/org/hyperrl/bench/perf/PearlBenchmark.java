package org.hyperrl.bench.perf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.pearl.Pearl;
import org.hyperrl.algos.pearl.PearlAlgorithm;
import org.hyperrl.algos.pearl.PearlConfig;
import org.hyperrl.envs.registry.EnvRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The time of one PEARL gradient step at the paper's sizes (meta-batch 16, batch 256, context batch 100; oyster's
 * 300-wide MLPs or Sarafian's hypernetworks) and where it goes, with the time of data collection per 1000 transitions:
 * the figures of Sarafian et al.'s Table 3 (450 s PEARL / 700 s Hyper-PEARL per 5K steps on one RTX 2080 Ti, i.e. one
 * iteration of 5K transitions and 2000 gradient steps).
 */
@Command(name = "pearl", mixinStandardHelpOptions = true,
        description = "Time PEARL and Hyper-PEARL gradient steps (meta-batch 16 x batch 256) and data collection, with "
                + "the split between z sampling, critics + encoder, policy + value, target, collection.")
public final class PearlBenchmark implements Callable<Integer> {

    @Option(names = "--env", paramLabel = "ID", defaultValue = "CheetahVel",
            description = "Env id (default: ${DEFAULT-VALUE}; PointRobot runs without MuJoCo).")
    String env;

    @Option(names = "--variants", split = ",", defaultValue = "pearl,hyper-pearl",
            description = "pearl (MLPs) and/or hyper-pearl (hyper policy, Q and V) (default: ${DEFAULT-VALUE}).")
    List<String> variants;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10",
            description = "Timed gradient steps after one warm-up step (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--meta-batch", paramLabel = "N", defaultValue = "16", description = "Tasks per step (default: ${DEFAULT-VALUE}).")
    int metaBatch;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "256", description = "Transitions per task (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        }
        System.out.printf("PEARL on %s, paper sizes, meta-batch %d x batch %d, %d timed gradient steps; %s%n", env,
                metaBatch, batch, steps, Machine.describe());
        for (String v : variants) {
            boolean hyper = switch (v) {
                case "pearl" -> false;
                case "hyper-pearl" -> true;
                default -> throw new IllegalArgumentException("--variants: unknown '" + v + "'; valid: pearl, hyper-pearl");
            };
            PearlConfig c = PearlAlgorithm.paper(hyper ? "hyper" : "mlp", hyper ? "sa-hyper" : "mlp", env);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("metaBatch", metaBatch);
            m.put("batchSize", batch);
            m.put("initialSteps", 200);
            m.put("tasksPerIteration", 1);
            m.put("priorSteps", 600);
            m.put("extraPosteriorSteps", 400);
            m.put("numTrainTasks", Math.max(metaBatch, 16));
            c = Configs.with(c, m);
            Map<String, Object> envOptions = Map.of("episodesPerTrial", 1);
            Pearl p = new Pearl(EnvRegistry.create(env, envOptions), EnvRegistry.create(env, envOptions), c, 0);
            p.collectInitialData();
            p.trainStep();
            Map<String, Long> before = p.phaseNanos();
            long t0 = System.nanoTime();
            for (int k = 0; k < steps; k++) {
                p.trainStep();
            }
            double stepMs = (System.nanoTime() - t0) / 1e6 / steps;
            long c0 = p.phaseNanos().get("data collection");
            long s0 = p.step();
            p.collectIterationData();
            double collectMs = (p.phaseNanos().get("data collection") - c0) / 1e6 / (p.step() - s0) * 1000;
            System.out.printf("%-12s gradient step %8.1f ms  (", v, stepMs);
            Map<String, Long> after = p.phaseNanos();
            StringBuilder split = new StringBuilder();
            for (String phase : List.of("meta-batch sampling and z", "critics + encoder", "policy + value", "target V")) {
                split.append(String.format("%s %.1f ms; ", phase, (after.get(phase) - before.get(phase)) / 1e6 / steps));
            }
            System.out.printf("%s)%n%-12s collection %.0f ms per 1000 transitions; one paper iteration (2000 steps, "
                    + "5000 transitions) ~ %.0f s (Sarafian Table 3, RTX 2080 Ti: %s s per 5K steps)%n",
                    split.toString().trim(), v, collectMs, (2000 * stepMs + 5 * collectMs) / 1000, hyper ? "700" : "450");
        }
        return 0;
    }
}
