/**
 * Parameters and layers over SameDiff: {@link org.hyperrl.core.nn.Parameters} owns named arrays,
 * {@link org.hyperrl.core.nn.Graph} binds them into a SameDiff graph (trainable or frozen), and layers
 * ({@link org.hyperrl.core.nn.Linear}, {@link org.hyperrl.core.nn.Mlp}, {@link org.hyperrl.core.nn.ResidualBlock},
 * {@link org.hyperrl.core.nn.Gru}, {@link org.hyperrl.core.nn.Film}) create their parameters when constructed and
 * add ops when applied, on their own parameters or on weights from a {@link org.hyperrl.core.nn.WeightSource}
 * (adapted or generated). {@link org.hyperrl.core.nn.BaseNetworkSpec} declares a stack of dense layers and
 * evaluates it on {@link org.hyperrl.core.nn.LayerWeights}, shared or per sample; hypernetworks that generate those
 * weights live in {@code org.hyperrl.core.hyper}. {@link org.hyperrl.core.nn.FastMlp} and
 * {@link org.hyperrl.core.nn.FastGru} compute an MLP and a GRU step in plain Java on float copies of the weights, for
 * acting.
 */
package org.hyperrl.core.nn;
