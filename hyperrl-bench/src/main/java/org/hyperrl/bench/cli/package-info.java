/**
 * Subcommands of {@code hyperrl} that read finished or running run directories: {@code plot} (learning curves) and
 * {@code table} (the papers' results table), with the aggregation they share. Training subcommands live with the
 * algorithms' wiring, not here.
 */
package org.hyperrl.bench.cli;
