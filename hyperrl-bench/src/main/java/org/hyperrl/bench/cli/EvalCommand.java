package org.hyperrl.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hyperrl.algos.common.Rng;
import org.hyperrl.algos.common.Trainer;
import org.hyperrl.bench.runtime.RunDirectory;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.StepResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hyperrl eval}: loads a run's latest checkpoint and prints the mean and sample standard deviation of the
 * returns of deterministic episodes on a fresh environment. Writes nothing.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a run's latest checkpoint: deterministic episodes on a fresh env, each reset with a "
                + "seed drawn from --seed; prints each return, their mean and sample standard deviation."})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Run directory written by 'hyperrl train'.")
    Path dir;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "10",
            description = "Episodes (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the episode resets (default: the run's seed "
            + "+ 100, the papers' evaluation seed).")
    Long seed;

    @Override
    public Integer call() throws IOException {
        if (episodes < 1) {
            throw new IllegalArgumentException("--episodes must be positive, got " + episodes);
        }
        RunDirectory run = RunDirectory.open(dir);
        RunConfig config = RunConfig.fromJson(run.config());
        Path checkpoint = TrainingSession.checkpointFile(run);
        if (!Files.exists(checkpoint)) {
            throw new IllegalArgumentException("run " + dir + " has no checkpoint yet (" + checkpoint + ")");
        }
        Trainer trainer = config.newTrainer();
        Map<String, String> meta = TrainingSession.checkedMetadata(checkpoint, config);
        trainer.loadCheckpoint(checkpoint);
        long resetSeed = seed != null ? seed : config.seed() + 100;
        double[] returns = returns(trainer, config.newEnv(), episodes, resetSeed);
        double mean = 0;
        for (double r : returns) {
            mean += r;
        }
        mean /= returns.length;
        double ss = 0;
        for (double r : returns) {
            ss += (r - mean) * (r - mean);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s, checkpoint at step %s, %d episode(s), seed %d%n", config.label(),
                meta.get(TrainingSession.META_STEP), episodes, resetSeed);
        StringBuilder each = new StringBuilder("returns:");
        for (double r : returns) {
            each.append(String.format(Locale.ROOT, " %.2f", r));
        }
        out.println(each);
        out.printf(Locale.ROOT, "mean %.2f std %s%n", mean, returns.length > 1
                ? String.format(Locale.ROOT, "%.2f", Math.sqrt(ss / (returns.length - 1))) : "- (one episode)");
        out.flush();
        return 0;
    }

    /** Undiscounted returns of {@code n} episodes of the trainer's deterministic policy. */
    static double[] returns(Trainer trainer, Env env, int n, long seed) {
        Rng rng = new Rng(seed);
        double[] returns = new double[n];
        for (int e = 0; e < n; e++) {
            double[] obs = env.reset(rng.nextLong()).observation();
            boolean done = false;
            while (!done) {
                StepResult s = env.step(trainer.act(obs));
                returns[e] += s.reward();
                obs = s.observation();
                done = s.terminated() || s.truncated();
            }
        }
        return returns;
    }
}
