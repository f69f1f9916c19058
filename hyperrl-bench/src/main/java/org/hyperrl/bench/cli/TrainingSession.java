package org.hyperrl.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hyperrl.algos.api.AgentCheckpoint;
import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.api.Trainer;
import org.hyperrl.algos.common.NonFiniteException;
import org.hyperrl.bench.runtime.Json;
import org.hyperrl.bench.runtime.RunInfo;
import org.hyperrl.bench.runtime.ProgressLog;
import org.hyperrl.bench.runtime.ProgressReporter;
import org.hyperrl.bench.runtime.RunDirectory;
import org.hyperrl.core.io.TensorFile;

/**
 * Runs a trainer inside a run directory: progress rows to {@code progress.csv}, a progress reporter, and a checkpoint
 * at the first boundary at least {@code checkpointEvery} steps after the previous one and at the end: the trainer's
 * full state in {@code checkpoints/latest.ckpt} and the agent alone in {@code checkpoints/agent.ckpt}. Each checkpoint
 * follows a {@link ProgressLog#sync} and carries the run config, its fingerprint and the run's provenance (versions,
 * git revision, backend) in its metadata, so that a resume can refuse a checkpoint of another config before loading
 * it and an agent file names what produced it.
 */
final class TrainingSession {
    /** The checkpoint file inside {@code checkpoints/}. */
    static final String CHECKPOINT_FILE = "latest.ckpt";
    /** The agent checkpoint inside {@code checkpoints/}. */
    static final String AGENT_FILE = "agent.ckpt";

    static final String META_ALGORITHM = "hyperrl.algorithm";
    static final String META_FINGERPRINT = "hyperrl.config_sha256";
    static final String META_CONFIG = "hyperrl.config";
    static final String META_STEP = "hyperrl.step";
    static final String META_ELAPSED = "hyperrl.elapsed_s";
    static final String META_EPISODE_BOUNDARY = "hyperrl.episode_boundary";
    static final String META_PROVENANCE = "hyperrl.provenance";

    /** Exit code of a run stopped by a failure of training itself (e.g. a non-finite loss or gradient). */
    static final int EXIT_NON_FINITE = 1;

    private final RunDirectory run;
    private final RunConfig config;
    private final Trainer trainer;
    private final ProgressLog log;
    private final double elapsedBefore;
    private final String provenance;
    private long lastCheckpointStep;
    private long lastBoundaryStep = -1;
    private long startNanos;

    /**
     * @param startStep     the step the trainer starts from (0, or the checkpoint's step on resume)
     * @param elapsedBefore wall-clock seconds the run spent before this session (0, or the checkpoint's)
     */
    TrainingSession(RunDirectory run, RunConfig config, Trainer trainer, ProgressLog log, long startStep,
                    double elapsedBefore) {
        this.run = run;
        this.config = config;
        this.trainer = trainer;
        this.log = log;
        this.elapsedBefore = elapsedBefore;
        this.lastCheckpointStep = startStep;
        this.provenance = provenanceJson(config.seed());
    }

    /** The checkpoint file of a run. */
    static Path checkpointFile(RunDirectory run) {
        return run.checkpointsDir().resolve(CHECKPOINT_FILE);
    }

    /** The agent checkpoint file of a run. */
    static Path agentFile(RunDirectory run) {
        return run.checkpointsDir().resolve(AGENT_FILE);
    }

    /**
     * Trains to the config's total steps and returns the exit code: 0, or {@link #EXIT_NON_FINITE} after a message
     * if training failed, e.g. because a loss or gradient became non-finite (the last checkpoint written before it is
     * kept, nothing is written after it).
     */
    int run(PrintWriter out, PrintWriter err) {
        long startStep = trainer.step();
        long total = config.totalSteps();
        double lastEval = Double.NaN;
        try (ProgressReporter reporter = ProgressReporter.start(config.label(), total, startStep)) {
            startNanos = System.nanoTime();
            try {
                lastEval = trainer.train((step, values) -> {
                    Map<String, Double> row = new LinkedHashMap<>();
                    values.forEach((column, v) -> {
                        if (config.algorithm().column(column.name()) == null) {
                            throw new IllegalStateException("algorithm '" + config.algorithm().id() + "' wrote the "
                                    + "progress column '" + column.name() + "', which its registration does not "
                                    + "declare; add it to the algorithm's columns");
                        }
                        row.put(column.name(), column.equals(Columns.TIME_S) ? v + elapsedBefore : v);
                    });
                    log.append(step, row);
                    Double eval = values.get(Columns.EVAL_RETURN);
                    if (eval != null && !eval.isNaN()) {
                        reporter.setMessage(String.format(Locale.ROOT, "eval %.1f", eval));
                    }
                    reporter.stepTo(step);
                }, step -> {
                    lastBoundaryStep = step;
                    if (step - lastCheckpointStep >= config.checkpointEvery()) {
                        checkpoint(step, true);
                    }
                });
            } catch (NonFiniteException e) {
                err.println("error: " + e.getMessage());
                err.println(lastCheckpointMessage(true));
                err.flush();
                return EXIT_NON_FINITE;
            } catch (IllegalArgumentException | IllegalStateException e) {
                // The config was validated before training, so this is a failure of the training itself (an env
                // refusing an action, an undeclared progress column), not bad input.
                err.println("error: training stopped at step " + trainer.step() + ": " + e.getMessage());
                err.println(lastCheckpointMessage(false));
                err.flush();
                return EXIT_NON_FINITE;
            }
            long end = trainer.step();
            if (end != lastCheckpointStep) {
                try {
                    checkpoint(end, end == lastBoundaryStep);
                } catch (NonFiniteException e) {
                    err.println("error: " + e.getMessage());
                    err.println(lastCheckpointMessage(true));
                    err.flush();
                    return EXIT_NON_FINITE;
                }
            }
        }
        out.printf(Locale.ROOT, "%s: %d steps done, last evaluation return %s; run directory %s%n", config.label(),
                trainer.step(), Double.isNaN(lastEval) ? "-" : String.format(Locale.ROOT, "%.2f", lastEval), run.dir());
        out.flush();
        return 0;
    }

    /** Where the run stands after a failure; {@code diverged} adds the advice for non-finite values. */
    private String lastCheckpointMessage(boolean diverged) {
        if (!Files.exists(checkpointFile(run))) {
            return "no checkpoint had been written yet";
        }
        String kept = "the last good checkpoint, " + checkpointFile(run) + " at step " + lastCheckpointStep
                + ", is kept";
        return !diverged ? kept : kept + "; resuming with the same config would likely diverge again, so start a new "
                + "run with a change such as a lower learning rate (--set criticLr=...)";
    }

    private void checkpoint(long step, boolean episodeBoundary) {
        log.sync();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(META_ALGORITHM, config.algorithm().id());
        meta.put(META_FINGERPRINT, config.fingerprint());
        meta.put(META_CONFIG, config.toCompactJson());
        meta.put(META_STEP, Long.toString(step));
        meta.put(META_ELAPSED, Double.toString(elapsedBefore + (System.nanoTime() - startNanos) / 1e9));
        meta.put(META_EPISODE_BOUNDARY, Boolean.toString(episodeBoundary));
        meta.put(META_PROVENANCE, provenance);
        try {
            // The agent first: a crash between the two writes leaves an agent at most one checkpoint ahead of the
            // trainer, never a trainer whose agent file is missing.
            AgentCheckpoint.save(agentFile(run), trainer.agent(), meta, step);
            trainer.saveCheckpoint(checkpointFile(run), meta);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + checkpointFile(run) + ": " + e.getMessage(), e);
        }
        lastCheckpointStep = step;
    }

    /** The current process's provenance ({@link RunInfo}) as one line of JSON. */
    private static String provenanceJson(long seed) {
        try {
            return Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(RunInfo.current(seed));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the run's provenance: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a checkpoint's metadata and checks that it was written for {@code config} (same algorithm and
     * fingerprint), before anything is loaded.
     *
     * @throws IllegalArgumentException naming the differing keys if it belongs to another config, or if the file is not
     *                                  a checkpoint of {@code hyperrl train}
     */
    static Map<String, String> checkedMetadata(Path file, RunConfig config) {
        Map<String, String> meta;
        try {
            meta = TensorFile.read(file).metadata();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        String fingerprint = meta.get(META_FINGERPRINT);
        if (fingerprint == null || meta.get(META_CONFIG) == null || meta.get(META_STEP) == null) {
            throw new IllegalArgumentException("checkpoint " + file + " carries no run config; it was not written by "
                    + "'hyperrl train' or 'hyperrl resume'");
        }
        if (!config.algorithm().id().equals(meta.get(META_ALGORITHM)) || !fingerprint.equals(config.fingerprint())) {
            List<String> diffs;
            try {
                Map<String, Object> saved = Json.mapper().readValue(meta.get(META_CONFIG),
                        new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() { });
                diffs = config.differencesFrom(saved);
            } catch (IOException e) {
                diffs = List.of("(the checkpoint's config is unreadable: " + e.getMessage() + ")");
            }
            throw new IllegalArgumentException("checkpoint " + file + " was written for a different configuration "
                    + "than " + RunDirectory.CONFIG_FILE + " (checkpoint vs config.json): "
                    + (diffs.isEmpty() ? "fingerprint " + fingerprint + " vs " + config.fingerprint()
                    : String.join("; ", diffs)) + ". Nothing was changed; use the run directory the checkpoint "
                    + "belongs to");
        }
        return meta;
    }
}
