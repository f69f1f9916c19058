package org.hyperrl.envs.mujoco;

import static org.hyperrl.envs.mujoco.MujocoTestSupport.assumeMujoco;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.registry.EnvRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spec conformance of the gym-v3 single-task envs: model numbers, rewards on constructed states, termination. */
class LocomotionTest {

    private static final double DEG = Math.PI / 180;

    @BeforeEach
    void requireMujoco() {
        assumeMujoco();
    }

    private static void assertGears(MujocoModel m, double... gears) {
        double[] g = m.actuatorGear();
        assertEquals(gears.length, m.nu());
        for (int i = 0; i < gears.length; i++) {
            assertEquals(gears[i], g[6 * i], 0, "gear " + i);
        }
    }

    private static void assertRange(MujocoModel m, String joint, double lo, double hi) {
        int j = m.jointId(joint);
        assertTrue(j >= 0, joint);
        assertEquals(lo, m.jointRange()[2 * j], 1e-9, joint + " low");
        assertEquals(hi, m.jointRange()[2 * j + 1], 1e-9, joint + " high");
    }

    @Test
    void hopperModelAndSpec() {
        try (Hopper env = new Hopper()) {
            MujocoModel m = env.simulation();
            assertArrayEquals(new int[] {6, 6, 3}, new int[] {m.nq(), m.nv(), m.nu()});
            assertEquals(0.002, m.timestep(), 0);
            assertEquals(1, m.integrator(), "RK4");
            assertEquals(0.008, env.dt(), 1e-15);
            assertGears(m, 200, 200, 200);
            assertRange(m, "thigh_joint", -150 * DEG, 0);
            assertRange(m, "leg_joint", -150 * DEG, 0);
            assertRange(m, "foot_joint", -45 * DEG, 45 * DEG);
            assertEquals(2.0, m.geomFriction()[3 * m.geomId("foot")], 0);
            assertEquals(1.0, m.dofArmature()[3], 0);
            assertEquals(1.0, m.dofDamping()[3], 0);
            assertEquals(1.25, m.qpos0()[1], 0, "rootz reference height");
            assertEquals(11, env.observationSpace().dimension());
            assertEquals(Box.uniform(3, -1, 1), env.actionSpace());
        }
    }

    @Test
    void hopperRewardAndTermination() {
        try (Hopper env = new Hopper()) {
            env.reset(0);
            // flying, joints at rest: vx stays exactly constant
            env.setState(new double[] {0, 3.0, 0, 0, 0, 0}, new double[] {1.5, 0, 0, 0, 0, 0});
            StepResult r = env.step(new double[3]);
            assertEquals(1.5 + 1.0, r.reward(), 1e-9);
            assertFalse(r.terminated());
            env.setState(new double[] {0, 3.0, 0.25, 0, 0, 0}, new double[6]);
            StepResult tilted = env.step(new double[3]);
            assertTrue(tilted.terminated(), "angle outside (-0.2, 0.2)");
            assertEquals(1.0, tilted.reward(), 1e-9, "healthy reward is paid on the terminal step");
            env.reset(0);
            StepResult pushed = env.step(new double[] {0.5, -1, 0.2});
            assertEquals((double) pushed.info().get("x_velocity") + 1.0 - 1e-3 * (0.25 + 1 + 0.04), pushed.reward(), 1e-12);
            env.reset(0);
            env.setState(new double[] {0, 0.69, 0, 0, 0, 0}, new double[6]);
            assertFalse(env.isHealthy(), "height below 0.7");
            env.setState(new double[] {0, 0.71, 0.19, 0, 0, 0}, new double[6]);
            assertTrue(env.isHealthy());
            env.reset(0);
            env.setState(new double[] {0, 3.0, 0, 0, 0, 0}, new double[] {0, 0, 0, 150, 0, 0});
            assertTrue(env.step(new double[3]).terminated(), "state entry outside (-100, 100)");
        }
    }

    @Test
    void hopperObservationClipsVelocities() {
        try (Hopper env = new Hopper()) {
            env.reset(0);
            env.setState(new double[] {0, 3.0, 0, 0, 0, 0}, new double[] {20, 0, 0, 0, 0, 0});
            double[] obs = env.step(new double[3]).observation();
            assertEquals(10.0, obs[5], 0, "qvel clipped to 10");
            assertEquals(3.0, obs[0], 0.01, "qpos[1] is the height");
        }
    }

    /** Mass of a capsule of radius r and cylinder length len at density 1000 (MuJoCo's inertia from geoms). */
    private static double capsuleMass(double r, double len) {
        return 1000 * (Math.PI * r * r * len + 4.0 / 3 * Math.PI * r * r * r);
    }

    @Test
    void hopperAndWalkerMassesFollowFromTheReferenceGeometry() {
        try (Hopper hopper = new Hopper(); Walker2d walker = new Walker2d()) {
            double[] hm = hopper.simulation().bodyMass();
            assertEquals(capsuleMass(0.05, 0.4), hm[1], 1e-9, "torso 1.45 -> 1.05, r 0.05");
            assertEquals(capsuleMass(0.05, 0.45), hm[2], 1e-9, "thigh 1.05 -> 0.6, r 0.05");
            assertEquals(capsuleMass(0.04, 0.5), hm[3], 1e-9, "leg 0.6 -> 0.1, r 0.04");
            assertEquals(capsuleMass(0.06, 0.39), hm[4], 1e-9, "hopper foot -0.13 -> 0.26, r 0.06");
            MujocoModel w = walker.simulation();
            double[] wm = w.bodyMass();
            assertEquals(capsuleMass(0.06, 0.2), wm[w.bodyId("foot")], 1e-9, "walker foot 0 -> 0.2, r 0.06");
            assertEquals(wm[w.bodyId("thigh")], wm[w.bodyId("thigh_left")], 0);
            assertEquals(wm[w.bodyId("foot")], wm[w.bodyId("foot_left")], 0);
        }
    }

    @Test
    void walkerModelRewardAndTermination() {
        try (Walker2d env = new Walker2d()) {
            MujocoModel m = env.simulation();
            assertArrayEquals(new int[] {9, 9, 6}, new int[] {m.nq(), m.nv(), m.nu()});
            assertEquals(1, m.integrator());
            assertGears(m, 100, 100, 100, 100, 100, 100);
            assertRange(m, "thigh_left_joint", -150 * DEG, 0);
            assertRange(m, "foot_left_joint", -45 * DEG, 45 * DEG);
            assertEquals(1.9, m.geomFriction()[3 * m.geomId("foot_left")], 0);
            assertEquals(0.9, m.geomFriction()[3 * m.geomId("foot")], 0);
            assertEquals(0.01, m.dofArmature()[3], 0);
            assertEquals(0.1, m.dofDamping()[3], 0);
            assertEquals(17, env.observationSpace().dimension());
            env.reset(0);
            double[] q = new double[9];
            q[1] = 1.9;
            double[] v = new double[9];
            v[0] = -0.75;
            env.setState(q, v);
            StepResult r = env.step(new double[6]);
            assertEquals(-0.75 + 1.0, r.reward(), 1e-9);
            assertFalse(r.terminated());
            q[1] = 2.05;
            env.setState(q, new double[9]);
            assertTrue(env.step(new double[6]).terminated(), "height above 2.0");
            env.reset(0);
            q[1] = 1.5;
            q[2] = 1.1;
            env.setState(q, new double[9]);
            assertTrue(env.step(new double[6]).terminated(), "angle outside (-1, 1)");
        }
    }

    @Test
    void walkerFallsAndTerminatesUnderZeroTorque() {
        try (Env env = EnvRegistry.create("Walker2d")) {
            env.reset(1);
            int t = 0;
            StepResult r;
            do {
                r = env.step(new double[6]);
                t++;
            } while (!r.done());
            assertTrue(r.terminated() && t < 1000, "a passive walker falls over, took " + t);
        }
    }

    /** Ant in flight with ankles inside their limits, so no internal forces act. */
    private static double[] flyingAntQpos(double z) {
        double[] q = new double[15];
        q[2] = z;
        q[3] = 1;
        double a = 50 * DEG;
        q[8] = a;
        q[10] = -a;
        q[12] = -a;
        q[14] = a;
        return q;
    }

    @Test
    void antModelAndSpec() {
        try (Ant env = new Ant()) {
            MujocoModel m = env.simulation();
            assertArrayEquals(new int[] {15, 14, 8, 14}, new int[] {m.nq(), m.nv(), m.nu(), m.nbody()});
            assertEquals(0.01, m.timestep(), 0);
            assertEquals(1, m.integrator());
            assertEquals(0.05, env.dt(), 1e-15);
            assertGears(m, 150, 150, 150, 150, 150, 150, 150, 150);
            for (int leg = 1; leg <= 4; leg++) {
                assertRange(m, "hip_" + leg, -30 * DEG, 30 * DEG);
            }
            assertRange(m, "ankle_1", 30 * DEG, 70 * DEG);
            assertRange(m, "ankle_2", -70 * DEG, -30 * DEG);
            assertRange(m, "ankle_3", -70 * DEG, -30 * DEG);
            assertRange(m, "ankle_4", 30 * DEG, 70 * DEG);
            assertEquals(4.0 / 3 * Math.PI * Math.pow(0.25, 3) * 5, m.bodyMass()[m.bodyId("torso")], 1e-9,
                    "sphere r 0.25, density 5");
            assertEquals(0.75, m.qpos0()[2], 0);
            assertEquals(111, env.observationSpace().dimension());
            try (Ant v4 = new Ant(false)) {
                assertEquals(27, v4.observationSpace().dimension());
            }
        }
    }

    @Test
    void antRewardAndTermination() {
        try (Ant env = new Ant()) {
            env.reset(0);
            double[] v = new double[14];
            v[0] = 1.2;
            v[1] = 0.7;
            env.setState(flyingAntQpos(0.95), v);
            StepResult r = env.step(new double[8]);
            assertEquals(1.2 + 1.0, r.reward(), 1e-9, "vx of the torso + healthy, no contact in flight");
            assertFalse(r.terminated());
            env.setState(flyingAntQpos(1.2), new double[14]);
            assertTrue(env.step(new double[8]).terminated(), "torso above 1.0");
            env.reset(0);
            env.setState(flyingAntQpos(0.15), new double[14]);
            assertFalse(Ant.isHealthy(env.simulation()), "torso below 0.2");
            env.setState(flyingAntQpos(0.5), new double[14]);
            assertTrue(Ant.isHealthy(env.simulation()));
            double[] nan = new double[14];
            nan[3] = Double.NaN;
            env.setState(flyingAntQpos(0.5), nan);
            assertFalse(Ant.isHealthy(env.simulation()), "non-finite state");
        }
    }

    @Test
    void antContactCostUsesClippedContactForces() {
        try (Ant env = new Ant()) {
            env.reset(2);
            SplittableRandom rng = new SplittableRandom(3);
            boolean sawContact = false;
            for (int t = 0; t < 10; t++) {
                double[] a = ((Box) env.actionSpace()).sample(rng);
                StepResult r = env.step(a);
                double[] contact = Arrays.copyOfRange(r.observation(), 27, 111);
                double cc = 0;
                for (double c : contact) {
                    assertTrue(c >= -1 && c <= 1);
                    cc += c * c;
                    sawContact |= c != 0;
                }
                double ctrl = 0;
                for (double x : a) {
                    ctrl += x * x;
                }
                double expected = (double) r.info().get("x_velocity") + 1.0 - 0.5 * ctrl - 5e-4 * cc;
                assertEquals(expected, r.reward(), 1e-9);
                if (r.done()) {
                    break;
                }
            }
            assertTrue(sawContact, "standing ant has contact forces after mj_rnePostConstraint");
        }
    }

    private static double[] flyingHumanoidQpos(double z) {
        double[] q = new double[24];
        q[2] = z;
        q[3] = 1;
        int rightKnee = 7 + 6;
        int leftKnee = 7 + 10;
        q[rightKnee] = -0.1;
        q[leftKnee] = -0.1;
        return q;
    }

    @Test
    void humanoidModelRewardAndTermination() {
        try (Humanoid env = new Humanoid()) {
            MujocoModel m = env.simulation();
            assertArrayEquals(new int[] {24, 23, 17, 14}, new int[] {m.nq(), m.nv(), m.nu(), m.nbody()});
            assertEquals(0.003, m.timestep(), 0);
            assertEquals(1, m.integrator());
            assertEquals(0, m.solver(), "PGS");
            assertEquals(50, m.solverIterations());
            assertEquals(0.015, env.dt(), 1e-15);
            assertEquals(1.4, m.qpos0()[2], 0);
            assertGears(m, 100, 100, 100, 100, 100, 300, 200, 100, 100, 300, 200, 25, 25, 25, 25, 25, 25);
            assertEquals(Box.uniform(17, -0.4, 0.4), env.actionSpace());
            assertEquals(376, env.observationSpace().dimension());
            assertEquals(13, m.jointId("right_knee") + 6, "knee qpos index used by flyingHumanoidQpos");
            assertEquals(17, m.jointId("left_knee") + 6, "knee qpos index used by flyingHumanoidQpos");
            env.reset(0);
            double[] v = new double[23];
            v[0] = 0.8;
            env.setState(flyingHumanoidQpos(1.5), v);
            StepResult r = env.step(new double[17]);
            assertEquals(1.25 * 0.8 + 5.0, r.reward(), 1e-9);
            assertFalse(r.terminated());
            env.setState(flyingHumanoidQpos(0.95), new double[23]);
            assertTrue(env.step(new double[17]).terminated(), "qpos[2] below 1.0");
        }
    }

    @Test
    void humanoidControlCostUsesControls() {
        try (Humanoid env = new Humanoid()) {
            env.reset(0);
            double[] v = new double[23];
            env.setState(flyingHumanoidQpos(1.5), v);
            double[] a = new double[17];
            a[0] = 0.4;
            a[16] = -0.2;
            StepResult r = env.step(a);
            double expectedCtrl = 0.1 * (0.16 + 0.04);
            assertEquals(-expectedCtrl, (double) r.info().get("reward_quadctrl"), 1e-12);
            assertEquals(r.reward(), (double) r.info().get("reward_linvel") + 5 - expectedCtrl
                    + (double) r.info().get("reward_impact"), 1e-9);
        }
    }

    @Test
    void resetNoiseScalesFollowGym() {
        try (Hopper hopper = new Hopper(); Humanoid humanoid = new Humanoid()) {
            for (long s = 0; s < 20; s++) {
                hopper.reset(s);
                double[] q = hopper.simulation().qpos();
                double[] v = hopper.simulation().qvel();
                assertTrue(Math.abs(q[1] - 1.25) <= 5e-3 && Math.abs(q[3]) <= 5e-3 && Math.abs(v[0]) <= 5e-3);
                humanoid.reset(s);
                double[] hq = humanoid.simulation().qpos();
                assertTrue(Math.abs(hq[2] - 1.4) <= 1e-2 && Math.abs(hq[10]) <= 1e-2);
            }
        }
    }

    @Test
    void everySingleTaskEnvIsDeterministicPerSeed() {
        for (String id : new String[] {"Hopper", "Walker2d", "Ant", "Humanoid"}) {
            double[] a = finalObservation(id, 5);
            assertArrayEquals(a, finalObservation(id, 5), 0, id);
            assertFalse(Arrays.equals(a, finalObservation(id, 6)), id);
        }
    }

    private static double[] finalObservation(String id, long seed) {
        try (Env env = EnvRegistry.create(id)) {
            double[] obs = env.reset(seed).observation();
            Box box = (Box) env.actionSpace();
            SplittableRandom rng = new SplittableRandom(99);
            for (int t = 0; t < 15; t++) {
                StepResult r = env.step(box.sample(rng));
                obs = r.observation();
                if (r.done()) {
                    break;
                }
            }
            return obs;
        }
    }

    @Test
    void timeLimitIs1000Steps() {
        try (Env env = EnvRegistry.create("HalfCheetah")) {
            env.reset(0);
            for (int t = 1; t <= 1000; t++) {
                StepResult r = env.step(new double[6]);
                assertEquals(t == 1000, r.truncated());
            }
        }
    }
}
