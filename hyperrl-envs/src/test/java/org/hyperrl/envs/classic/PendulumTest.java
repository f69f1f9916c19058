package org.hyperrl.envs.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hyperrl.envs.Box;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.registry.EnvRegistry;
import org.junit.jupiter.api.Test;

class PendulumTest {

    @Test
    void spacesMatchPendulumV1() {
        Pendulum p = new Pendulum();
        Box obs = (Box) p.observationSpace();
        assertArrayEquals(new double[] {-1, -1, -8}, obs.low());
        assertArrayEquals(new double[] {1, 1, 8}, obs.high());
        Box act = (Box) p.actionSpace();
        assertArrayEquals(new double[] {-2}, act.low());
        assertArrayEquals(new double[] {2}, act.high());
    }

    @Test
    void rewardAndDynamicsOnConstructedState() {
        Pendulum p = new Pendulum();
        p.reset(0);
        p.setState(Math.PI / 2, 1.0);
        StepResult r = p.step(new double[] {1.5});
        double expectedReward = -((Math.PI / 2) * (Math.PI / 2) + 0.1 * 1.0 + 0.001 * 2.25);
        assertEquals(expectedReward, r.reward(), 1e-12);
        double thdot = 1.0 + (15 * Math.sin(Math.PI / 2) + 3 * 1.5) * 0.05;
        double th = Math.PI / 2 + thdot * 0.05;
        assertArrayEquals(new double[] {Math.cos(th), Math.sin(th), thdot}, r.observation(), 1e-12);
        assertFalse(r.done());
    }

    @Test
    void torqueAndSpeedAreClipped() {
        Pendulum p = new Pendulum();
        p.reset(0);
        p.setState(0, 7.9);
        StepResult r = p.step(new double[] {100});
        assertEquals(-(0.1 * 7.9 * 7.9 + 0.001 * 4), r.reward(), 1e-12);
        assertEquals(8.0, r.observation()[2], 0);
    }

    @Test
    void angleNormalisationWrapsToMinusPiPi() {
        assertEquals(0.0, Pendulum.normalizeAngle(2 * Math.PI), 1e-12);
        assertEquals(-Math.PI + 0.1, Pendulum.normalizeAngle(Math.PI + 0.1), 1e-12);
        assertEquals(Math.PI - 0.1, Pendulum.normalizeAngle(-Math.PI - 0.1), 1e-12);
        assertEquals(Pendulum.cost(0.3, 0, 0), Pendulum.cost(0.3 + 4 * Math.PI, 0, 0), 1e-12);
    }

    @Test
    void registryPendulumTruncatesAt200Steps() {
        Env env = EnvRegistry.create("Pendulum");
        env.reset(3);
        StepResult r = null;
        for (int t = 0; t < 200; t++) {
            r = env.step(new double[] {0});
            assertEquals(t == 199, r.truncated());
            assertFalse(r.terminated());
        }
        assertTrue(r.truncated());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.step(new double[] {0}));
        assertTrue(e.getMessage().contains("reset"), e.getMessage());
        env.reset();
        env.step(new double[] {0});
    }

    @Test
    void sameSeedSameTrajectoryDifferentSeedDifferent() {
        double[][] a = rollout(11);
        double[][] b = rollout(11);
        double[][] c = rollout(12);
        for (int t = 0; t < a.length; t++) {
            assertArrayEquals(a[t], b[t], 0);
        }
        assertFalse(java.util.Arrays.equals(a[0], c[0]));
    }

    private static double[][] rollout(long seed) {
        Pendulum p = new Pendulum();
        double[][] obs = new double[21][];
        obs[0] = p.reset(seed).observation();
        for (int t = 1; t <= 20; t++) {
            obs[t] = p.step(new double[] {Math.sin(t)}).observation();
        }
        return obs;
    }

    @Test
    void initialStateIsWithinGymRange() {
        Pendulum p = new Pendulum();
        for (int s = 0; s < 200; s++) {
            p.reset(s);
            assertTrue(Math.abs(p.theta()) <= Math.PI && Math.abs(p.thetaDot()) <= 1.0);
        }
    }

    @Test
    void badActionsAndProtocolViolationsThrow() {
        Pendulum p = new Pendulum();
        IllegalStateException before = assertThrows(IllegalStateException.class, () -> p.step(new double[] {0}));
        assertTrue(before.getMessage().contains("before reset"), before.getMessage());
        p.reset(0);
        assertThrows(IllegalArgumentException.class, () -> p.step(new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> p.step(new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> p.step(new double[] {Double.POSITIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class, () -> p.step(null));
    }
}
