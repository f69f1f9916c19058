package org.example.hyperrl;

import java.util.Map;
import org.hyperrl.algos.api.Algorithm;
import org.hyperrl.algos.api.Algorithms;
import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.EnvFactory;
import org.hyperrl.algos.api.Extension;
import org.hyperrl.algos.api.Trainer;
import org.hyperrl.algos.api.TrainingContext;
import org.hyperrl.algos.common.Evaluator;
import org.hyperrl.algos.td3.Td3Config;
import org.hyperrl.envs.meta.Split;

/**
 * Trains TD3 with the {@code gated} critic on {@code TargetReaching}, both registered by {@link CustomParts}, and
 * prints the evaluation returns. Argument: the number of environment steps (default 3000).
 */
public final class TrainOnTarget {
    private TrainOnTarget() {
    }

    public static void main(String[] args) {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 3_000;
        Extension.loadAll();
        Algorithm<?> td3 = Algorithms.get("td3");
        Td3Config config = (Td3Config) td3.config("small", "TargetReaching", Map.of("critic", "gated"));
        config = Configs.with(config, Map.of("totalSteps", steps, "startSteps", Math.min(500, steps),
                "batchSize", 64, "evalEvery", Math.max(1, steps / 3), "evalEpisodes", 5, "criticConfig.mlpWidth", 64));
        EnvFactory envs = EnvFactory.of("TargetReaching", Map.of());
        Trainer trainer = td3.newTrainer(new TrainingContext(envs, 1), config);
        trainer.train((step, row) -> {
            if (row.containsKey(Columns.EVAL_RETURN)) {
                System.out.printf("step %d: eval return %.2f%n", step, row.get(Columns.EVAL_RETURN));
            }
        }, step -> { });
        double last = new Evaluator(envs.create(Split.TEST), 7).evaluate(trainer.agent(), 10).mean();
        System.out.printf("final: mean return over 10 episodes %.2f%n", last);
    }
}
