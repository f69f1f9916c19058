package org.hyperrl.envs.mujoco;

import static org.hyperrl.envs.mujoco.MujocoTestSupport.assumeMujoco;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MujocoModelTest {

    @Test
    void versionIs22x() {
        assumeMujoco();
        assertTrue(Mujoco.version() >= 220, "MuJoCo version " + Mujoco.version());
    }

    @Test
    void malformedModelReportsMujocosOwnError() {
        assumeMujoco();
        MujocoException e = assertThrows(MujocoException.class,
                () -> MujocoModel.fromXml("<mujoco><worldbody><bodyy name='x'/></worldbody></mujoco>"));
        assertTrue(e.getMessage().contains("bodyy"), e.getMessage());
        MujocoException notXml = assertThrows(MujocoException.class, () -> MujocoModel.fromXml("this is not xml"));
        assertFalse(notXml.getMessage().isBlank());
        MujocoException badJoint = assertThrows(MujocoException.class, () -> MujocoModel.fromXml(
                "<mujoco><worldbody><body><joint type='hinge' limited='true' range='0 1'/><geom size='0.1'/></body></worldbody>"
                        + "<actuator><motor joint='nosuchjoint'/></actuator></mujoco>"));
        assertTrue(badJoint.getMessage().contains("nosuchjoint"), badJoint.getMessage());
    }

    @Test
    void copiesAreIndependent() {
        assumeMujoco();
        try (MujocoModel m = MujocoModel.fromResource(HalfCheetah.MODEL); MujocoModel c = m.copy()) {
            double[] mass = c.bodyMass();
            mass[1] *= 2;
            c.setBodyMass(mass);
            assertEquals(2 * m.bodyMass()[1], c.bodyMass()[1], 1e-12);
            assertThrows(IllegalArgumentException.class, () -> c.setBodyMass(new double[3]));
        }
    }

    @Test
    void unavailableLibraryMessageSaysWhatToInstall() {
        Mujoco.Status s = Mujoco.load("/org/hyperrl/envs/mujoco/native/no_such_library.so");
        assertFalse(s.available());
        assertNotNull(s.problem());
        assertTrue(s.problem().contains("apt-get install libmujoco-dev"), s.problem());
    }

    @Test
    void creatingAnEnvWithoutMujocoFailsWithInstallHint() {
        if (Mujoco.isAvailable()) {
            return; // the other tests cover the available case; the message itself is tested above
        }
        MujocoUnavailableException e = assertThrows(MujocoUnavailableException.class, HalfCheetah::new);
        assertTrue(e.getMessage().contains("apt-get install libmujoco-dev"), e.getMessage());
    }

    /**
     * The envs reset with resetState, which skips clearing the contact/constraint scratch arrays. The simulation
     * after it must be bitwise identical to the one after mj_resetData, including after episodes that left
     * contacts and constraints in those arrays (assertArrayEquals compares doubles by their bits).
     */
    @ParameterizedTest
    @ValueSource(strings = {HalfCheetah.MODEL, Hopper.MODEL, Walker2d.MODEL, Ant.MODEL, Humanoid.MODEL})
    void resetStateSimulatesBitwiseLikeResetData(String model) {
        assumeMujoco();
        try (MujocoModel full = MujocoModel.fromResource(model); MujocoModel light = full.copy()) {
            SplittableRandom rng = new SplittableRandom(7);
            double[] range = full.actuatorCtrlRange();
            int contactSteps = 0;
            for (int episode = 0; episode < 6; episode++) {
                full.resetData();
                light.resetState();
                assertArrayEquals(full.qpos(), light.qpos(), model);
                assertArrayEquals(full.qvel(), light.qvel(), model);
                assertArrayEquals(full.ctrl(), light.ctrl(), model);
                assertArrayEquals(full.warningCounts(), light.warningCounts(), model);
                double[] qpos = full.qpos0();
                double[] qvel = new double[full.nv()];
                for (int i = 0; i < qpos.length; i++) {
                    qpos[i] += rng.nextDouble(-0.1, 0.1);
                }
                for (int i = 0; i < qvel.length; i++) {
                    qvel[i] = rng.nextDouble(-0.1, 0.1);
                }
                full.setState(qpos, qvel);
                light.setState(qpos, qvel);
                for (int t = 0; t < 150; t++) {
                    double[] ctrl = new double[full.nu()];
                    for (int j = 0; j < ctrl.length; j++) {
                        ctrl[j] = rng.nextDouble(range[2 * j], range[2 * j + 1]);
                    }
                    full.step(ctrl, 5, true);
                    light.step(ctrl, 5, true);
                    String at = model + " episode " + episode + " step " + t;
                    assertArrayEquals(full.qpos(), light.qpos(), at);
                    assertArrayEquals(full.qvel(), light.qvel(), at);
                    assertArrayEquals(full.cfrcExt(), light.cfrcExt(), at);
                    if (Arrays.stream(full.cfrcExt()).anyMatch(v -> v != 0)) {
                        contactSteps++;
                    }
                }
            }
            assertTrue(contactSteps > 100, model + ": the rollouts must exercise contacts, got " + contactSteps);
        }
    }
}
