package org.hyperrl.envs.mujoco;

/** An error reported by MuJoCo itself (model compilation, simulation); the message is MuJoCo's text. */
public class MujocoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MujocoException(String message) {
        super(message);
    }
}
