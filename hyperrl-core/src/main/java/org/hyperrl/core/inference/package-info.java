/**
 * Task inference networks of the meta-RL methods that infer the task from the trajectory so far (Beck et al. 2023's
 * VI, TI and BI families; VariBAD, Zintgraf et al. 2020): the {@link org.hyperrl.core.inference.TrajectoryEncoder},
 * a GRU over embedded transitions {@code (a, r, s')} whose hidden state gives a Gaussian posterior over a latent task.
 * The losses that train it (ELBO, task prediction) live with the algorithms in {@code org.hyperrl.algos.meta}.
 */
package org.hyperrl.core.inference;
