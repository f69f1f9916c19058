package org.hyperrl.envs.mujoco;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test when MuJoCo is unavailable, unless the system property {@code hyperrl.requireMujoco=true} is
 * set (CI), in which case the test fails with the reason.
 */
final class MujocoTestSupport {

    private MujocoTestSupport() {
    }

    static void assumeMujoco() {
        if (Mujoco.isAvailable()) {
            return;
        }
        if (Boolean.getBoolean("hyperrl.requireMujoco")) {
            fail("MuJoCo is required (hyperrl.requireMujoco=true) but unavailable: " + Mujoco.unavailableReason());
        }
        Assumptions.abort("MuJoCo unavailable: " + Mujoco.unavailableReason());
    }
}
