/**
 * MAML-TRPO (Finn et al. 2017, after tristandeleu/pytorch-maml-rl) and the MAML variants of Sarafian et al. 2021:
 * Vanilla-MAML, Context-MAML, Hyper-MAML and the multi-task objective without an adaptation step. The meta-gradient
 * and the Fisher-vector products differentiate exactly through the inner step, with the second-order networks of
 * {@code org.hyperrl.core.secondorder}. {@link org.hyperrl.algos.maml.Maml} is the trainer,
 * {@link org.hyperrl.algos.maml.MetaObjective} the objective and its derivatives, {@link org.hyperrl.algos.maml.Trpo}
 * the update.
 */
package org.hyperrl.algos.maml;
