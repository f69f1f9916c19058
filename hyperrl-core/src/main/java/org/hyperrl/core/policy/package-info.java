/**
 * Policies built from the hypernetwork parts: Beck et al.'s meta-RL hypernetwork policy
 * ({@link org.hyperrl.core.policy.HyperPolicy}); input normalisation is done by the environment wrappers of hyperrl-envs.
 */
package org.hyperrl.core.policy;
