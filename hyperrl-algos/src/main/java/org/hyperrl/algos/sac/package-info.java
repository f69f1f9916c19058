/** Soft Actor-Critic with hypernetwork or baseline critics (Sarafian et al. 2021) and its squashed Gaussian policy. */
package org.hyperrl.algos.sac;
