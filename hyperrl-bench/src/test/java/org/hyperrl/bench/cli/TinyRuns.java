package org.hyperrl.bench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Tiny TD3 runs for the command-line tests: MLP-Standard critic of width 32, actor 32-32, Pendulum with 50-step
 * episodes (a boundary every 50 steps), 200 random start steps, batch 32, evaluation of 2 episodes every 200 steps,
 * a log row every 100 steps, a checkpoint every 100 steps.
 */
final class TinyRuns {
    static final long SEED = 7;

    private TinyRuns() {
    }

    /**
     * {@code hyperrl train} arguments of the tiny run; {@code sets} ("key=value") replace or extend its {@code --set}
     * values.
     */
    static String[] train(Path out, long steps, String... sets) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String s : List.of("startSteps=200", "batchSize=32", "bufferSize=1000", "envOptions.maxEpisodeSteps=50",
                "evalEvery=200", "evalEpisodes=2", "logEvery=100", "criticConfig.mlpWidth=32", "actorHidden=32,32")) {
            values.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
        for (String s : sets) {
            values.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
        List<String> args = new ArrayList<>(List.of("train", "--algo", "td3", "--critic", "mlp-standard",
                "--env", "Pendulum", "--preset", "small", "--steps", Long.toString(steps), "--seed", Long.toString(SEED),
                "--checkpoint-every", "100", "--out", out.toString()));
        values.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return args.toArray(String[]::new);
    }

    /** Every regular file below {@code dir} with its bytes, by relative path. */
    static Map<String, byte[]> snapshot(Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The lines of {@code progress.csv}. */
    static List<String> progress(Path run) {
        try {
            return Files.readAllLines(run.resolve("progress.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
