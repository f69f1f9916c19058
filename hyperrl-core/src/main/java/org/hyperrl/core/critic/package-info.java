/**
 * State-action value networks behind one interface ({@link org.hyperrl.core.critic.QNetwork}): the
 * hypernetwork critics of Sarafian et al. 2021 (SA-, AS-, Emb-Hyper) and the baselines of its supplementary
 * D.4. Training loops live in {@code hyperrl-algos}.
 */
package org.hyperrl.core.critic;
