package org.hyperrl.bench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweep specs: expansion into runs (order, names, options) and the rejection of bad specs before any run starts. */
class SweepSpecTest {

    private static final String GRID = """
            algorithm: td3
            envs: [Pendulum]
            preset: small
            steps: 2000
            seeds: 2
            networks:
              critic: [mlp-standard, sa-hyper]
            set:
              batchSize: 32
              actorHidden: [32, 32]
            grid:
              actorLr: [1.0e-3, 3.0e-4]
            """;

    private static List<SweepRun> expand(String yaml) {
        return SweepPlan.expand(SweepSpec.parse(yaml), null);
    }

    private static String error(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> expand(yaml)).getMessage();
    }

    @Test
    void gridIsTheProductOfItsAxesInSpecOrderWithSeedsInnermost() {
        List<SweepRun> runs = expand(GRID);
        assertEquals(8, runs.size());
        assertEquals(List.of(
                "td3_Pendulum_mlp-standard_actorLr=0.001_s0", "td3_Pendulum_mlp-standard_actorLr=0.001_s1",
                "td3_Pendulum_mlp-standard_actorLr=0.0003_s0", "td3_Pendulum_mlp-standard_actorLr=0.0003_s1",
                "td3_Pendulum_sa-hyper_actorLr=0.001_s0", "td3_Pendulum_sa-hyper_actorLr=0.001_s1",
                "td3_Pendulum_sa-hyper_actorLr=0.0003_s0", "td3_Pendulum_sa-hyper_actorLr=0.0003_s1"),
                runs.stream().map(SweepRun::name).toList());
        SweepRun r = runs.get(5);
        assertEquals(Map.of("critic", "sa-hyper", "actorLr", "0.001"), r.axes());
        assertEquals(1, r.seed());
        assertEquals(List.of("train", "--algo", "td3", "--env", "Pendulum", "--seed", "1", "--checkpoint-every",
                "10000", "--preset", "small", "--steps", "2000", "--critic", "sa-hyper", "--set", "batchSize=32",
                "--set", "actorHidden=32,32", "--set", "actorLr=0.001"), r.trainArgs());
        assertEquals("td3 Pendulum critic=sa-hyper", r.group(List.of("actorLr")));
        assertEquals("actorLr=0.001", r.candidate(List.of("actorLr")));
        assertEquals("critic+actorLr", SweepCommand.tableColumns(SweepSpec.parse(GRID)));
    }

    @Test
    void variantsAreOneAxisAndSeedListsAndFirstSeedWork() {
        List<SweepRun> runs = expand("""
                algorithms: [pearl]
                env: PointRobot
                preset: smoke
                seeds: [3, 5]
                variants:
                  - {name: pearl, networks: {policy: mlp, critic: mlp}}
                  - name: hyper-pearl
                    networks: {policy: hyper, critic: sa-hyper}
                    set: {envOptions.episodesPerTrial: 1}
                """);
        assertEquals(List.of("pearl_PointRobot_pearl_s3", "pearl_PointRobot_pearl_s5",
                "pearl_PointRobot_hyper-pearl_s3", "pearl_PointRobot_hyper-pearl_s5"),
                runs.stream().map(SweepRun::name).toList());
        assertTrue(runs.get(2).trainArgs().containsAll(List.of("--policy", "hyper", "--critic", "sa-hyper",
                "envOptions.episodesPerTrial=1")));
        assertEquals(List.of(10L, 11L, 12L), SweepSpec.parse("algorithm: td3\nenvs: [Pendulum]\nseeds: 3\n"
                + "firstSeed: 10\n").seeds());
    }

    @Test
    void theShippedExampleSpecsExpand() throws IOException {
        Path dir = Path.of("..", "docs", "sweeps");
        List<Path> specs;
        try (var files = Files.list(dir)) {
            specs = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(specs.size() >= 5, "example specs in " + dir.toAbsolutePath());
        for (Path f : specs) {
            assertFalse(SweepPlan.expand(SweepSpec.read(f), null).isEmpty(), f.toString());
        }
        assertEquals(165, SweepPlan.expand(SweepSpec.read(dir.resolve("beck2023-grid-lr.yaml")), null).size());
        assertEquals(180, SweepPlan.expand(SweepSpec.read(dir.resolve("sarafian-table4.yaml")), null).size());
    }

    @Test
    void jsonSpecsAreReadToo() {
        assertEquals(2, expand("{\"algorithm\": \"td3\", \"envs\": [\"Pendulum\"], \"seeds\": 2}").size());
    }

    @Test
    void badSpecsAreRejectedNamingTheEntry() {
        assertTrue(error("algorithm: td3\nenvs: [Pendulum]\nseeds: 2\nseed: 3\n").contains("unknown key 'seed'"));
        assertTrue(error("algorithm: nope\nenvs: [Pendulum]\nseeds: 1\n").contains("run nope_Pendulum_s0"));
        assertTrue(error("algorithm: td3\nenvs: [Nowhere]\nseeds: 1\n").contains("Nowhere"));
        String unknownKey = error("algorithm: td3\nenvs: [Pendulum]\nseeds: 1\ngrid: {actorLrr: [1, 2]}\n");
        assertTrue(unknownKey.contains("run td3_Pendulum_actorLrr=1_s0") && unknownKey.contains("actorLrr"),
                unknownKey);
        assertTrue(error("algorithm: td3\nenvs: [Pendulum]\nseeds: 1\ngrid: {actorLr: []}\n")
                .contains("grid.actorLr: the list is empty"));
        assertTrue(error("algorithm: td3\nenvs: [Pendulum]\nseeds: []\n").contains("seeds: the list is empty"));
        assertTrue(error("algorithm: td3\nenvs: [Pendulum]\nseeds: [1, 1]\n").contains("seeds: '1' is given twice"));
        assertTrue(error("algorithm: td3\nenvs: [Pendulum]\nseeds: 0\n").contains("seeds must be at least 1"));
        assertTrue(error("algorithm: td3\nenvs: [Pendulum]\nseeds: 1\nset: {actorLr: 1}\ngrid: {actorLr: [1, 2]}\n")
                .contains("'actorLr' is in both set and grid"));
        String steps = error("algorithm: td3\nenvs: [Pendulum]\nseeds: 1\nsteps: 100\nset: {totalSteps: 200}\n");
        assertTrue(steps.contains("contradict"), steps);
        String dup = error("""
                algorithm: td3
                envs: [Pendulum]
                seeds: 1
                variants:
                  - {name: a, set: {actorLr: 0.001}}
                  - {name: b, set: {actorLr: 0.001}}
                """);
        assertTrue(dup.contains("runs td3_Pendulum_a_s0 and td3_Pendulum_b_s0 have the same configuration"), dup);
        String clash = error("algorithm: td3\nenvs: [Pendulum]\nseeds: 1\nnetworks: {critic: [mlp-standard]}\n"
                + "variants:\n  - {name: a, networks: {critic: sa-hyper}}\n");
        assertTrue(clash.contains("variant 'a' chooses the critic, which networks also gives"), clash);
        assertTrue(error("algorithm: td3\nenvs: [Pendulum]\nseeds: 1\ngrid: {actorLr: [1, 2]}\nselect: {over: lr}\n")
                .contains("select.over: 'lr' is not an axis of the sweep; axes: actorLr"));
        assertTrue(error("algorithm: td3\nenvs: [Pendulum]\nseeds: 1\ngrid: {actorLr: [1, 2]}\n"
                + "select: {over: actorLr, score: median}\n").contains("select.score must be final or best"));
        assertTrue(error("- just\n- a list\n").contains("expected a mapping"));
        assertTrue(error("algorithm: td3\nenvs: [Pendulum\n").contains("not valid YAML or JSON"));
        String names = error("algorithm: ppo\nenvs: [GridWorld]\nseeds: 1\npreset: small\n"
                + "networks: {policy: [rnn+hn, rnn-hn]}\n");
        assertTrue(names.contains("rnn"), names);
    }

    @Test
    void anExistingRunWithAnotherConfigurationIsRefusedBeforeAnythingRuns(@TempDir Path out) throws IOException {
        String spec = "algorithm: td3\nenvs: [Pendulum]\npreset: small\nsteps: 2000\nseeds: 1\nset: {actorLr: 0.001}\n";
        Path run = SweepPlan.runDir(out, "td3_Pendulum_s0");
        Files.createDirectories(run.getParent());
        // write a config.json as train does, with another learning rate, without training
        Map<String, Object> other = org.hyperrl.bench.cli.RunConfigs.resolve("td3", "Pendulum", "small", Map.of(),
                2000L, 0, 10000, Map.of("actorLr", "0.002"));
        org.hyperrl.bench.runtime.RunDirectory.create(run, other, 0);
        String message = assertThrows(IllegalArgumentException.class,
                () -> SweepPlan.expand(SweepSpec.parse(spec), out)).getMessage();
        assertTrue(message.contains("run td3_Pendulum_s0 exists") && message.contains("actorLr = 0.002 vs 0.001"),
                message);
        String shorter = spec.replace("steps: 2000", "steps: 1500").replace("0.001", "0.002");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SweepPlan.expand(SweepSpec.parse(shorter), out))
                .getMessage().contains("cannot be shortened"));
        assertFalse(SweepPlan.expand(SweepSpec.parse(spec.replace("0.001", "0.002").replace("2000", "3000")), out)
                .isEmpty());
    }

    @Test
    void selectionPicksTheCandidateWithTheBestMeanScoreAcrossSeeds(@TempDir Path out) throws IOException {
        String spec = "algorithm: td3\nenvs: [Pendulum]\nseeds: 2\ngrid: {actorLr: [0.001, 0.0003]}\n"
                + "select: {over: actorLr, last: 2}\n";
        SweepSpec s = SweepSpec.parse(spec);
        List<SweepRun> runs = SweepPlan.expand(s, null);
        // final two evaluations: lr 0.001 -> (10, 20) and (30, 40): scores 15, 35, mean 25; lr 0.0003 -> 24, 24
        double[][] evals = {{0, 10, 20}, {0, 30, 40}, {100, 24, 24}, {-5, 24, 24}};
        for (int i = 0; i < runs.size(); i++) {
            Path dir = SweepPlan.runDir(out, runs.get(i).name());
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("progress.csv"), "step,eval_return\n100," + evals[i][0] + "\n200,\n300,"
                    + evals[i][1] + "\n400," + evals[i][2] + "\n");
        }
        List<Selection.Group> groups = Selection.select(out, runs, s.select());
        assertEquals(1, groups.size());
        assertEquals("actorLr=0.001", groups.get(0).best().candidate());
        assertEquals(25.0, groups.get(0).best().mean(), 1e-12);
        assertEquals(Math.sqrt(200), groups.get(0).best().std(), 1e-12);
        // by the best value, lr 0.0003 wins (100 and 24: mean 62 against 20 and 40: mean 30)
        SweepSpec.Select best = new SweepSpec.Select(List.of("actorLr"), "eval_return", "best", 1);
        assertEquals("actorLr=0.0003", Selection.select(out, runs, best).get(0).best().candidate());
        assertTrue(Selection.markdown(groups, s.select()).contains("| td3 Pendulum | actorLr=0.001 | 25.00 ± 14.14 (2)"));
    }
}
