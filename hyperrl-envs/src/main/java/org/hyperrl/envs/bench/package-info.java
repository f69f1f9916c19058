/**
 * Benchmarks of environment throughput ({@link org.hyperrl.envs.bench.EnvBenchmark}), run by hand; they are
 * not tests.
 */
package org.hyperrl.envs.bench;
