package org.hyperrl.envs.mujoco;

/** Registers the MuJoCo env ids with {@link org.hyperrl.envs.registry.EnvRegistry}. */
public final class MujocoRegistrations {

    private MujocoRegistrations() {
    }

    /** Called once by the registry's static initialiser. */
    public static void registerAll() {
    }
}
