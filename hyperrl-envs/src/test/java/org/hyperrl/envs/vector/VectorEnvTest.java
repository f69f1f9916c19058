package org.hyperrl.envs.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.TimeLimit;
import org.hyperrl.envs.classic.Pendulum;
import org.hyperrl.envs.registry.EnvRegistry;
import org.junit.jupiter.api.Test;

class VectorEnvTest {

    private static VectorEnv pendulums(int n, int horizon, AutoresetMode mode, int threads) {
        return new VectorEnv(i -> new TimeLimit(new Pendulum(), horizon), n, mode, threads);
    }

    private static double[][] actions(SplittableRandom rng, int n) {
        double[][] a = new double[n][1];
        for (double[] row : a) {
            row[0] = -2 + 4 * rng.nextDouble();
        }
        return a;
    }

    @Test
    void sequentialAndThreadedGiveIdenticalResults() {
        for (AutoresetMode mode : new AutoresetMode[] {AutoresetMode.NEXT_STEP, AutoresetMode.SAME_STEP}) {
            try (VectorEnv seq = pendulums(5, 7, mode, 1); VectorEnv par = pendulums(5, 7, mode, 2)) {
                assertArrayEquals(seq.reset(100), par.reset(100));
                SplittableRandom r1 = new SplittableRandom(9);
                SplittableRandom r2 = new SplittableRandom(9);
                for (int t = 0; t < 40; t++) {
                    VectorStepResult a = seq.step(actions(r1, 5));
                    VectorStepResult b = par.step(actions(r2, 5));
                    for (int i = 0; i < 5; i++) {
                        assertArrayEquals(a.observations()[i], b.observations()[i], 0);
                        assertArrayEquals(a.finalObservations()[i], b.finalObservations()[i], 0);
                    }
                    assertArrayEquals(a.rewards(), b.rewards(), 0);
                    assertArrayEquals(a.truncated(), b.truncated());
                    assertArrayEquals(a.autoreset(), b.autoreset());
                }
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() {
        int n = 5;
        VectorStepResult[][] runs = new VectorStepResult[4][];
        int[] threads = {1, 2, 3, 8};
        for (int k = 0; k < threads.length; k++) {
            try (VectorEnv v = pendulums(n, 4, AutoresetMode.NEXT_STEP, threads[k])) {
                v.reset(7);
                SplittableRandom rng = new SplittableRandom(5);
                runs[k] = new VectorStepResult[12];
                for (int t = 0; t < 12; t++) {
                    runs[k][t] = v.step(actions(rng, n));
                }
            }
        }
        for (int k = 1; k < threads.length; k++) {
            for (int t = 0; t < 12; t++) {
                VectorStepResult a = runs[0][t];
                VectorStepResult b = runs[k][t];
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(a.observations()[i], b.observations()[i], 0, "threads=" + threads[k]);
                    assertArrayEquals(a.finalObservations()[i], b.finalObservations()[i], 0);
                }
                assertArrayEquals(a.rewards(), b.rewards(), 0);
                assertArrayEquals(a.truncated(), b.truncated());
                assertArrayEquals(a.autoreset(), b.autoreset());
                assertEquals(a.infos(), b.infos());
            }
        }
    }

    @Test
    void aSubEnvFailureOnAWorkerThreadReachesTheCaller() {
        try (VectorEnv v = pendulums(4, 5, AutoresetMode.NEXT_STEP, 2)) {
            v.reset(0);
            double[][] a = new double[4][1];
            a[3][0] = Double.POSITIVE_INFINITY;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.step(a));
            assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
        }
    }

    @Test
    void subEnvsAreSeededWithSeedPlusIndex() {
        try (VectorEnv v = pendulums(3, 10, AutoresetMode.NEXT_STEP, 1)) {
            double[][] obs = v.reset(50);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(new Pendulum().reset(50 + i).observation(), obs[i], 0);
            }
            assertFalse(java.util.Arrays.equals(obs[0], obs[1]));
        }
    }

    @Test
    void nextStepModeReturnsFinalObservationThenResets() {
        try (VectorEnv v = pendulums(2, 3, AutoresetMode.NEXT_STEP, 1)) {
            v.reset(1);
            double[][] zero = new double[2][1];
            v.step(zero);
            v.step(zero);
            VectorStepResult end = v.step(zero);
            assertTrue(end.truncated()[0] && end.truncated()[1]);
            assertNotNull(end.finalObservations()[0]);
            assertArrayEquals(end.finalObservations()[0], end.observations()[0], 0);
            VectorStepResult next = v.step(zero);
            assertTrue(next.autoreset()[0]);
            assertEquals(0, next.rewards()[0], 0);
            assertFalse(next.done(0));
            assertNull(next.finalObservations()[0]);
            VectorStepResult after = v.step(zero);
            assertFalse(after.autoreset()[0]);
        }
    }

    @Test
    void sameStepModeResetsImmediatelyAndKeepsTheFinalObservationSeparately() {
        try (VectorEnv v = pendulums(1, 2, AutoresetMode.SAME_STEP, 1)) {
            v.reset(3);
            double[][] zero = new double[1][1];
            VectorStepResult first = v.step(zero);
            VectorStepResult end = v.step(zero);
            assertTrue(end.truncated()[0]);
            assertNotNull(end.finalObservations()[0]);
            assertFalse(java.util.Arrays.equals(end.finalObservations()[0], end.observations()[0]),
                    "SAME_STEP returns the reset observation, not the final one");
            // the final observation is the true next state of the last transition
            double th = Math.atan2(first.observations()[0][1], first.observations()[0][0]);
            Pendulum p = new Pendulum();
            p.reset(0);
            p.setState(th, first.observations()[0][2]);
            assertArrayEquals(p.step(new double[] {0}).observation(), end.finalObservations()[0], 1e-12);
            assertFalse(v.step(zero).done(0));
        }
    }

    @Test
    void disabledModeRequiresExplicitReset() {
        try (VectorEnv v = pendulums(2, 1, AutoresetMode.DISABLED, 2)) {
            v.reset(0);
            double[][] zero = new double[2][1];
            assertTrue(v.step(zero).done(1));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.step(zero));
            assertTrue(e.getMessage().contains("resetSubEnv(0)"), e.getMessage());
            v.resetSubEnv(0);
            v.resetSubEnv(1);
            assertTrue(v.step(zero).done(0));
        }
    }

    @Test
    void badInputIsRejected() {
        try (VectorEnv v = pendulums(2, 5, AutoresetMode.NEXT_STEP, 1)) {
            assertThrows(IllegalStateException.class, () -> v.step(new double[2][1]));
            v.reset(0);
            assertThrows(IllegalArgumentException.class, () -> v.step(new double[3][1]));
            assertThrows(IllegalArgumentException.class, () -> v.step(new double[][] {{0}, {Double.NaN}}));
        }
        Env shared = new Pendulum();
        assertThrows(IllegalArgumentException.class, () -> new VectorEnv(i -> shared, 2, AutoresetMode.NEXT_STEP, 1));
    }

    @Test
    void gridWorldTrialsVectoriseWithDistinctTasks() {
        try (VectorEnv v = new VectorEnv(i -> EnvRegistry.create("GridWorld"), 4, AutoresetMode.SAME_STEP, 2)) {
            v.reset(0);
            java.util.Set<org.hyperrl.envs.meta.Task> tasks = new java.util.HashSet<>();
            for (int i = 0; i < 4; i++) {
                tasks.add(v.env(i).find(org.hyperrl.envs.meta.MetaEnv.class).orElseThrow().getTask());
            }
            assertTrue(tasks.size() > 1, "sub-envs own their RNG and draw different tasks");
        }
    }
}
