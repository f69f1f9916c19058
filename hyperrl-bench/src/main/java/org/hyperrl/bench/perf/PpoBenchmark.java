package org.hyperrl.bench.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hyperrl.algos.api.Algorithm;
import org.hyperrl.algos.api.Algorithms;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.EnvFactory;
import org.hyperrl.algos.api.TrainingContext;
import org.hyperrl.algos.ppo.Ppo;
import org.hyperrl.algos.ppo.PpoConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * PPO training throughput at the papers' settings ({@code paper} preset) for each policy: environment frames per
 * second over whole updates, the time of one PPO update, and where an update's wall time goes (acting passes of the
 * policy, environment steps, the gradient steps), with the process's peak resident memory.
 */
@Command(name = "ppo", mixinStandardHelpOptions = true,
        description = "Time PPO updates at the papers' settings (frames/s, update time, acting/env/update split, "
                + "peak memory).")
public final class PpoBenchmark implements Callable<Integer> {

    @Option(names = "--env", paramLabel = "ID", defaultValue = "GridWorld",
            description = "Env id, e.g. GridWorld or CheetahDir (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--policies", split = ",", defaultValue = "multi,rnn,rnn+s,multi+hn,rnn+hn",
            description = "Policies (default: ${DEFAULT-VALUE}).")
    List<String> policies;

    @Option(names = "--updates", paramLabel = "N", defaultValue = "10",
            description = "Timed PPO updates after the warm-up (default: ${DEFAULT-VALUE}).")
    int updates;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
            description = "Untimed updates first: graph building and JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--processes", paramLabel = "N",
            description = "Override the preset's number of processes (default: the preset's).")
    Integer processes;

    @Option(names = "--steps", paramLabel = "N",
            description = "Override the preset's steps per process and update (default: the preset's).")
    Integer steps;

    @Override
    public Integer call() {
        if (updates < 1 || warmup < 1) {
            throw new IllegalArgumentException("--updates and --warmup must be at least 1, got " + updates + " and "
                    + warmup);
        }
        Algorithm<?> ppo = Algorithms.get("ppo");
        System.out.printf("PPO on %s, paper preset, %d timed updates after %d warm-up; %s%n", env, updates, warmup,
                Machine.describe());
        System.out.printf("%-9s %9s %10s %10s %9s %9s %9s %12s %10s%n", "policy", "frames", "frames/s", "update ms",
                "act ms", "env ms", "other ms", "paper run h", "peak MiB");
        for (String policy : policies) {
            PpoConfig preset = (PpoConfig) ppo.config("paper", env, Map.of("policy", policy));
            Map<String, Object> changes = new java.util.HashMap<>(Map.of("evalEvery", 0, "logEvery", 1));
            if (processes != null) {
                changes.put("processes", processes);
            }
            if (steps != null) {
                changes.put("steps", steps);
            }
            PpoConfig base = Configs.with(preset, changes);
            long frames = base.framesPerUpdate();
            PpoConfig config = Configs.with(base, Map.of("totalSteps", frames * (warmup + updates)));
            Ppo trainer = new Ppo(new TrainingContext(EnvFactory.of(env, Map.of()), 0), config);
            long[] timedFrom = {0};
            Ppo.Timings[] atStart = {null};
            trainer.train((step, row) -> {
                if (step == frames * warmup) {
                    timedFrom[0] = System.nanoTime();
                    atStart[0] = trainer.timings();
                }
            }, s -> { });
            double wallMs = (System.nanoTime() - timedFrom[0]) / 1e6 / updates;
            Ppo.Timings end = trainer.timings();
            double act = (end.actingNanos() - atStart[0].actingNanos()) / 1e6 / updates;
            double envMs = (end.envNanos() - atStart[0].envNanos()) / 1e6 / updates;
            double upd = (end.updateNanos() - atStart[0].updateNanos()) / 1e6 / updates;
            double fps = frames / (wallMs / 1000);
            System.out.printf("%-9s %9d %10.0f %10.1f %9.1f %9.1f %9.1f %12.2f %10.0f%n", policy, frames, fps, upd, act,
                    envMs, wallMs - upd - act - envMs, preset.totalSteps() / fps / 3600, peakResidentMiB());
        }
        System.out.println("frames = frames per update; act/env/other = ms per update outside the gradient steps; "
                + "paper run h = the preset's total frames at this rate; peak MiB = the JVM process's peak resident "
                + "memory so far (VmHWM), which includes every policy timed before in this process.");
        return 0;
    }

    /** The process's peak resident set size (Linux {@code VmHWM}), or NaN where {@code /proc} is not available. */
    static double peakResidentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
