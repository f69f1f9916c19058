/**
 * Parameters and layers over SameDiff: {@link org.hyperrl.core.nn.Parameters} owns named arrays,
 * {@link org.hyperrl.core.nn.Graph} binds them into a SameDiff graph (trainable or frozen), and layers
 * ({@link org.hyperrl.core.nn.Linear}, {@link org.hyperrl.core.nn.Mlp}, {@link org.hyperrl.core.nn.ResidualBlock},
 * {@link org.hyperrl.core.nn.Gru}, {@link org.hyperrl.core.nn.Film}) create their parameters when constructed and
 * add ops when applied. Hypernetworks live in {@code org.hyperrl.core.hyper}.
 */
package org.hyperrl.core.nn;
