/**
 * Actor-critic policies for on-policy (meta-)RL: the {@link org.hyperrl.core.policy.ActorCritic} contract (a policy
 * unrolled over time with trial-start resets), the registry {@link org.hyperrl.core.policy.Policies} of Beck et al.
 * 2023's policies by id ({@code mlp}, {@code rnn}, {@code rnn+s}, {@code rnn+hn}, {@code multi}, {@code multi+hn}),
 * their sizes ({@link org.hyperrl.core.policy.PolicyConfig}), the one-step acting paths
 * ({@link org.hyperrl.core.policy.PolicyStepper}: the graph's {@link org.hyperrl.core.policy.ActorCriticStepper}, or
 * plain Java from {@link org.hyperrl.core.policy.ActorCritic#fastStepper()}) and Beck et al.'s hypernetwork policy
 * ({@link org.hyperrl.core.policy.HyperPolicy}).
 *
 * <p>Not here: distributions over the heads ({@code org.hyperrl.core.dist}), losses and training (hyperrl-algos), and
 * input normalisation, which the environment wrappers of hyperrl-envs do.
 */
package org.hyperrl.core.policy;
