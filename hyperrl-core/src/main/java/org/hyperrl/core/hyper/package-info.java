/**
 * Hypernetworks: a base network declares its layers ({@link org.hyperrl.core.nn.BaseNetworkSpec}, in
 * {@code org.hyperrl.core.nn} because an ordinary MLP is one too), {@link org.hyperrl.core.hyper.DynamicHeads} are
 * derived from that declaration, a trunk (e.g. the {@link org.hyperrl.core.hyper.PrimaryNetwork}) maps the
 * meta-variable to the heads' feature, and {@link org.hyperrl.core.nn.BaseNetworkSpec#forward} evaluates the base
 * network per sample. Critics and policies
 * built from these parts live in {@code org.hyperrl.core.critic} and {@code org.hyperrl.core.policy}.
 */
package org.hyperrl.core.hyper;
