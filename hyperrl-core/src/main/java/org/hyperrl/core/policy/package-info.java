/**
 * Policies built from the hypernetwork parts: Beck et al.'s meta-RL hypernetwork policy
 * ({@link org.hyperrl.core.policy.HyperPolicy}) and input normalisation.
 */
package org.hyperrl.core.policy;
