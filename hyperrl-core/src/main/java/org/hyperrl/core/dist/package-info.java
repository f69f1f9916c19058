/**
 * Probability distributions for policies, over SameDiff variables (log-probabilities, entropies, KL divergences and
 * reparameterised samples from externally fed noise, all {@code [batch, 1]} per sample) and over plain float arrays
 * for acting (sampling, mode): {@link org.hyperrl.core.dist.DiagGaussian},
 * {@link org.hyperrl.core.dist.TanhGaussian} (SAC's squashed Gaussian) and {@link org.hyperrl.core.dist.Categorical}.
 * Noise is always drawn by the caller, from its own seeded generator, so runs stay a function of their seed.
 * Networks that output distribution parameters live elsewhere ({@code org.hyperrl.core.policy}, the algorithms).
 */
package org.hyperrl.core.dist;
