/**
 * Optimisation: the {@link org.hyperrl.core.optim.Optimizer} interface (step from gradients keyed by parameter,
 * checkpointable state), Adam per parameter group with gradient-norm clipping
 * ({@link org.hyperrl.core.optim.AdamOptimizer}) and Polyak-averaged target copies ({@link org.hyperrl.core.optim.Polyak}).
 * Gradients with respect to a chosen subset of parameters come from {@link org.hyperrl.core.nn.Graph#gradients}.
 */
package org.hyperrl.core.optim;
