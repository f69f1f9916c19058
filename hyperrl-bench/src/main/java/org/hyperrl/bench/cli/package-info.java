/**
 * The subcommands of {@code hyperrl} that run and read experiments: {@code list}, {@code train}, {@code resume} and
 * {@code eval} (on top of the runtime in {@code org.hyperrl.bench.runtime} and the {@code Trainer} interface of the
 * algorithms, registered in {@link org.hyperrl.bench.cli.Algorithms}), and {@code plot} and {@code table}, which read
 * finished or running run directories, with the aggregation they share. The demo and benchmarks live elsewhere.
 */
package org.hyperrl.bench.cli;
