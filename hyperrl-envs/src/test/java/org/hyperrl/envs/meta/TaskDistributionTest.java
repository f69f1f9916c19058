package org.hyperrl.envs.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TaskDistributionTest {

    private static final TaskSampler OOD = (rng, split) -> new double[] {
        split == Split.TRAIN ? 2.5 * rng.nextDouble() : 2.5 + 0.5 * rng.nextDouble()};

    @Test
    void sampledTasksComeFromTheSplitsDistribution() {
        TaskDistribution d = TaskDistribution.sampled(1, OOD);
        SplittableRandom rng = new SplittableRandom(0);
        for (int i = 0; i < 500; i++) {
            Task tr = d.sample(Split.TRAIN, rng);
            Task te = d.sample(Split.TEST, rng);
            assertTrue(tr.get(0) >= 0 && tr.get(0) < 2.5);
            assertTrue(te.get(0) >= 2.5 && te.get(0) < 3);
            assertEquals(Task.SAMPLED, tr.id());
            assertEquals(Split.TEST, te.split());
        }
        assertThrows(UnsupportedOperationException.class, () -> d.tasks(Split.TRAIN));
    }

    @Test
    void fixedListsAreSeededAndIndexed() {
        TaskDistribution a = TaskDistribution.sampled(1, OOD).withFixedLists(100, 30, 42);
        TaskDistribution b = TaskDistribution.sampled(1, OOD).withFixedLists(100, 30, 42);
        TaskDistribution c = TaskDistribution.sampled(1, OOD).withFixedLists(100, 30, 43);
        assertEquals(100, a.tasks(Split.TRAIN).size());
        assertEquals(30, a.tasks(Split.TEST).size());
        assertEquals(a.tasks(Split.TRAIN), b.tasks(Split.TRAIN));
        assertNotEquals(a.tasks(Split.TRAIN), c.tasks(Split.TRAIN));
        for (int i = 0; i < 30; i++) {
            Task t = a.tasks(Split.TEST).get(i);
            assertEquals(i, t.id());
            assertTrue(t.get(0) >= 2.5);
        }
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            Task t = a.sample(Split.TRAIN, rng);
            assertEquals(t, a.tasks(Split.TRAIN).get(t.id()));
        }
    }

    @Test
    void invalidInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TaskDistribution.fixed(List.of(), List.of(new double[1])));
        assertThrows(IllegalArgumentException.class,
                () -> TaskDistribution.fixed(List.of(new double[1], new double[2]), List.of(new double[1])));
        assertThrows(IllegalArgumentException.class, () -> Task.of(Double.NaN));
        TaskDistribution bad = TaskDistribution.sampled(2, (rng, s) -> new double[3]);
        assertThrows(IllegalStateException.class, () -> bad.sample(Split.TRAIN, new SplittableRandom(0)));
    }
}
