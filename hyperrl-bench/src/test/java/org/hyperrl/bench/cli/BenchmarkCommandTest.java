package org.hyperrl.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkCommandTest {
    @TempDir
    Path tmp;

    @Test
    void runsEveryCellThenWritesTableAndCurvesAndReusesFinishedRuns() throws IOException {
        Path out = tmp.resolve("bench");
        String[] args = {"benchmark", "--table", "6", "--envs", "Pendulum", "--critics", "mlp-small,mlp-standard",
                "--seeds", "2", "--steps", "120", "--preset", "small", "--set", "startSteps=60", "--set", "batchSize=16",
                "--set", "evalEvery=60", "--set", "evalEpisodes=1", "--set", "envOptions.maxEpisodeSteps=30",
                "--set", "actorHidden=16,16", "--out", out.toString()};
        SyntheticRuns.Result r = SyntheticRuns.execute(args);
        assertEquals(0, r.code(), r.out() + r.err());
        for (String run : new String[]{"sac_Pendulum_mlp-small_s0", "sac_Pendulum_mlp-small_s1",
                "sac_Pendulum_mlp-standard_s0", "sac_Pendulum_mlp-standard_s1"}) {
            assertTrue(Files.exists(out.resolve("runs").resolve(run).resolve("progress.csv")), run);
        }
        String table = Files.readString(out.resolve("table.md"));
        assertTrue(table.contains("| Pendulum |") && table.contains("(2)"), table);
        assertTrue(Files.size(out.resolve("curves-Pendulum.png")) > 1000);

        // Rerunning the same command trains nothing new: every run is already complete.
        byte[] progress = Files.readAllBytes(out.resolve("runs/sac_Pendulum_mlp-small_s0/progress.csv"));
        SyntheticRuns.Result again = SyntheticRuns.execute(args);
        assertEquals(0, again.code(), again.out() + again.err());
        assertEquals(new String(progress), Files.readString(out.resolve("runs/sac_Pendulum_mlp-small_s0/progress.csv")));
    }

    @Test
    void table10ComparesPearlWithHyperPearlOnePerColumn() throws IOException {
        Path out = tmp.resolve("pearl");
        String[] args = {"benchmark", "--table", "10", "--envs", "PointRobot", "--seeds", "1", "--preset", "smoke",
                "--out", out.toString()};
        SyntheticRuns.Result r = SyntheticRuns.execute(args);
        assertEquals(0, r.code(), r.out() + r.err());
        for (String run : new String[]{"pearl_PointRobot_pearl_s0", "pearl_PointRobot_hyper-pearl_s0"}) {
            assertTrue(Files.exists(out.resolve("runs").resolve(run).resolve("progress.csv")), run);
        }
        String table = Files.readString(out.resolve("table.md"));
        // one row for the env, one column per variant (the policy and critic values together)
        assertTrue(table.contains("| mlp mlp | hyper sa-hyper |"), table);
        assertEquals(1, table.lines().filter(l -> l.startsWith("| PointRobot |")).count(), table);
        SyntheticRuns.Result bad = SyntheticRuns.execute(new String[]{"benchmark", "--table", "10", "--variants", "maml",
            "--out", tmp.resolve("bad10").toString()});
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("valid: pearl, hyper-pearl"), bad.err());
    }

    @Test
    void table8ComparesTheMamlVariantsWithTheMultiTaskObjectiveAtEqualIterations() throws IOException {
        Path out = tmp.resolve("maml");
        String[] args = {"benchmark", "--table", "8", "--envs", "Navigation2D", "--seeds", "1", "--preset", "smoke",
                "--out", out.toString()};
        SyntheticRuns.Result r = SyntheticRuns.execute(args);
        assertEquals(0, r.code(), r.out() + r.err());
        for (String v : new String[]{"maml", "context-maml", "hyper-maml", "multitask-hyper-maml"}) {
            Path run = out.resolve("runs").resolve("maml_Navigation2D_" + v + "_s0");
            assertTrue(Files.exists(run.resolve("progress.csv")), v);
            String config = Files.readString(run.resolve("config.json"));
            // smoke: 2 iterations x 1 task x 5 episodes x 100 steps, per batch; two batches unless multi-task
            assertTrue(config.replace(" ", "").contains(v.startsWith("multitask") ? "\"totalSteps\":1000"
                    : "\"totalSteps\":2000"), v + ": " + config);
        }
        String table = Files.readString(out.resolve("table.md"));
        assertTrue(table.contains("| mlp exact | context exact | hyper exact | hyper none |"), table);
    }

    @Test
    void badInputsAreRejectedBeforeAnythingIsWritten() {
        Path out = tmp.resolve("bad");
        String[][] cases = {
            {"benchmark", "--table", "5", "--out", out.toString()},
            {"benchmark", "--table", "4", "--algo", "sac", "--out", out.toString()},
            {"benchmark", "--envs", "NoSuchEnv", "--out", out.toString()},
            {"benchmark", "--critics", "hyper", "--out", out.toString()},
            {"benchmark", "--seeds", "0", "--out", out.toString()},
            {"benchmark", "--preset", "huge", "--out", out.toString()},
        };
        String[] expected = {"--table must be 4", "give one of them", "NoSuchEnv", "unknown critic", "--seeds",
            "unknown preset"};
        for (int i = 0; i < cases.length; i++) {
            SyntheticRuns.Result r = SyntheticRuns.execute(cases[i]);
            assertEquals(2, r.code(), String.join(" ", cases[i]));
            assertTrue(r.err().contains(expected[i]), r.err());
        }
        assertFalse(Files.exists(out));
    }
}
