package org.hyperrl.envs.mujoco;

import static org.hyperrl.envs.mujoco.MujocoTestSupport.assumeMujoco;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.MetaEnv;
import org.hyperrl.envs.meta.Split;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TrialWrapper;
import org.hyperrl.envs.registry.EnvRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The meta-RL task families: task rewards on constructed states, task sets, trials, randomised physics. */
class MetaFamiliesTest {

    private static final double[] FLYING_CHEETAH_QPOS = {0, 5.0, 0, 0, 0, 0, 0, 0, 0};

    @BeforeEach
    void requireMujoco() {
        assumeMujoco();
    }

    private static double[] cheetahVelocity(double vx) {
        double[] v = new double[9];
        v[0] = vx;
        return v;
    }

    @Test
    void cheetahVelRewardIsMinusVelocityError() {
        try (CheetahVel env = new CheetahVel()) {
            env.setTask(Task.of(0.5));
            env.reset(0);
            env.setState(FLYING_CHEETAH_QPOS, cheetahVelocity(2.0));
            StepResult r = env.step(new double[6]);
            assertEquals(-1.5, r.reward(), 1e-9);
            assertEquals(20, r.observation().length);
            double[] a = {1, 0, 0, 0, 0, -1};
            env.setState(FLYING_CHEETAH_QPOS, cheetahVelocity(2.0));
            StepResult r2 = env.step(a);
            assertEquals(-Math.abs((double) r2.info().get("x_velocity") - 0.5) - 0.05 * 2, r2.reward(), 1e-12);
            assertThrows(IllegalArgumentException.class, () -> env.setTask(Task.of(-1)));
            assertThrows(IllegalArgumentException.class, () -> env.setTask(Task.of(1, 2)));
        }
    }

    @Test
    void cheetahObservationAppendsTorsoPosition() {
        try (CheetahVel env = new CheetahVel(); CheetahVel short17 = new CheetahVel(CheetahVel.defaultTasks(), false)) {
            double[] obs = env.reset(4).observation();
            double[] q = env.simulation().qpos();
            assertEquals(20, obs.length);
            assertEquals(q[0], obs[17], 1e-12, "torso x = rootx");
            assertEquals(0.7 + q[1], obs[19], 1e-12, "torso z = 0.7 + rootz");
            assertEquals(17, short17.observationSpace().dimension());
        }
    }

    @Test
    void cheetahDirRewardIsDirectionTimesVelocity() {
        try (CheetahDir env = new CheetahDir()) {
            env.setTask(Task.of(-1));
            env.reset(0);
            env.setState(FLYING_CHEETAH_QPOS, cheetahVelocity(2.0));
            assertEquals(-2.0, env.step(new double[6]).reward(), 1e-9);
            env.setTask(Task.of(1));
            env.setState(FLYING_CHEETAH_QPOS, cheetahVelocity(2.0));
            assertEquals(2.0, env.step(new double[6]).reward(), 1e-9);
            assertThrows(IllegalArgumentException.class, () -> env.setTask(Task.of(0.5)));
        }
    }

    @Test
    void cheetahVelMediumHasDisjointTrainAndTestVelocities() {
        Env train = EnvRegistry.create("CheetahVelMedium");
        Env test = EnvRegistry.create("CheetahVelMedium", Map.of("split", "test"));
        for (long s = 0; s < 30; s++) {
            train.reset(s);
            test.reset(s);
            double vTrain = train.find(MetaEnv.class).orElseThrow().getTask().get(0);
            double vTest = test.find(MetaEnv.class).orElseThrow().getTask().get(0);
            assertTrue(vTrain >= 0 && vTrain < 2.5, "train " + vTrain);
            assertTrue(vTest >= 2.5 && vTest < 3, "test " + vTest);
        }
        Env custom = EnvRegistry.create("CheetahVelMedium", Map.of("trainHigh", 1.0, "testLow", 1.0, "testHigh", 1.5,
                "split", "test"));
        custom.reset(1);
        double v = custom.find(MetaEnv.class).orElseThrow().getTask().get(0);
        assertTrue(v >= 1.0 && v < 1.5, "test interval is a parameter: " + v);
        train.close();
        test.close();
        custom.close();
    }

    @Test
    void fixedTaskListsAsSarafian() {
        try (Env env = EnvRegistry.create("CheetahVel", Map.of("numTrainTasks", 100, "numTestTasks", 30))) {
            MetaEnv meta = env.find(MetaEnv.class).orElseThrow();
            assertEquals(100, meta.taskDistribution().tasks(Split.TRAIN).size());
            assertEquals(30, meta.taskDistribution().tasks(Split.TEST).size());
            env.reset(0);
            Task t = meta.getTask();
            assertEquals(t, meta.taskDistribution().tasks(Split.TRAIN).get(t.id()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.create("CheetahVel", Map.of("numTrainTasks", 100)));
        assertTrue(e.getMessage().contains("numTestTasks"), e.getMessage());
    }

    @Test
    void trialKeepsTheTaskAcrossInnerEpisodesAndResamplesAtMetaReset() {
        try (Env env = EnvRegistry.create("CheetahVel", Map.of("maxEpisodeSteps", 20))) {
            assertEquals(21, env.observationSpace().dimension(), "20 + done flag with 2 episodes per trial");
            env.reset(11);
            MetaEnv meta = env.find(MetaEnv.class).orElseThrow();
            Task task = meta.getTask();
            int steps = 0;
            StepResult r;
            do {
                r = env.step(new double[6]);
                steps++;
                assertEquals(task, meta.getTask());
                assertEquals(steps == 20 || steps == 40 ? 1.0 : 0.0, r.observation()[20], "flag at " + steps);
            } while (!r.done());
            assertEquals(40, steps);
            assertTrue(r.truncated());
            env.reset();
            assertNotEquals(task, meta.getTask(), "a new meta-episode samples a new velocity");
        }
    }

    @Test
    void differentSeedsGiveDifferentTasksAndNoise() {
        Set<Double> velocities = new HashSet<>();
        double[] first = null;
        for (long s = 0; s < 5; s++) {
            try (Env env = EnvRegistry.create("CheetahVel")) {
                double[] obs = env.reset(s).observation();
                velocities.add(env.find(MetaEnv.class).orElseThrow().getTask().get(0));
                if (first != null) {
                    assertFalse(Arrays.equals(first, obs));
                }
                first = obs;
            }
        }
        assertEquals(5, velocities.size());
        try (Env a = EnvRegistry.create("CheetahVel"); Env b = EnvRegistry.create("CheetahVel")) {
            assertArrayEquals(a.reset(3).observation(), b.reset(3).observation(), 0);
            assertEquals(a.find(MetaEnv.class).orElseThrow().getTask(), b.find(MetaEnv.class).orElseThrow().getTask());
        }
    }

    private static double[] flyingAnt(double z) {
        double[] q = new double[15];
        q[2] = z;
        q[3] = 1;
        double a = 50 * Math.PI / 180;
        q[8] = a;
        q[10] = -a;
        q[12] = -a;
        q[14] = a;
        return q;
    }

    @Test
    void antDirReferenceDirectionsAreOneRadian() {
        try (AntDir env = new AntDir(AntDir.referenceTasks())) {
            assertEquals(27, env.observationSpace().dimension());
            env.setTask(Task.of(1));
            assertArrayEquals(new double[] {0.5403023, 0.8414710}, env.direction(), 1e-6);
            env.reset(0);
            double[] v = new double[14];
            v[1] = 1.0;
            env.setState(flyingAnt(0.9), v);
            StepResult r = env.step(new double[8]);
            assertEquals(Math.sin(1) + 1.0, r.reward(), 1e-9, "vy = 1 along (cos 1, sin 1), plus survive 1");
            env.setTask(Task.of(-1));
            env.setState(flyingAnt(0.9), v);
            assertEquals(-Math.sin(1) + 1.0, env.step(new double[8]).reward(), 1e-9);
            assertEquals(2, env.taskDistribution().tasks(Split.TRAIN).size());
        }
    }

    @Test
    void antFwdBackIsTrulyForwardAndBackward() {
        try (AntDir env = new AntDir(AntDir.forwardBackwardTasks())) {
            env.setTask(env.taskDistribution().tasks(Split.TRAIN).get(1));
            env.reset(0);
            double[] v = new double[14];
            v[0] = 1.0;
            v[1] = 0.5;
            env.setState(flyingAnt(0.9), v);
            assertEquals(-1.0 + 1.0, env.step(new double[8]).reward(), 1e-9, "angle pi: backward, y ignored");
            double[] a = new double[8];
            Arrays.fill(a, 0.5);
            env.reset(0);
            StepResult r = env.step(a);
            double expected = (double) r.info().get("reward_forward") - 0.5 * 8 * 0.25
                    + (double) r.info().get("reward_contact") + 1.0;
            assertEquals(expected, r.reward(), 1e-12);
        }
    }

    @Test
    void antVelRewardAndMamlObservation() {
        try (AntVel env = new AntVel()) {
            assertEquals(123, env.observationSpace().dimension());
            env.setTask(Task.of(2.0));
            env.reset(0);
            double[] v = new double[14];
            v[0] = 1.0;
            env.setState(flyingAnt(0.9), v);
            StepResult r = env.step(new double[8]);
            assertEquals(-1.0 + 1.0 + 0.05, r.reward(), 1e-9);
            double[] obs = r.observation();
            assertEquals(1.0, obs[111], 1e-9, "torso xmat starts with 1 for the identity orientation");
            assertEquals(env.simulation().qpos()[0], obs[120], 1e-12, "torso x position");
        }
    }

    @Test
    void humanoidDirScalesActionsAndRewardsProgressPerTimestep() {
        try (HumanoidDir env = new HumanoidDir()) {
            assertEquals(Box.uniform(17, -1, 1), env.actionSpace());
            assertEquals(376, env.observationSpace().dimension());
            env.setTask(Task.of(0.0));
            env.reset(0);
            double[] q = new double[24];
            q[2] = 1.5;
            q[3] = 1;
            q[13] = -0.1;
            q[17] = -0.1;
            double[] v = new double[23];
            v[0] = 0.8;
            env.setState(q, v);
            StepResult r = env.step(new double[17]);
            assertEquals(0.25 * 0.8 * 0.015 / 0.003 + 5.0, r.reward(), 1e-9);
            env.setTask(Task.of(Math.PI / 2));
            env.setState(q, v);
            assertEquals(5.0, env.step(new double[17]).reward(), 1e-9, "moving perpendicular to the goal");
            double[] a = new double[17];
            a[3] = 1.0;
            a[4] = -0.5;
            env.setState(q, new double[23]);
            StepResult r2 = env.step(a);
            assertEquals(0.4, env.simulation().ctrl()[3], 1e-12);
            assertEquals(-0.2, env.simulation().ctrl()[4], 1e-12);
            assertEquals(-0.1 * (0.16 + 0.04), (double) r2.info().get("reward_quadctrl"), 1e-12);
            q[2] = 0.9;
            env.setState(q, new double[23]);
            assertTrue(env.step(new double[17]).terminated());
        }
    }

    @Test
    void walkerRandParamsTaskHas65MultipliersAndWritesTheModel() {
        try (WalkerRandParams env = new WalkerRandParams()) {
            MujocoModel m = env.simulation();
            assertEquals(0.004, m.timestep(), 0);
            assertEquals(0.016, env.dt(), 1e-15);
            assertEquals(17, env.observationSpace().dimension());
            double[] nominalMass = m.bodyMass();
            double[] nominalFriction = m.geomFriction();
            Task t = env.taskDistribution().sample(Split.TRAIN, new SplittableRandom(1));
            assertEquals(65, t.dimension());
            for (int i = 0; i < 65; i++) {
                double limit = i >= 32 && i < 41 ? Math.pow(1.3, 3) : Math.pow(1.5, 3);
                assertTrue(t.get(i) >= 1 / limit && t.get(i) <= limit, "multiplier " + i + " = " + t.get(i));
            }
            env.setTask(t);
            assertEquals(nominalMass[1] * t.get(1), m.bodyMass()[1], 1e-12);
            assertEquals(nominalFriction[3] * t.get(41 + 3), m.geomFriction()[3], 1e-12);
            env.setTask(WalkerRandParams.nominalTask());
            assertArrayEquals(nominalMass, m.bodyMass(), 1e-12);
            double[] bad = new double[65];
            Arrays.fill(bad, 1);
            bad[7] = 0;
            assertThrows(IllegalArgumentException.class, () -> env.setTask(Task.of(bad)));
        }
    }

    private static double[][] walkerTrajectory(WalkerRandParams env, Task task) {
        env.setTask(task);
        double[][] obs = new double[31][];
        obs[0] = env.reset(7).observation();
        for (int t = 1; t <= 30; t++) {
            double[] a = new double[6];
            for (int i = 0; i < 6; i++) {
                a[i] = 0.8 * Math.sin(0.4 * t + i);
            }
            StepResult r = env.step(a);
            obs[t] = r.observation();
            if (r.done()) {
                return Arrays.copyOf(obs, t + 1);
            }
        }
        return obs;
    }

    @Test
    void walkerRandParamsChangesPhysicsAndRestoringATaskRestoresTheTrajectory() {
        try (WalkerRandParams env = new WalkerRandParams()) {
            SplittableRandom rng = new SplittableRandom(5);
            Task a = env.taskDistribution().sample(Split.TRAIN, rng);
            Task b = env.taskDistribution().sample(Split.TRAIN, rng);
            double[][] ta = walkerTrajectory(env, a);
            double[][] tb = walkerTrajectory(env, b);
            double[][] tNominal = walkerTrajectory(env, WalkerRandParams.nominalTask());
            double[][] ta2 = walkerTrajectory(env, a);
            assertArrayEquals(ta[0], tb[0], 0, "same seed: same initial state");
            int n = Math.min(ta.length, tb.length);
            assertFalse(Arrays.equals(ta[n - 1], tb[n - 1]), "different physics: different trajectories");
            assertFalse(Arrays.equals(ta[Math.min(n, tNominal.length) - 1], tNominal[Math.min(n, tNominal.length) - 1]));
            assertEquals(ta.length, ta2.length);
            for (int t = 0; t < ta.length; t++) {
                assertArrayEquals(ta[t], ta2[t], 0, "restored task, step " + t);
            }
        }
    }

    @Test
    void walkerRandParamsCanRecomputeDerivedConstants() {
        try (WalkerRandParams plain = new WalkerRandParams(false); WalkerRandParams recompute = new WalkerRandParams(true)) {
            double[] mult = new double[65];
            Arrays.fill(mult, 1);
            mult[1] = 2.0; // torso mass x2
            double before = plain.simulation().bodySubtreeMass()[0];
            plain.setTask(Task.of(mult));
            recompute.setTask(Task.of(mult));
            double torsoMass = plain.simulation().bodyMass()[1] / 2;
            assertEquals(before, plain.simulation().bodySubtreeMass()[0], 1e-12, "reference: no recomputation");
            assertEquals(before + torsoMass, recompute.simulation().bodySubtreeMass()[0], 1e-9);
        }
    }

    @Test
    void walkerRandParamsTrialsAreTwoEpisodesOfOneTask() {
        try (Env env = EnvRegistry.create("WalkerRandParams", Map.of("maxEpisodeSteps", 10))) {
            TrialWrapper trial = env.find(TrialWrapper.class).orElseThrow();
            assertEquals(2, trial.episodesPerTrial());
            assertEquals(18, env.observationSpace().dimension());
            env.reset(2);
            Task t = trial.metaEnv().getTask();
            double[] massAtStart = env.find(WalkerRandParams.class).orElseThrow().simulation().bodyMass();
            StepResult r;
            int inner = 0;
            do {
                r = env.step(new double[6]);
                if (Boolean.TRUE.equals(r.info().get(TrialWrapper.INFO_INNER_ENDED))) {
                    inner++;
                }
                assertEquals(t, trial.metaEnv().getTask());
            } while (!r.done());
            assertEquals(2, inner);
            assertArrayEquals(massAtStart, env.find(WalkerRandParams.class).orElseThrow().simulation().bodyMass(), 0);
        }
    }
}
