package org.hyperrl.envs.mujoco;

import static org.hyperrl.envs.mujoco.MujocoTestSupport.assumeMujoco;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.hyperrl.envs.registry.EnvRegistry;
import org.hyperrl.envs.vector.AutoresetMode;
import org.hyperrl.envs.vector.VectorEnv;
import org.hyperrl.envs.vector.VectorStepResult;
import org.junit.jupiter.api.Test;

/** MuJoCo envs stepped on a thread pool give bit-identical results to sequential stepping. */
class MujocoVectorTest {

    @Test
    void threadedMatchesSequentialForHopperTrials() {
        assumeMujoco();
        try (VectorEnv seq = new VectorEnv(i -> EnvRegistry.create("Hopper"), 4, AutoresetMode.SAME_STEP, 1);
             VectorEnv par = new VectorEnv(i -> EnvRegistry.create("Hopper"), 4, AutoresetMode.SAME_STEP, 2)) {
            double[][] o1 = seq.reset(10);
            double[][] o2 = par.reset(10);
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(o1[i], o2[i], 0);
            }
            SplittableRandom r1 = new SplittableRandom(3);
            SplittableRandom r2 = new SplittableRandom(3);
            int ended = 0;
            for (int t = 0; t < 150; t++) {
                double[][] a1 = new double[4][];
                double[][] a2 = new double[4][];
                for (int i = 0; i < 4; i++) {
                    a1[i] = seq.singleActionSpace().sample(r1);
                    a2[i] = par.singleActionSpace().sample(r2);
                }
                VectorStepResult s = seq.step(a1);
                VectorStepResult p = par.step(a2);
                for (int i = 0; i < 4; i++) {
                    assertArrayEquals(s.observations()[i], p.observations()[i], 0);
                    assertArrayEquals(s.finalObservations()[i], p.finalObservations()[i], 0);
                    ended += s.done(i) ? 1 : 0;
                }
                assertArrayEquals(s.rewards(), p.rewards(), 0);
                assertArrayEquals(s.terminated(), p.terminated());
            }
            assertTrue(ended > 0, "random hopper episodes terminate, exercising autoreset");
        }
    }
}
