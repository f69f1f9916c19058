/**
 * Persistence: {@link org.hyperrl.core.io.TensorFile} (named arrays, atomic writes, bitwise round trip) and
 * {@link org.hyperrl.core.io.Checkpoints} (parameters plus optimiser state, with architecture checks).
 */
package org.hyperrl.core.io;
