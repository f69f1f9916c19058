/**
 * Vectorised environments: {@link org.hyperrl.envs.vector.VectorEnv} steps N independent copies
 * sequentially or on a thread pool with an explicit {@link org.hyperrl.envs.vector.AutoresetMode}.
 * No batching of the physics itself happens here.
 */
package org.hyperrl.envs.vector;
