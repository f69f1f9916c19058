package org.hyperrl.algos.ppo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.meta.InferenceConfig;
import org.hyperrl.algos.api.EnvFactory;
import org.hyperrl.algos.api.TrainingContext;
import org.hyperrl.algos.common.EvalResult;
import org.hyperrl.algos.common.Evaluator;
import org.hyperrl.core.policy.PolicyConfig;
import org.hyperrl.envs.grid.GridWorld;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RL2 ({@code rnn}), RNN+HN and VI+HN (VariBAD's posterior into the hypernetwork policy) meta-learn on the smallest Grid-World that still needs exploration then exploitation:
 * a 3x3 grid (5 goals outside the 2x2 start block), 8-step episodes, 4 episodes per trial.
 *
 * <p>The threshold is a proof of memory across episodes. Every episode of a trial starts from the same cell with the
 * goal unobserved, so a policy that carries nothing from one episode to the next faces the same problem in each: its
 * expected trial return is at most 4 x V1*, where V1* is the best expected return of one episode under the uniform
 * goal prior, computed exactly below by dynamic programming over (cell, goals not yet ruled out, steps left): 4.7, so
 * 18.8 per trial. Knowing the goal after the first episode allows up to 22.76 (V1* + 3 x the known-goal return
 * 6.02). The tests require the mean of 100 deterministic evaluation trials to exceed 18.8 + 1.0 (the standard error of
 * that mean is ~0.3 here), and the later episodes to beat the first, which no memoryless-across-episodes policy does in
 * expectation.
 */
@Tag("slow")
class MetaLearningGridTest {
    static final int SIZE = 3;
    static final int HORIZON = 8;
    static final int EPISODES = 4;
    static final long FRAMES = 150 * 16 * 32;

    @Test
    void boundWithoutMemoryAcrossEpisodesIsExact() {
        assertEquals(4.7, bestSingleEpisodeReturn(SIZE, HORIZON), 1e-9);
        // one step from (0, 0) reaches (1, 0) or (0, 1), both in the start block: always the penalty
        assertEquals(-0.1, bestSingleEpisodeReturn(SIZE, 1), 1e-12);
        // two steps: the penalty, then (2, 0) or (0, 2), the goal with probability 1/5
        assertEquals(-0.1 + 0.2 * 1 + 0.8 * -0.1, bestSingleEpisodeReturn(SIZE, 2), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rnn", "rnn+hn"})
    void recurrentPoliciesExploreThenExploit(String policy) {
        exploresThenExploits(policy, FRAMES, InferenceConfig.grid());
    }

    /**
     * VI+HN: VariBAD's posterior into the hypernetwork policy, with 200 instead of 150 updates and a VAE tuned for the
     * small task (GRU 64, Adam 3e-3, KL weight 0.1, 6 VAE updates per PPO update, 2000 frames precollected): with the
     * grid preset's VAE (Adam 1e-3, KL weight 1, 3 updates) the posterior carries the goal only after thousands of VAE
     * updates (VaeLearningTest), far more than 150 PPO updates give.
     */
    @Test
    void variBadWithTheHypernetworkPolicyExploresThenExploits() {
        exploresThenExploits("vi+hn", 200 * 16 * 32, Configs.with(InferenceConfig.grid(), Map.of("gruSize", 64, "lr",
                3e-3, "klWeight", 0.1, "updatesPerIteration", 6, "precollectFrames", 2000)));
    }

    private static void exploresThenExploits(String policy, long frames, InferenceConfig inference) {
        Map<String, Object> env = Map.of("size", SIZE, "maxEpisodeSteps", HORIZON, "episodesPerTrial", EPISODES);
        PpoConfig c = Configs.with(PpoConfig.grid(policy), Map.of("policyConfig", PolicyConfig.grid().withGruSize(64),
                "totalSteps", frames, "steps", 32, "evalEvery", 0, "logEvery", 50, "inference", inference));
        EnvFactory envs = EnvFactory.of("GridWorld", env);
        Ppo ppo = new Ppo(new TrainingContext(envs, 0), c);
        ppo.train((step, row) -> { }, s -> { });
        EvalResult r = new Evaluator(envs.create(org.hyperrl.envs.meta.Split.TEST), 7).evaluate(ppo.agent(), 100);
        double bound = EPISODES * bestSingleEpisodeReturn(SIZE, HORIZON);
        double first = r.meanOfInner(0);
        double later = (r.meanOfInner(1) + r.meanOfInner(2) + r.meanOfInner(3)) / 3;
        System.out.printf("%s on a %dx%d Grid-World after %d frames: trial return %.2f (memoryless bound %.2f), "
                + "episode 1 %.2f, episodes 2-4 %.2f%n", policy, SIZE, SIZE, frames, r.mean(), bound, first, later);
        assertTrue(r.mean() > bound + 1.0, policy + ": trial return " + r.mean() + " does not beat the bound " + bound
                + " of policies without memory across episodes");
        assertTrue(later > first + 0.5, policy + ": later episodes (" + later + ") are not better than the first ("
                + first + ")");
    }

    /**
     * The best expected return of one Grid-World episode (plain variant) of {@code horizon} steps when the goal is
     * uniform over the goal cells and unobserved until stepped on: an exact search over (cell, goals not yet ruled out,
     * steps left). Once found, staying on the goal earns +1 a step.
     */
    static double bestSingleEpisodeReturn(int size, int horizon) {
        Set<Integer> goals = new HashSet<>();
        for (int x = 0; x < size; x++) {
            for (int y = 0; y < size; y++) {
                if (x >= 2 || y >= 2) {
                    goals.add(x * size + y);
                }
            }
        }
        long mask = 0;
        for (int g : goals) {
            mask |= 1L << g;
        }
        return value(size, 0, 0, mask, horizon, new HashMap<>());
    }

    private static double value(int size, int x, int y, long candidates, int left, Map<String, Double> memo) {
        if (left == 0) {
            return 0;
        }
        String key = x + "," + y + "," + candidates + "," + left;
        Double known = memo.get(key);
        if (known != null) {
            return known;
        }
        int[][] moves = {{0, 0}, {0, 1}, {1, 0}, {0, -1}, {-1, 0}};
        double best = Double.NEGATIVE_INFINITY;
        for (int[] m : moves) {
            int nx = Math.max(0, Math.min(size - 1, x + m[0]));
            int ny = Math.max(0, Math.min(size - 1, y + m[1]));
            long bit = 1L << (nx * size + ny);
            double v;
            if ((candidates & bit) != 0) {
                double p = 1.0 / Long.bitCount(candidates);
                v = p * (GridWorld.GOAL_REWARD * left)
                        + (1 - p) * (GridWorld.STEP_PENALTY + value(size, nx, ny, candidates & ~bit, left - 1, memo));
            } else {
                v = GridWorld.STEP_PENALTY + value(size, nx, ny, candidates, left - 1, memo);
            }
            best = Math.max(best, v);
        }
        memo.put(key, best);
        return best;
    }
}
