package org.hyperrl.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hyperrl.algos.api.Agent;
import org.hyperrl.algos.api.AgentCheckpoint;
import org.hyperrl.algos.api.EnvInfo;
import org.hyperrl.algos.common.EvalResult;
import org.hyperrl.bench.runtime.RunDirectory;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.meta.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hyperrl eval}: loads a run's agent ({@code checkpoints/agent.ckpt}: the policy alone, without replay buffer,
 * critics or optimisers) and prints the returns of deterministic episodes on a fresh environment of the run's test
 * tasks, their mean and sample standard deviation. For trial environments each episode is a trial, and the return of
 * each of its inner episodes is printed too. Writes nothing.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a run's latest agent: deterministic episodes on a fresh env (test tasks where the env "
                + "has them), each reset with a seed drawn from --seed; prints each return, their mean and sample "
                + "standard deviation."})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Run directory written by 'hyperrl train'.")
    Path dir;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "10",
            description = "Episodes; for PEARL, test tasks, each evaluated over its trajectories (default: ${DEFAULT-VALUE}).")
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
        Path agentFile = TrainingSession.agentFile(run);
        if (!Files.exists(agentFile)) {
            throw new IllegalArgumentException("run " + dir + " has no agent checkpoint yet (" + agentFile + ")"
                    + (Files.exists(TrainingSession.checkpointFile(run)) ? "; its checkpoint was written by an older "
                    + "HyperRL: 'hyperrl resume " + dir + " --steps N' with N beyond its step writes one" : ""));
        }
        Map<String, String> meta = TrainingSession.checkedMetadata(agentFile, config);
        Env env = config.envFactory().create(Split.TEST);
        Agent agent = config.algorithm().newAgent(config.config(), EnvInfo.of(env));
        AgentCheckpoint.load(agentFile, agent);
        long resetSeed = seed != null ? seed : config.seed() + 100;
        EvalResult result = agent.evaluate(env, episodes, resetSeed);
        double[] returns = result.totals();
        double mean = result.mean();
        double ss = 0;
        for (double r : returns) {
            ss += (r - mean) * (r - mean);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s, agent at step %s, %d episode(s), seed %d%n", config.label(),
                meta.get(TrainingSession.META_STEP), episodes, resetSeed);
        StringBuilder each = new StringBuilder("returns:");
        for (double r : returns) {
            each.append(String.format(Locale.ROOT, " %.2f", r));
        }
        out.println(each);
        if (result.episodes().stream().anyMatch(r -> r.length > 1)) {
            StringBuilder inner = new StringBuilder("mean return of each episode of the trial:");
            int k = result.episodes().stream().mapToInt(r -> r.length).max().orElse(0);
            for (int i = 0; i < k; i++) {
                inner.append(String.format(Locale.ROOT, " %.2f", result.meanOfInner(i)));
            }
            out.println(inner);
        }
        out.printf(Locale.ROOT, "mean %.2f std %s%n", mean, returns.length > 1
                ? String.format(Locale.ROOT, "%.2f", Math.sqrt(ss / (returns.length - 1))) : "- (one episode)");
        out.flush();
        return 0;
    }
}
