package org.hyperrl.envs.mujoco;

import static org.hyperrl.envs.mujoco.MujocoTestSupport.assumeMujoco;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.StepResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HalfCheetahTest {

    @BeforeEach
    void requireMujoco() {
        assumeMujoco();
    }

    @Test
    void bodyMassesMatchGymWithin1e3AndTotal14() {
        try (HalfCheetah env = new HalfCheetah()) {
            double[] mass = env.simulation().bodyMass();
            double[] gym = {0, 6.2502, 1.5435, 1.5873, 1.0947, 1.4386, 1.2002, 0.8847};
            assertEquals(gym.length, mass.length);
            for (int i = 0; i < gym.length; i++) {
                assertEquals(gym[i], mass[i], 1e-3, "body " + i + " mass " + Arrays.toString(mass));
            }
            assertEquals(14.0, Arrays.stream(mass).sum(), 1e-9);
        }
    }

    @Test
    void jointRangesGearsAndSizesAsSpecified() {
        try (HalfCheetah env = new HalfCheetah()) {
            MujocoModel m = env.simulation();
            assertEquals(9, m.nq());
            assertEquals(9, m.nv());
            assertEquals(6, m.nu());
            assertEquals(0.01, m.timestep(), 0);
            assertEquals(0, m.integrator(), "Euler");
            assertEquals(0.05, env.dt(), 1e-15);
            assertArrayEquals(new double[] {0, 0, -9.81}, m.gravity(), 0);
            double[] gear = m.actuatorGear();
            double[] expectedGear = {120, 90, 60, 120, 60, 30};
            for (int i = 0; i < 6; i++) {
                assertEquals(expectedGear[i], gear[6 * i], 0);
            }
            String[] joints = {"bthigh", "bshin", "bfoot", "fthigh", "fshin", "ffoot"};
            double[][] ranges = {{-0.52, 1.05}, {-0.785, 0.785}, {-0.4, 0.785}, {-1, 0.7}, {-1.2, 0.87}, {-0.5, 0.5}};
            double[] stiffness = {240, 180, 120, 180, 120, 60};
            double[] damping = {6, 4.5, 3, 4.5, 3, 1.5};
            double[] range = m.jointRange();
            double[] stiff = m.jointStiffness();
            double[] damp = m.dofDamping();
            for (int i = 0; i < 6; i++) {
                int j = m.jointId(joints[i]);
                assertEquals(3 + i, j, "qpos order: rootx, rootz, rooty, then legs");
                assertEquals(ranges[i][0], range[2 * j], 1e-12);
                assertEquals(ranges[i][1], range[2 * j + 1], 1e-12);
                assertEquals(stiffness[i], stiff[j], 0);
                assertEquals(damping[i], damp[j], 0);
                assertEquals(i, m.actuatorId(joints[i]));
            }
            assertEquals(Box.uniform(6, -1, 1), env.actionSpace());
            assertEquals(17, env.observationSpace().dimension());
        }
    }

    @Test
    void rewardIsForwardVelocityOnAConstructedFlyingState() {
        try (HalfCheetah env = new HalfCheetah()) {
            env.reset(0);
            double[] qpos = new double[9];
            double[] qvel = new double[9];
            qpos[1] = 5.0; // high above the floor: no contacts; joints at rest, so vx stays constant
            qvel[0] = 2.5;
            env.setState(qpos, qvel);
            StepResult r = env.step(new double[6]);
            assertEquals(2.5, r.reward(), 1e-9);
            assertEquals(2.5, (double) r.info().get("x_velocity"), 1e-9);
            assertEquals(17, r.observation().length);
            assertEquals(2.5, r.observation()[8], 1e-9, "obs[8] is qvel[0]");
        }
    }

    @Test
    void controlCostIsPointOneSumOfSquares() {
        try (HalfCheetah env = new HalfCheetah()) {
            env.reset(0);
            double xBefore = env.simulation().qpos()[0];
            double[] a = {0.5, -1, 0.25, 0, 1, -0.3};
            StepResult r = env.step(a);
            double vx = (env.simulation().qpos()[0] - xBefore) / 0.05;
            double ctrl = 0.1 * (0.25 + 1 + 0.0625 + 0 + 1 + 0.09);
            assertEquals(vx - ctrl, r.reward(), 1e-12);
            assertEquals(-ctrl, (double) r.info().get("reward_ctrl"), 1e-12);
        }
    }

    @Test
    void neverTerminatesAndResetNoiseHasGymScale() {
        try (HalfCheetah env = new HalfCheetah()) {
            double[] obs = env.reset(3).observation();
            for (int i = 0; i < 8; i++) {
                assertTrue(Math.abs(obs[i]) <= 0.1, "qpos noise within U(+-0.1): " + obs[i]);
            }
            boolean anyVelocityAbove01 = false;
            for (int i = 8; i < 17; i++) {
                anyVelocityAbove01 |= Math.abs(obs[i]) > 0.1;
            }
            assertTrue(anyVelocityAbove01 || env.reset(4).observation()[10] != 0, "qvel noise is Gaussian");
            java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
            for (int t = 0; t < 300; t++) {
                double[] a = new double[6];
                for (int i = 0; i < 6; i++) {
                    a[i] = 2 * rng.nextDouble() - 1;
                }
                StepResult r = env.step(a);
                assertFalse(r.done());
            }
        }
    }

    @Test
    void sameSeedSameTrajectoryDifferentSeedDifferent() {
        double[][] a = rollout(21);
        double[][] b = rollout(21);
        double[][] c = rollout(22);
        for (int t = 0; t < a.length; t++) {
            assertArrayEquals(a[t], b[t], 0);
        }
        assertFalse(Arrays.equals(a[0], c[0]));
        assertFalse(Arrays.equals(a[a.length - 1], c[c.length - 1]));
    }

    static double[][] rollout(long seed) {
        try (HalfCheetah env = new HalfCheetah()) {
            double[][] obs = new double[51][];
            obs[0] = env.reset(seed).observation();
            for (int t = 1; t <= 50; t++) {
                double[] a = new double[6];
                for (int i = 0; i < 6; i++) {
                    a[i] = Math.sin(0.3 * t + i);
                }
                obs[t] = env.step(a).observation();
            }
            return obs;
        }
    }

    @Test
    void badActionsAreRejected() {
        try (HalfCheetah env = new HalfCheetah()) {
            assertThrows(IllegalStateException.class, () -> env.step(new double[6]));
            env.reset(0);
            IllegalArgumentException len = assertThrows(IllegalArgumentException.class, () -> env.step(new double[5]));
            assertTrue(len.getMessage().contains("needs length 6"), len.getMessage());
            double[] nan = new double[6];
            nan[2] = Double.NaN;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(nan));
            assertTrue(e.getMessage().contains("action[2] is NaN"), e.getMessage());
            double[] inf = new double[6];
            inf[0] = Double.POSITIVE_INFINITY;
            assertThrows(IllegalArgumentException.class, () -> env.step(inf));
            env.step(new double[6]);
        }
    }
}
