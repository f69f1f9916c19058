/**
 * The experiment runtime shared by every training command: the run directory ({@link
 * org.hyperrl.bench.runtime.RunDirectory}: config, provenance, progress, checkpoints), the crash-safe progress log
 * and its reader, atomic file writes, JSON, and the progress reporter. Nothing here knows an algorithm or ND4J;
 * checkpoint contents are written by the algorithms (see {@code org.hyperrl.core.io}).
 */
package org.hyperrl.bench.runtime;
