/**
 * The environment API with Gymnasium semantics: {@link org.hyperrl.envs.Env}, the spaces
 * {@link org.hyperrl.envs.Box} and {@link org.hyperrl.envs.Discrete}, the step/reset records, and generic
 * wrappers (time limit, action clipping and rescaling, observation and reward normalisation, episode
 * statistics). Concrete environments live in sub-packages; vector envs in {@code vector}, meta-RL task
 * machinery in {@code meta}, string-id construction in {@code registry}. No ND4J here.
 */
package org.hyperrl.envs;
