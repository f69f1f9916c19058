package org.hyperrl.envs.mujoco;

/** Thrown when a MuJoCo env is created but the MuJoCo library or the project's JNI shim cannot be loaded. */
public class MujocoUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public MujocoUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
