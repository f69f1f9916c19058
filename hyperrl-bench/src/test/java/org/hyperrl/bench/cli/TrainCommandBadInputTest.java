package org.hyperrl.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad input of {@code hyperrl train}: a message naming the problem, exit code 2, nothing written. */
class TrainCommandBadInputTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("unknown algorithm 'nope'; valid algorithms: td3", "--algo", "nope"),
                bad("unknown critic 'nope'", "--critic", "nope"),
                bad("unknown env id 'Nope'", "--env", "Nope"),
                bad("unknown preset 'huge' for td3; valid presets: paper, small", "--preset", "huge"),
                bad("unknown key 'batchsize' (did you mean 'batchSize'?)", "--set", "batchsize=256"),
                bad("unknown key 'dynamicHidden' (did you mean 'criticConfig.dynamicHidden'?)",
                        "--set", "dynamicHidden=64"),
                bad("'batchSize' = 'abc' is malformed; expected an integer", "--set", "batchSize=abc"),
                bad("'criticLr' = '1e-4x' is malformed; expected a number", "--set", "criticLr=1e-4x"),
                bad("'criticConfig.primary.widths[1]' = 'x' is malformed", "--set", "criticConfig.primary.widths=64,x"),
                bad("'criticConfig.headInit': unknown hypernetwork initialisation 'nope'",
                        "--set", "criticConfig.headInit=nope"),
                bad("'criticConfig' is a group of settings", "--set", "criticConfig=3"),
                bad("expected KEY=VALUE", "--set", "batchSize"),
                bad("--set batchSize is given twice", "--set", "batchSize=64", "--set", "batchSize=128"),
                bad("--steps 300 and --set totalSteps=400 contradict each other", "--set", "totalSteps=400"),
                bad("startSteps (500) > totalSteps (300)", "--set", "startSteps=500"),
                bad("batchSize (2000) > bufferSize (1000)", "--set", "batchSize=2000"),
                bad("invalid TD3 config: tau must be in (0, 1]", "--set", "tau=2"),
                bad("--critic mlp-standard and --set critic=sa-hyper contradict each other",
                        "--set", "critic=sa-hyper"),
                bad("'seed' has its own option (--seed)", "--set", "seed=3"),
                bad("env 'Pendulum' has no option 'gravity'", "--set", "envOptions.gravity=3"),
                bad("env option 'maxEpisodeSteps' = 'long' is malformed", "--set", "envOptions.maxEpisodeSteps=long"),
                bad("--checkpoint-every must be positive", "--checkpoint-every", "0"),
                bad("--steps must be positive", "--steps", "0"),
                bad("continuous-control algorithms need a Box action space", "--env", "GridWorld"));
    }

    private static Arguments bad(String message, String... args) {
        return Arguments.of(message, List.of(args));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void refusedWithExitCode2AndNothingWritten(String message, List<String> replaced) {
        Path out = tmp.resolve("run");
        SyntheticRuns.Result r = SyntheticRuns.execute(withArgs(out, replaced));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
        assertFalse(Files.exists(out), "nothing is written");
    }

    static Stream<Arguments> badPpoInputs() {
        return Stream.of(
                bad("ppo has no network option 'critic'; its network options are: policy", "--critic", "sa-hyper"),
                bad("unknown policy 'lstm'; valid: mlp, rnn, rnn+s, rnn+hn, multi, multi+hn", "--policy", "lstm"),
                bad("minibatches (5) must divide processes (16)", "--set", "minibatches=5"),
                bad("policy 'multi+hn' reads the true task, so it needs a task width > 0", "--policy", "multi+hn",
                        "--env", "Pendulum", "--steps", "6400"),
                bad("'policyConfig.init': unknown hypernetwork initialisation 'nope'",
                        "--set", "policyConfig.init=nope"),
                bad("td3 has no network option 'policy'", "--algo", "td3", "--policy", "rnn"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPpoInputs")
    void badPpoInputsAreRefusedWithExitCode2AndNothingWritten(String message, List<String> extra) {
        Path out = tmp.resolve("ppo-run");
        List<String> args = new ArrayList<>(List.of("train", "--algo", "ppo", "--env", "GridWorld", "--steps", "960",
                "--out", out.toString()));
        for (int i = 0; i < extra.size(); i += 2) {
            int at = args.indexOf(extra.get(i));
            if (at >= 0 && !extra.get(i).equals("--set")) {
                args.set(at + 1, extra.get(i + 1));
            } else {
                args.add(extra.get(i));
                args.add(extra.get(i + 1));
            }
        }
        SyntheticRuns.Result r = SyntheticRuns.execute(args.toArray(String[]::new));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
        assertFalse(Files.exists(out), "nothing is written");
    }

    @Test
    void nonEmptyOutputDirectoryIsRefusedAndLeftAlone() throws IOException {
        Path out = tmp.resolve("busy");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        SyntheticRuns.Result r = SyntheticRuns.execute(TinyRuns.train(out, 300));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("output directory " + out + " is not empty; pass a new --out, or use "
                + "'hyperrl resume " + out + "'"), r.err());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(out.resolve("notes.txt")), files.toList());
        }
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        SyntheticRuns.Result r = SyntheticRuns.execute("train", "--algo", "td3", "--env", "Pendulum");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing required option: '--out=DIR'"), r.err());
    }

    /**
     * The tiny run's arguments with the options in {@code replaced} substituted (an option the tiny run has) or
     * appended; a {@code --set} in {@code replaced} replaces the tiny run's value of that key.
     */
    private static String[] withArgs(Path out, List<String> replaced) {
        List<String> extraSets = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (int i = 0; i < replaced.size(); i += 2) {
            if (replaced.get(i).equals("--set") && replaced.get(i + 1).contains("=")
                    && replaced.stream().filter("--set"::equals).count() == 1) {
                extraSets.add(replaced.get(i + 1));
            } else {
                options.add(replaced.get(i));
                options.add(i + 1 < replaced.size() ? replaced.get(i + 1) : null);
            }
        }
        List<String> args = new ArrayList<>(Arrays.asList(TinyRuns.train(out, 300, extraSets.toArray(String[]::new))));
        for (int i = 0; i < options.size(); i += 2) {
            int at = args.indexOf(options.get(i));
            if (at >= 0 && !options.get(i).equals("--set")) {
                args.set(at + 1, options.get(i + 1));
            } else {
                args.add(options.get(i));
                if (options.get(i + 1) != null) {
                    args.add(options.get(i + 1));
                }
            }
        }
        return args.toArray(String[]::new);
    }
}
