package org.hyperrl.bench.perf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.EnvFactory;
import org.hyperrl.algos.api.TrainingContext;
import org.hyperrl.algos.maml.Maml;
import org.hyperrl.algos.maml.MamlAlgorithm;
import org.hyperrl.algos.maml.MamlConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The time of MAML-TRPO iterations per variant and where it goes: sampling (with env steps per second), the inner
 * steps, and the TRPO update split into loss gradient, conjugate gradient (Fisher-vector products) and line search.
 * Sarafian et al.'s Table 3 gives 150 s (MAML), 145 s (Hyper-MAML) and 120 s (Multi-Task Hyper-MAML) per iteration
 * on one RTX 2080 Ti.
 */
@Command(name = "maml", mixinStandardHelpOptions = true,
        description = "Time MAML-TRPO iterations (sampling, inner steps, TRPO update and its split) per variant.")
public final class MamlBenchmark implements Callable<Integer> {

    @Option(names = "--env", paramLabel = "ID", defaultValue = "CheetahVel",
            description = "Env id (default: ${DEFAULT-VALUE}; Navigation2D runs without MuJoCo).")
    String env;

    @Option(names = "--variants", split = ",", defaultValue = "maml,context-maml,hyper-maml,multitask-hyper-maml",
            description = "maml, context-maml, hyper-maml, multitask-hyper-maml, first-order-maml "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> variants;

    @Option(names = "--preset", defaultValue = "paper", description = "Preset (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "1",
            description = "Timed iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--meta-batch", paramLabel = "N", description = "Tasks per iteration (default: the preset's).")
    Integer metaBatch;

    @Option(names = "--fast-batch", paramLabel = "N", description = "Episodes per task and batch (default: the "
            + "preset's).")
    Integer fastBatch;

    /** A variant's policy and adaptation. */
    static String[] variant(String v) {
        return switch (v) {
            case "maml" -> new String[]{MamlConfig.MLP, "exact"};
            case "context-maml" -> new String[]{MamlConfig.CONTEXT, "exact"};
            case "hyper-maml" -> new String[]{MamlConfig.HYPER, "exact"};
            case "multitask-hyper-maml" -> new String[]{MamlConfig.HYPER, "none"};
            case "first-order-maml" -> new String[]{MamlConfig.MLP, "first-order"};
            default -> throw new IllegalArgumentException("--variants: unknown '" + v + "'; valid: maml, context-maml, "
                    + "hyper-maml, multitask-hyper-maml, first-order-maml");
        };
    }

    @Override
    public Integer call() {
        if (iterations < 1) {
            throw new IllegalArgumentException("--iterations must be at least 1, got " + iterations);
        }
        System.out.printf("MAML-TRPO on %s, preset %s, %d timed iteration(s) per variant; %s%n", env, preset,
                iterations, Machine.describe());
        for (String v : variants) {
            String[] pv = variant(v);
            MamlConfig c = MamlAlgorithm.ALGORITHM.config(preset, env, Map.of("policy", pv[0]));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("adaptation", pv[1]);
            m.put("evalEvery", 1_000_000);
            if (metaBatch != null) {
                m.put("metaBatch", metaBatch);
            }
            if (fastBatch != null) {
                m.put("fastBatch", fastBatch);
            }
            MamlConfig config = Configs.with(c, m);
            Maml maml = new Maml(new TrainingContext(EnvFactory.of(env, Map.of("episodesPerTrial", 1)), 0), config);
            double sample = 0;
            double inner = 0;
            double trpo = 0;
            double grad = 0;
            double cg = 0;
            double ls = 0;
            long steps = 0;
            int products = 0;
            int evaluations = 0;
            long t0 = System.nanoTime();
            for (int k = 0; k < iterations; k++) {
                Maml.IterationStats s = maml.iterate();
                sample += s.sampleSeconds();
                inner += s.innerSeconds();
                trpo += s.trpoSeconds();
                steps += s.steps();
                grad += s.trpo().timing().gradientSeconds();
                cg += s.trpo().timing().cgSeconds();
                products += s.trpo().timing().fisherProducts();
                ls += s.trpo().timing().lineSearchSeconds();
                evaluations += s.trpo().timing().lineSearchEvaluations();
            }
            double total = (System.nanoTime() - t0) / 1e9 / iterations;
            long params = maml.parameters().count();
            System.out.printf("%-22s %,d parameters, %d tasks x %d episodes: iteration %.1f s = sampling %.1f s "
                            + "(%,.0f env steps/s) + inner steps %.2f s + TRPO %.1f s (gradient %.1f s, CG %.1f s "
                            + "for %d Fisher-vector products, line search %.1f s for %d evaluations)%n",
                    v, params, config.metaBatch(), config.fastBatch(), total, sample / iterations,
                    steps / Math.max(1e-9, sample), inner / iterations, trpo / iterations, grad / iterations,
                    cg / iterations, products / iterations, ls / iterations, evaluations / iterations);
        }
        System.out.println("Sarafian et al. Table 3 (one RTX 2080 Ti): MAML 150 s, Hyper-MAML 145 s, Multi-Task "
                + "Hyper-MAML 120 s per iteration.");
        return 0;
    }
}
