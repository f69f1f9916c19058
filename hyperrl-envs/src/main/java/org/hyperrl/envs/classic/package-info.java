/**
 * Classic pure-Java control tasks for fast tests (currently {@link org.hyperrl.envs.classic.Pendulum}).
 * No native code and no meta-RL tasks here.
 */
package org.hyperrl.envs.classic;
