/**
 * Networks with exact second derivatives, for MAML's meta-gradient and TRPO's Fisher-vector products.
 * SameDiff 1.0.0-M2.1 cannot differentiate a gradient, so these networks write their backward pass by hand in
 * {@link org.hyperrl.core.secondorder.Dual} ops (a value with a tangent): one pass gives a loss's gradient and, along a
 * direction, its Hessian-vector product (forward over reverse). {@link org.hyperrl.core.secondorder.SecondOrderMlp} and
 * {@link org.hyperrl.core.secondorder.SecondOrderHypernetwork} (Sarafian et al.'s hypernetwork with the task as
 * meta-variable) are the mean networks of a
 * {@link org.hyperrl.core.secondorder.SecondOrderGaussianPolicy}; its objectives
 * ({@link org.hyperrl.core.secondorder.GaussianObjective}) are REINFORCE, TRPO's surrogate and the KL divergence.
 */
package org.hyperrl.core.secondorder;
