package org.hyperrl.envs.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hyperrl.envs.Box;
import org.hyperrl.envs.Discrete;
import org.hyperrl.envs.Env;
import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.meta.MetaEnv;
import org.hyperrl.envs.meta.Split;
import org.hyperrl.envs.meta.Task;
import org.hyperrl.envs.meta.TrialWrapper;
import org.hyperrl.envs.registry.EnvRegistry;
import org.junit.jupiter.api.Test;

class GridWorldTest {

    private static GridWorld withGoal(GridWorld.Variant v, int gx, int gy) {
        GridWorld g = new GridWorld(v);
        g.setTask(Task.of(gx, gy));
        g.reset(0);
        return g;
    }

    @Test
    void goalSetIsThe21CellsOutsideTheStartBlock() {
        List<Task> goals = new GridWorld(GridWorld.Variant.PLAIN).taskDistribution().tasks(Split.TRAIN);
        assertEquals(21, goals.size());
        Set<String> cells = new HashSet<>();
        for (Task t : goals) {
            int x = (int) t.get(0);
            int y = (int) t.get(1);
            assertTrue(x >= 0 && x < 5 && y >= 0 && y < 5);
            assertFalse(x < 2 && y < 2, "goal in the start block: " + t);
            cells.add(x + "," + y);
        }
        assertEquals(21, cells.size());
    }

    @Test
    void movesAreClippedAtTheBorders() {
        GridWorld g = withGoal(GridWorld.Variant.PLAIN, 4, 4);
        assertArrayEquals(new double[] {0, 0}, g.step(new double[] {GridWorld.LEFT}).observation(), 0);
        assertArrayEquals(new double[] {0, 0}, g.step(new double[] {GridWorld.DOWN}).observation(), 0);
        assertArrayEquals(new double[] {0, 1}, g.step(new double[] {GridWorld.UP}).observation(), 0);
        assertArrayEquals(new double[] {1, 1}, g.step(new double[] {GridWorld.RIGHT}).observation(), 0);
        assertArrayEquals(new double[] {1, 1}, g.step(new double[] {GridWorld.STAY}).observation(), 0);
        for (int i = 0; i < 6; i++) {
            g.step(new double[] {GridWorld.RIGHT});
        }
        assertArrayEquals(new int[] {4, 1}, g.position());
    }

    @Test
    void sparseRewardOnGoalAndPenaltyElsewhereWithoutTermination() {
        GridWorld g = withGoal(GridWorld.Variant.PLAIN, 2, 0);
        StepResult r1 = g.step(new double[] {GridWorld.RIGHT});
        assertEquals(-0.1, r1.reward(), 1e-12);
        StepResult r2 = g.step(new double[] {GridWorld.RIGHT});
        assertEquals(1.0, r2.reward(), 1e-12);
        assertFalse(r2.done());
        assertEquals(1.0, g.step(new double[] {GridWorld.STAY}).reward(), 1e-12);
        assertEquals(-0.1, g.step(new double[] {GridWorld.UP}).reward(), 1e-12);
    }

    @Test
    void denseRewardIsNegativeNormalisedManhattanDistance() {
        GridWorld g = withGoal(GridWorld.Variant.DENSE, 4, 3);
        assertEquals(-(3 + 3) / 5.0, g.step(new double[] {GridWorld.RIGHT}).reward(), 1e-12);
        assertEquals(-(3 + 2) / 5.0, g.step(new double[] {GridWorld.UP}).reward(), 1e-12);
        g.step(new double[] {GridWorld.RIGHT});
        g.step(new double[] {GridWorld.RIGHT});
        g.step(new double[] {GridWorld.RIGHT});
        g.step(new double[] {GridWorld.UP});
        assertEquals(1.0, g.step(new double[] {GridWorld.UP}).reward(), 1e-12);
    }

    @Test
    void showRevealsTheGoalAtEachEpisodesFirstTimestepAsThePaperStatesIt() {
        GridWorld g = new GridWorld(GridWorld.Variant.SHOW);
        g.setTask(Task.of(3, 4));
        assertArrayEquals(new double[] {3, 4}, g.reset(0).observation(), 0, "the first observation is the goal");
        assertArrayEquals(new double[] {0, 0}, g.step(new double[] {GridWorld.STAY}).observation(), 0,
                "later observations are positions, the start cell too");
        assertArrayEquals(new double[] {1, 0}, g.step(new double[] {GridWorld.RIGHT}).observation(), 0);
        assertArrayEquals(new double[] {3, 4}, g.reset(1).observation(), 0, "every episode starts with it");
    }

    @Test
    void showRevealsTheGoalOnTheStartCellUnderTheReferenceCodesRule() {
        GridWorld g = new GridWorld(GridWorld.Variant.SHOW, GridWorld.SIZE, GridWorld.ShowRule.ON_START_CELL);
        g.setTask(Task.of(3, 4));
        assertArrayEquals(new double[] {0, 0}, g.reset(0).observation(), 0, "reset shows the start position");
        assertArrayEquals(new double[] {3, 4}, g.step(new double[] {GridWorld.STAY}).observation(), 0);
        assertArrayEquals(new double[] {1, 0}, g.step(new double[] {GridWorld.RIGHT}).observation(), 0);
        assertArrayEquals(new double[] {3, 4}, g.step(new double[] {GridWorld.LEFT}).observation(), 0);
        GridWorld plain = withGoal(GridWorld.Variant.PLAIN, 3, 4);
        assertArrayEquals(new double[] {0, 0}, plain.step(new double[] {GridWorld.STAY}).observation(), 0);
    }

    @Test
    void registryShowRuleAndSizeOptions() {
        var paper = EnvRegistry.create("GridWorldShow", Map.of());
        double[] first = paper.reset(3).observation();
        var code = EnvRegistry.create("GridWorldShow",
                Map.of("showRule", "on_start_cell"));
        double[] codeFirst = code.reset(3).observation();
        assertArrayEquals(new double[] {0, 0}, java.util.Arrays.copyOf(codeFirst, 2), 0);
        assertTrue(first[0] >= 2 || first[1] >= 2, "the paper's rule shows the goal");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.create("GridWorldShow", Map.of("showRule", "x")));
        assertTrue(e.getMessage().contains("first_step"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EnvRegistry.create("GridWorld", Map.of("size", 2)));
        var small = new GridWorld(GridWorld.Variant.PLAIN, 3);
        assertEquals(5,
                small.taskDistribution().tasks(Split.TRAIN).size(), "3x3: the 5 cells outside the start block");
    }

    @Test
    void invalidGoalsAndActionsAreRejected() {
        GridWorld g = new GridWorld(GridWorld.Variant.PLAIN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.setTask(Task.of(1, 1)));
        assertTrue(e.getMessage().contains("start block"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.setTask(Task.of(5, 0)));
        assertThrows(IllegalArgumentException.class, () -> g.setTask(Task.of(2.5, 0)));
        assertThrows(IllegalArgumentException.class, () -> g.setTask(Task.of(2)));
        g.reset(0);
        assertThrows(IllegalArgumentException.class, () -> g.step(new double[] {5}));
        assertThrows(IllegalArgumentException.class, () -> g.step(new double[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> g.step(new double[] {1.5}));
    }

    @Test
    void registryGridWorldIsFourEpisodesOf15StepsWithDoneFlag() {
        Env env = EnvRegistry.create("GridWorld");
        assertEquals(3, env.observationSpace().dimension());
        assertEquals(new Discrete(5), env.actionSpace());
        assertArrayEquals(new double[] {0, 0, 0}, ((Box) env.observationSpace()).low(), 0);
        double[] obs = env.reset(7).observation();
        assertArrayEquals(new double[] {0, 0, 0}, obs, 0);
        Task task = env.find(MetaEnv.class).orElseThrow().getTask();
        int steps = 0;
        int flags = 0;
        StepResult r;
        do {
            r = env.step(new double[] {steps % 15 == 0 ? GridWorld.UP : GridWorld.RIGHT});
            steps++;
            assertEquals(task, env.find(MetaEnv.class).orElseThrow().getTask(), "task fixed within a trial");
            boolean innerEnd = steps % 15 == 0;
            assertEquals(innerEnd ? 1.0 : 0.0, r.observation()[2], "flag at step " + steps);
            assertEquals(innerEnd, r.info().get(TrialWrapper.INFO_INNER_ENDED));
            if (innerEnd && steps < 60) {
                assertArrayEquals(new double[] {0, 0, 1}, r.observation(), 0, "next episode starts at the start");
                flags++;
            }
        } while (!r.done());
        assertEquals(60, steps);
        assertEquals(3, flags);
        assertTrue(r.truncated());
        assertFalse(r.terminated());
    }

    @Test
    void scriptedMetaEpisodeReturnMatchesHandComputation() {
        // Goal (4, 4): explore costs the first episode; later episodes walk straight there (8 moves) and stay.
        Env env = EnvRegistry.create("GridWorld");
        TrialWrapper trial = env.find(TrialWrapper.class).orElseThrow();
        trial.setNextTask(new Task(20, Split.TRAIN, new double[] {4, 4}));
        env.reset(1);
        double ret = 0;
        for (int ep = 0; ep < 4; ep++) {
            for (int t = 0; t < 15; t++) {
                int a = t < 4 ? GridWorld.RIGHT : t < 8 ? GridWorld.UP : GridWorld.STAY;
                ret += env.step(new double[] {a}).reward();
            }
        }
        // each episode: 7 steps at -0.1, then 8 steps on the goal
        assertEquals(4 * (-0.7 + 8), ret, 1e-9);
    }

    @Test
    void tasksAreResampledPerMetaEpisodeAndSeeded() {
        Env a = EnvRegistry.create("GridWorldDense");
        Env b = EnvRegistry.create("GridWorldDense");
        Set<Task> seen = new HashSet<>();
        for (long seed = 0; seed < 30; seed++) {
            a.reset(seed);
            b.reset(seed);
            Task ta = a.find(MetaEnv.class).orElseThrow().getTask();
            assertEquals(ta, b.find(MetaEnv.class).orElseThrow().getTask());
            seen.add(ta);
        }
        assertTrue(seen.size() > 10, "30 seeds should give many different goals, got " + seen.size());
        a.reset(5);
        Task first = a.find(MetaEnv.class).orElseThrow().getTask();
        Set<Task> next = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            a.reset();
            next.add(a.find(MetaEnv.class).orElseThrow().getTask());
        }
        next.add(first);
        assertNotEquals(1, next.size(), "unseeded meta-episode resets keep sampling tasks");
    }
}
