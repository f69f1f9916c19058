package org.hyperrl.bench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hyperrl.algos.td3.Td3;
import org.hyperrl.bench.runtime.Json;
import org.hyperrl.algos.api.Columns;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.td3.Td3Algorithm;
import org.hyperrl.bench.runtime.RunDirectory;
import org.hyperrl.core.io.TensorFile;
import org.hyperrl.core.nn.Parameter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train}, {@code resume} and {@code eval} end to end on tiny TD3 runs ({@link TinyRuns}), including the
 * determinism of resume: a run stopped at 300 steps and resumed to 600 ends with the same parameters and the same
 * logged values as an uninterrupted 600-step run.
 */
class TrainResumeEvalTest {
    /** progress.csv columns that depend on (config, seed) only, not on wall-clock time. */
    private static final List<String> DETERMINISTIC = List.of(Columns.STEP.name(), Columns.EPISODES.name(),
            Columns.EPISODE_RETURN.name(), Columns.EVAL_RETURN.name(), Columns.CRITIC_LOSS.name(),
            Columns.ACTOR_LOSS.name());

    @TempDir
    static Path tmp;

    /** The uninterrupted 600-step run. */
    static Path full;

    @BeforeAll
    static void trainUninterrupted() {
        full = tmp.resolve("full");
        SyntheticRuns.Result r = SyntheticRuns.execute(TinyRuns.train(full, 600));
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void trainWritesConfigProvenanceProgressAndCheckpoint() throws IOException {
        Map<String, Object> config = Json.readObject(full.resolve("config.json"));
        assertEquals("td3", config.get("algorithm"));
        assertEquals("Pendulum", config.get("env"));
        assertEquals(Map.of("maxEpisodeSteps", 50), config.get("envOptions"));
        assertEquals("mlp-standard", config.get("critic"));
        assertEquals(7, config.get("seed"));
        assertEquals("small", config.get("preset"));
        assertEquals(100, config.get("checkpointEvery"));
        assertEquals(600, config.get("totalSteps"));
        assertEquals(32, config.get("batchSize"));
        assertEquals(List.of(32, 32), config.get("actorHidden"));
        assertEquals(3e-4, config.get("criticLr"));
        assertEquals(0.005, config.get("tau"));
        assertEquals(32, Configs.get(config, "criticConfig.mlpWidth"));
        assertEquals(List.of(64, 64), Configs.get(config, "criticConfig.primary.widths"));
        assertEquals(7L, RunDirectory.open(full).runInfo().rootSeed());

        List<String> lines = TinyRuns.progress(full);
        assertEquals(String.join(",", Td3Algorithm.ALGORITHM.columnNames()), lines.get(0));
        List<Long> steps = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            steps.add(Long.parseLong(line.split(",", -1)[0]));
        }
        // A row at every episode end (each 50 steps) and log step (each 100).
        List<Long> expected = new ArrayList<>();
        for (long s = 50; s <= 600; s += 50) {
            expected.add(s);
        }
        assertEquals(expected, steps);
        assertEquals("", cell(lines, 200, Columns.CRITIC_LOSS.name()), "no update before startSteps");
        assertFalse(cell(lines, 300, Columns.CRITIC_LOSS.name()).isEmpty());
        assertFalse(cell(lines, 400, Columns.EVAL_RETURN.name()).isEmpty());
        assertEquals("", cell(lines, 300, Columns.EVAL_RETURN.name()));
        assertEquals("12", cell(lines, 600, Columns.EPISODES.name()));

        Map<String, String> meta = TensorFile.read(full.resolve("checkpoints/latest.ckpt")).metadata();
        assertEquals("600", meta.get(TrainingSession.META_STEP));
        assertEquals("true", meta.get(TrainingSession.META_EPISODE_BOUNDARY));
        assertEquals(RunConfig.fromJson(config).fingerprint(), meta.get(TrainingSession.META_FINGERPRINT));
    }

    @Test
    void stoppedAndResumedRunEqualsUninterruptedRun() throws IOException {
        Path stopped = tmp.resolve("stopped");
        SyntheticRuns.Result first = SyntheticRuns.execute(TinyRuns.train(stopped, 300));
        assertEquals(0, first.code(), first.err());
        // As if the process had gone on past the checkpoint at 300 and been killed while writing a row.
        List<String> lines = TinyRuns.progress(stopped);
        String row350 = "350" + lines.get(lines.size() - 1).substring(3);
        Files.writeString(stopped.resolve("progress.csv"), row350 + "\n400,9,-1,,1,2", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        SyntheticRuns.Result resumed = SyntheticRuns.execute("resume", stopped.toString(), "--steps", "600");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("resuming at step 300 of 600"), resumed.out());

        assertEquals(Json.readObject(full.resolve("config.json")), Json.readObject(stopped.resolve("config.json")),
                "config.json records the new total steps");
        assertEquals(1, RunDirectory.open(stopped).runInfo().resumedAt().size());
        assertEquals(columns(TinyRuns.progress(full), DETERMINISTIC), columns(TinyRuns.progress(stopped),
                DETERMINISTIC));
        List<Parameter> a = loaded(full).parameters().all();
        List<Parameter> b = loaded(stopped).parameters().all();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).name(), b.get(i).name());
            assertArrayEquals(a.get(i).value().dup('c').data().asFloat(), b.get(i).value().dup('c').data().asFloat(), 0f,
                    a.get(i).name());
        }
        double timeAfterResume = Double.parseDouble(cell(TinyRuns.progress(stopped), 350, Columns.TIME_S.name()));
        double timeAtCheckpoint = Double.parseDouble(cell(TinyRuns.progress(stopped), 300, Columns.TIME_S.name()));
        assertTrue(timeAfterResume > timeAtCheckpoint, "time_s counts the time before the resume");
    }

    @Test
    void resumeOfACompleteRunChangesNothing() {
        Path run = tmp.resolve("complete");
        assertEquals(0, SyntheticRuns.execute(TinyRuns.train(run, 100, "startSteps=50")).code());
        Map<String, byte[]> before = TinyRuns.snapshot(run);
        SyntheticRuns.Result r = SyntheticRuns.execute("resume", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("the run is complete at step 100"), r.out());
        assertSnapshotEquals(before, TinyRuns.snapshot(run));

        SyntheticRuns.Result back = SyntheticRuns.execute("resume", run.toString(), "--steps", "100");
        assertEquals(2, back.code());
        assertTrue(back.err().contains("--steps 100 is not beyond the checkpoint's step 100"), back.err());
        assertSnapshotEquals(before, TinyRuns.snapshot(run));
    }

    @Test
    void checkpointOfAnotherConfigIsRefusedAndNothingChanges() throws IOException {
        Path other = tmp.resolve("other-critic");
        SyntheticRuns.Result r = SyntheticRuns.execute(TinyRuns.train(other, 100, "startSteps=50"));
        assertEquals(0, r.code(), r.err());
        // Put the checkpoint of a run with another critic (MLP-Small) into this run (MLP-Standard).
        Path mlpSmall = tmp.resolve("mlp-small");
        String[] args = TinyRuns.train(mlpSmall, 100, "startSteps=50");
        args[Arrays.asList(args).indexOf("mlp-standard")] = "mlp-small";
        assertEquals(0, SyntheticRuns.execute(args).code());
        Files.copy(mlpSmall.resolve("checkpoints/latest.ckpt"), other.resolve("checkpoints/latest.ckpt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(mlpSmall.resolve("checkpoints/agent.ckpt"), other.resolve("checkpoints/agent.ckpt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, byte[]> before = TinyRuns.snapshot(other);

        SyntheticRuns.Result resume = SyntheticRuns.execute("resume", other.toString(), "--steps", "200");
        assertEquals(2, resume.code());
        assertTrue(resume.err().contains("was written for a different configuration"), resume.err());
        assertTrue(resume.err().contains("critic = mlp-small vs mlp-standard"), resume.err());
        assertSnapshotEquals(before, TinyRuns.snapshot(other));

        SyntheticRuns.Result eval = SyntheticRuns.execute("eval", other.toString());
        assertEquals(2, eval.code());
        assertTrue(eval.err().contains("critic = mlp-small vs mlp-standard"), eval.err());
    }

    @Test
    void resumeWithoutCheckpointRestartsFromZero() {
        Path run = tmp.resolve("no-checkpoint");
        assertEquals(0, SyntheticRuns.execute(TinyRuns.train(run, 100, "startSteps=50")).code());
        List<String> trained = columns(TinyRuns.progress(run), DETERMINISTIC);
        try {
            Files.delete(run.resolve("checkpoints/latest.ckpt"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        SyntheticRuns.Result r = SyntheticRuns.execute("resume", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("starting the run from step 0"), r.out());
        assertEquals(trained, columns(TinyRuns.progress(run), DETERMINISTIC));
    }

    @Test
    void resumeBadInputs() {
        SyntheticRuns.Result missing = SyntheticRuns.execute("resume", tmp.resolve("nowhere").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());

        SyntheticRuns.Result zero = SyntheticRuns.execute("resume", full.toString(), "--steps", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--steps must be positive"), zero.err());
    }

    @Test
    void nonFiniteLossStopsWithTheLastGoodCheckpointKept() throws IOException {
        Path run = tmp.resolve("diverging");
        // A learning rate of 1e30 overflows the critic within two updates (updates start after step 100).
        SyntheticRuns.Result r = SyntheticRuns.execute(TinyRuns.train(run, 600, "startSteps=100", "criticLr=1e30"));
        assertEquals(TrainingSession.EXIT_NON_FINITE, r.code(), r.out() + r.err());
        // The guarded step refuses the non-finite loss (or gradient) and TD3 reports it with the step.
        assertTrue(r.err().matches("(?s).*critic (loss|gradient) became non-finite at step 10.*"), r.err());
        assertTrue(r.err().contains("the last good checkpoint"), r.err());
        TensorFile ckpt = TensorFile.read(run.resolve("checkpoints/latest.ckpt"));
        assertEquals("100", ckpt.metadata().get(TrainingSession.META_STEP));
        ckpt.arrays().forEach((name, array) -> {
            if (name.startsWith("param:")) {
                for (float v : array.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat()) {
                    assertTrue(Float.isFinite(v), name);
                }
            }
        });
    }

    @Test
    void evalPrintsMeanAndStdOfDeterministicEpisodes() {
        SyntheticRuns.Result a = SyntheticRuns.execute("eval", full.toString(), "--episodes", "3", "--seed", "5");
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("td3 mlp-standard Pendulum, agent at step 600, 3 episode(s), seed 5"),
                a.out());
        double[] returns = returnsOf(a.out());
        assertEquals(3, returns.length);
        double mean = Arrays.stream(returns).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(returns).map(x -> (x - mean) * (x - mean)).sum() / 2);
        // The returns are printed rounded to 0.01, so the recomputed statistics agree to about that.
        assertEquals(mean, valueAfter(a.out(), "mean "), 0.011, a.out());
        assertEquals(std, valueAfter(a.out(), "std "), 0.02, a.out());
        for (double ret : returns) {
            assertTrue(ret <= 0 && ret >= -16.3 * 50, "a Pendulum return over 50 steps, got " + ret);
        }
        assertEquals(a.out(), SyntheticRuns.execute("eval", full.toString(), "--episodes", "3", "--seed", "5").out(),
                "the same seed gives the same episodes");
        double[] other = returnsOf(SyntheticRuns.execute("eval", full.toString(), "--episodes", "3", "--seed", "6")
                .out());
        assertNotEquals(Arrays.toString(returns), Arrays.toString(other));

        SyntheticRuns.Result none = SyntheticRuns.execute("eval", full.toString(), "--episodes", "0");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("--episodes must be positive"), none.err());
        SyntheticRuns.Result missing = SyntheticRuns.execute("eval", tmp.resolve("nowhere").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }

    @Test
    void evalOfARunWithoutCheckpointIsRefused() {
        Path run = tmp.resolve("empty-run");
        RunDirectory.create(run, Json.readObject(full.resolve("config.json")), 7);
        SyntheticRuns.Result r = SyntheticRuns.execute("eval", run.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("has no agent checkpoint yet"), r.err());
    }

    private static Td3 loaded(Path run) throws IOException {
        RunConfig config = RunConfig.fromJson(RunDirectory.open(run).config());
        Td3 td3 = (Td3) config.newTrainer();
        td3.loadCheckpoint(run.resolve("checkpoints/latest.ckpt"));
        return td3;
    }

    private static double[] returnsOf(String out) {
        for (String line : out.split("\n")) {
            if (line.startsWith("returns:")) {
                return Arrays.stream(line.substring("returns:".length()).trim().split(" "))
                        .mapToDouble(Double::parseDouble).toArray();
            }
        }
        throw new AssertionError("no returns line in " + out);
    }

    private static double valueAfter(String out, String label) {
        int i = out.indexOf(label) + label.length();
        int end = i;
        while (end < out.length() && !Character.isWhitespace(out.charAt(end))) {
            end++;
        }
        return Double.parseDouble(out.substring(i, end));
    }

    /** The cell of {@code column} in the row of {@code step}. */
    private static String cell(List<String> lines, long step, String column) {
        int c = Arrays.asList(lines.get(0).split(",")).indexOf(column);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (Long.parseLong(cells[0]) == step) {
                return cells[c];
            }
        }
        throw new AssertionError("no row at step " + step);
    }

    /** The given columns of every row, joined per row. */
    private static List<String> columns(List<String> lines, List<String> columns) {
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<String> rows = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            List<String> picked = new ArrayList<>();
            for (String c : columns) {
                picked.add(cells[header.indexOf(c)]);
            }
            rows.add(String.join(",", picked));
        }
        return rows;
    }

    private static void assertSnapshotEquals(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k + " changed"));
    }
}
