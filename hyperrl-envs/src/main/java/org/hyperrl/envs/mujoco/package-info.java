/**
 * MuJoCo locomotion through a small JNI shim over the system MuJoCo 2.2 ({@code apt-get install
 * libmujoco-dev}): {@link org.hyperrl.envs.mujoco.MujocoModel} (model + data), the project's own model files
 * (resources {@code models/*.xml}), gym-v3 single-task envs and the meta-RL task families. Without MuJoCo
 * these classes load but constructing an env throws
 * {@link org.hyperrl.envs.mujoco.MujocoUnavailableException}. Generic wrappers and task machinery live in
 * {@code org.hyperrl.envs} and {@code org.hyperrl.envs.meta}.
 */
package org.hyperrl.envs.mujoco;
