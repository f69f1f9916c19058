/**
 * The {@code hyperrl} command line ({@link org.hyperrl.bench.Hyperrl}) with its demo and benchmarks. This is
 * the module that chooses the ND4J backend for users running the bundled mains.
 */
package org.hyperrl.bench;
