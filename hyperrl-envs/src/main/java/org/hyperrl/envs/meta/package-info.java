/**
 * Meta-RL machinery shared by all task families: {@link org.hyperrl.envs.meta.Task},
 * {@link org.hyperrl.envs.meta.TaskDistribution} (sampled or fixed train/test lists),
 * {@link org.hyperrl.envs.meta.MetaEnv} (set/get task) and the trial (BAMDP) layer
 * {@link org.hyperrl.envs.meta.TrialWrapper}. The families themselves live with their physics
 * ({@code grid}, {@code mujoco}).
 */
package org.hyperrl.envs.meta;
