package org.hyperrl.envs.mujoco;

import static org.hyperrl.envs.mujoco.MujocoTestSupport.assumeMujoco;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
}
