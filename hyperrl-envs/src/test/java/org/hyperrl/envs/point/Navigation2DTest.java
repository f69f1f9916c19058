package org.hyperrl.envs.point;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.Split;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TaskDistribution;
import org.hyperrl.envs.meta.TrialWrapper;
import org.hyperrl.envs.registry.EnvRegistry;
import org.junit.jupiter.api.Test;

class Navigation2DTest {

    @Test
    void movesByTheClippedActionAndRewardsTheNegativeDistance() {
        Navigation2D env = new Navigation2D();
        env.setTask(Task.of(0.25, -0.3));
        assertArrayEquals(new double[]{0, 0}, env.reset(1).observation());
        StepResult r = env.step(new double[]{0.1, -0.05});
        assertArrayEquals(new double[]{0.1, -0.05}, r.observation(), 1e-12);
        assertEquals(-Math.hypot(0.15, 0.25), r.reward(), 1e-12);
        r = env.step(new double[]{3, -3});
        assertArrayEquals(new double[]{0.2, -0.15}, r.observation(), 1e-12);
        assertFalse(r.terminated() || r.truncated());
    }

    @Test
    void terminatesWithinOneHundredthOfTheGoalInBothCoordinates() {
        Navigation2D env = new Navigation2D();
        env.setTask(Task.of(0.105, 0.095));
        env.reset(0);
        StepResult r = env.step(new double[]{0.1, 0.1});
        assertTrue(r.terminated());
        assertEquals(-Math.hypot(0.005, 0.005), r.reward(), 1e-12);
        env.reset(0);
        assertFalse(env.step(new double[]{0.1, 0.08}).terminated()); // 0.015 off in y
    }

    @Test
    void goalsAreUniformInTheHalfUnitSquare() {
        TaskDistribution d = Navigation2D.defaultTasks();
        SplittableRandom rng = new SplittableRandom(4);
        double sumX = 0;
        double sumSqY = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            Task t = d.sample(Split.TRAIN, rng);
            assertTrue(Math.abs(t.get(0)) <= 0.5 && Math.abs(t.get(1)) <= 0.5);
            sumX += t.get(0);
            sumSqY += t.get(1) * t.get(1);
        }
        // mean 0 and variance 1/12 of U(-0.5, 0.5); 5 standard errors
        assertEquals(0.0, sumX / n, 5 * Math.sqrt(1.0 / 12 / n));
        assertEquals(1.0 / 12, sumSqY / n, 5 * Math.sqrt(1.0 / 180 / n));
    }

    @Test
    void registryGivesOneHundredStepEpisodesAndChecksTaskListOptions() {
        Env env = EnvRegistry.create("Navigation2D", Map.of());
        TrialWrapper trial = env.find(TrialWrapper.class).orElseThrow();
        trial.setNextTask(Task.of(0.5, 0.5));
        env.reset(0);
        int steps = 0;
        StepResult r;
        do {
            r = env.step(new double[]{0, 0});
            steps++;
        } while (!r.done());
        assertEquals(100, steps);
        assertTrue(r.truncated());
        Env fixed = EnvRegistry.create("Navigation2D", Map.of("numTrainTasks", 5, "numTestTasks", 3));
        assertEquals(3, fixed.find(Navigation2D.class).orElseThrow().taskDistribution().tasks(Split.TEST).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.create("Navigation2D", Map.of("numTrainTasks", 5)));
        assertTrue(e.getMessage().contains("inconsistent"), e.getMessage());
    }
}
