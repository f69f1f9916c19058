package org.hyperrl.envs.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hyperrl.envs.StepResult;
import org.hyperrl.envs.TimeLimit;
import org.hyperrl.envs.classic.Pendulum;
import org.hyperrl.envs.grid.GridWorld;
import org.junit.jupiter.api.Test;

class TrialWrapperTest {

    private static TrialWrapper grid(int k, int horizon) {
        return new TrialWrapper(new TimeLimit(new GridWorld(GridWorld.Variant.PLAIN), horizon), k, Split.TRAIN);
    }

    @Test
    void rejectsEnvsWithoutTasks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrialWrapper(new Pendulum(), 2, Split.TRAIN));
        assertTrue(e.getMessage().contains("MetaEnv") && e.getMessage().contains("Pendulum"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> grid(0, 5));
    }

    @Test
    void singleEpisodeTrialsAddNoFlagButResampleTasks() {
        TrialWrapper t = grid(1, 3);
        assertEquals(2, t.observationSpace().dimension());
        assertEquals(2, t.reset(0).observation().length);
        t.step(new double[] {0});
        t.step(new double[] {0});
        StepResult last = t.step(new double[] {0});
        assertTrue(last.truncated());
        assertEquals(2, last.observation().length);
        assertThrows(IllegalStateException.class, () -> t.step(new double[] {0}));
    }

    @Test
    void innerEpisodeEndReportsTheTrueFinalObservationAndRestartsAtTheStart() {
        TrialWrapper t = grid(2, 2);
        t.setNextTask(new Task(0, Split.TRAIN, new double[] {4, 4}));
        assertEquals(new Task(0, Split.TRAIN, new double[] {4, 4}), t.reset(3).info().get(TrialWrapper.INFO_TASK));
        t.step(new double[] {GridWorld.RIGHT});
        StepResult end = t.step(new double[] {GridWorld.UP});
        assertFalse(end.done());
        assertArrayEquals(new double[] {0, 0, 1}, end.observation(), 0);
        assertArrayEquals(new double[] {1, 1, 1}, (double[]) end.info().get(TrialWrapper.INFO_FINAL_OBSERVATION), 0);
        assertEquals(false, end.info().get(TrialWrapper.INFO_INNER_TERMINATED));
        assertEquals(0, end.info().get(TrialWrapper.INFO_EPISODE));
        StepResult next = t.step(new double[] {GridWorld.STAY});
        assertEquals(1, next.info().get(TrialWrapper.INFO_EPISODE));
        assertEquals(0.0, next.observation()[2]);
        assertTrue(t.step(new double[] {GridWorld.STAY}).truncated(), "second inner episode ends the trial");
    }

    @Test
    void pinnedTaskIsUsedOnceThenSamplingResumes() {
        TrialWrapper t = grid(1, 1);
        Task pinned = new Task(3, Split.TEST, new double[] {2, 0});
        t.setNextTask(pinned);
        t.reset(0);
        assertEquals(pinned, t.metaEnv().getTask());
        boolean changed = false;
        for (int i = 0; i < 10; i++) {
            t.reset();
            changed |= !t.metaEnv().getTask().equals(pinned);
        }
        assertTrue(changed);
    }
}
