package org.hyperrl.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hyperrl.algos.api.Trainer;
import org.hyperrl.bench.runtime.Json;
import org.hyperrl.bench.runtime.ProgressLog;
import org.hyperrl.bench.runtime.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hyperrl resume}: continues a run from {@code checkpoints/latest.ckpt} as if it had not been interrupted. The
 * checkpoint is checked against {@code config.json} before anything is loaded or written; then the resume is recorded
 * in {@code run.json}, the rows logged after the checkpoint are dropped from {@code progress.csv} (they are logged
 * again) and training continues.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continue a run from its latest checkpoint (or from the start if it has none).",
                "--steps extends (or sets) the run's total steps; it is recorded in config.json."})
public final class ResumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Run directory written by 'hyperrl train'.")
    Path dir;

    @Option(names = "--steps", paramLabel = "N", description = "Total environment steps to train to (default: the "
            + "run's).")
    Long steps;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        RunDirectory run = RunDirectory.open(dir);
        RunConfig config = RunConfig.fromJson(run.config());
        if (steps != null) {
            if (steps < 1) {
                throw new IllegalArgumentException("--steps must be positive, got " + steps);
            }
            config = config.withTotalSteps(steps);
        }
        Trainer trainer = config.newTrainer();
        Path checkpoint = TrainingSession.checkpointFile(run);
        double elapsed = 0;
        if (Files.exists(checkpoint)) {
            Map<String, String> meta = TrainingSession.checkedMetadata(checkpoint, config);
            trainer.loadCheckpoint(checkpoint);
            elapsed = Double.parseDouble(meta.getOrDefault(TrainingSession.META_ELAPSED, "0"));
            if (!Boolean.parseBoolean(meta.getOrDefault(TrainingSession.META_EPISODE_BOUNDARY, "true"))
                    && trainer.step() < config.totalSteps()) {
                spec.commandLine().getErr().println("warning: the checkpoint at step " + trainer.step() + " was "
                        + "written at the end of the run, in the middle of an episode; that episode restarts from its "
                        + "beginning, so the continuation is not identical to a longer uninterrupted run");
            }
        } else {
            out.println("no checkpoint in " + run.checkpointsDir() + " yet: starting the run from step 0");
        }
        long from = trainer.step();
        if (from >= config.totalSteps()) {
            if (steps != null) {
                throw new IllegalArgumentException("--steps " + steps + " is not beyond the checkpoint's step " + from
                        + "; pass a larger number to continue the run");
            }
            out.println(config.label() + ": the run is complete at step " + from + "; pass --steps N (N > " + from
                    + ") to continue it");
            out.flush();
            return 0;
        }
        if (!Files.isRegularFile(run.progressFile())) {
            throw new IllegalStateException("cannot resume: " + run.progressFile() + " is missing");
        }
        run.recordResume();
        if (steps != null) {
            Json.write(run.configFile(), config.toJson());
        }
        try (ProgressLog log = run.openProgressLog(config.algorithm().columnNames())) {
            log.truncateAfter(from);
            out.println(config.label() + ": resuming at step " + from + " of " + config.totalSteps());
            out.flush();
            return new TrainingSession(run, config, trainer, log, from, elapsed).run(out,
                    spec.commandLine().getErr());
        }
    }
}
