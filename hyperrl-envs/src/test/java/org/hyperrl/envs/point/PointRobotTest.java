package org.hyperrl.envs.point;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.Split;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TaskDistribution;
import org.hyperrl.envs.meta.TrialWrapper;
import org.hyperrl.envs.registry.EnvRegistry;
import org.junit.jupiter.api.Test;

class PointRobotTest {

    @Test
    void movesByTheActionAndRewardsTheNegativeDistance() {
        PointRobot env = new PointRobot(PointRobot.Variant.DENSE);
        env.setTask(Task.of(0.5, -0.3));
        assertArrayEquals(new double[]{0, 0}, env.reset(1).observation());
        StepResult r = env.step(new double[]{0.1, -0.05});
        assertArrayEquals(new double[]{0.1, -0.05}, r.observation(), 1e-12);
        assertEquals(-Math.hypot(0.4, 0.25), r.reward(), 1e-12);
        r = env.step(new double[]{0.1, 0.1});
        assertArrayEquals(new double[]{0.2, 0.05}, r.observation(), 1e-12);
        assertEquals(-Math.hypot(0.3, 0.35), r.reward(), 1e-12);
        assertFalse(r.terminated() || r.truncated());
        // moves are limited to the action box
        r = env.step(new double[]{5, -5});
        assertArrayEquals(new double[]{0.3, -0.05}, r.observation(), 1e-12);
    }

    @Test
    void sparseRewardIsOneMinusDistanceInsideTheGoalRadiusOnly() {
        PointRobot env = new PointRobot(PointRobot.Variant.SPARSE);
        env.setTask(Task.of(0.0, 0.35));
        env.reset(0);
        assertEquals(0.0, env.step(new double[]{0, 0.1}).reward(), 0); // distance 0.25 > 0.2
        assertEquals(1 - 0.15, env.step(new double[]{0, 0.1}).reward(), 1e-12); // distance 0.15
        assertEquals(1 - 0.05, env.step(new double[]{0, 0.1}).reward(), 1e-12);
        assertEquals(PointRobot.GOAL_RADIUS, 0.2);
    }

    @Test
    void goalDistributionsMatchTheSpec() {
        SplittableRandom rng = new SplittableRandom(3);
        TaskDistribution dense = PointRobot.defaultTasks(PointRobot.Variant.DENSE);
        TaskDistribution sparse = PointRobot.defaultTasks(PointRobot.Variant.SPARSE);
        double minX = 1, maxX = -1, minY = 1;
        for (int i = 0; i < 2000; i++) {
            Task d = dense.sample(Split.TRAIN, rng);
            assertTrue(Math.abs(d.get(0)) <= 1 && Math.abs(d.get(1)) <= 1);
            minX = Math.min(minX, d.get(0));
            maxX = Math.max(maxX, d.get(0));
            Task s = sparse.sample(Split.TEST, rng);
            assertEquals(1.0, Math.hypot(s.get(0), s.get(1)), 1e-12);
            assertTrue(s.get(1) >= 0, "sparse goals lie on the upper half-circle");
            minY = Math.min(minY, s.get(1));
        }
        // 2000 uniform draws cover [-1, 1] to within 0.01 of both ends with probability > 1 - 2e-8
        assertTrue(minX < -0.99 && maxX > 0.99);
        assertTrue(minY < 0.01);
    }

    @Test
    void registryBuildsTwentyStepEpisodesAndFixedTaskLists() {
        Env env = EnvRegistry.create("PointRobot", Map.of("numTrainTasks", 40, "numTestTasks", 10));
        assertEquals(2, ((Box) env.observationSpace()).low().length);
        TrialWrapper trial = env.find(TrialWrapper.class).orElseThrow();
        assertEquals(40, trial.metaEnv().taskDistribution().tasks(Split.TRAIN).size());
        assertEquals(10, trial.metaEnv().taskDistribution().tasks(Split.TEST).size());
        env.reset(0);
        int steps = 0;
        StepResult r;
        do {
            r = env.step(new double[]{0.1, 0.1});
            steps++;
        } while (!r.terminated() && !r.truncated());
        assertEquals(20, steps);
        assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.create("SparsePointRobot", Map.of("numTrainTasks", 40)));
    }
}
