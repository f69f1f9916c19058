package org.hyperrl.envs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpacesTest {

    @Test
    void boxContainsAndSamplesWithinBounds() {
        Box b = new Box(new double[] {-1, 0}, new double[] {1, 5});
        assertEquals(2, b.dimension());
        assertTrue(b.contains(new double[] {0, 5}));
        assertFalse(b.contains(new double[] {0, 5.01}));
        assertFalse(b.contains(new double[] {Double.NaN, 1}));
        assertFalse(b.contains(new double[] {0}));
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            assertTrue(b.contains(b.sample(rng)));
        }
    }

    @Test
    void boxRejectsInvalidBoundsWithMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Box(new double[] {1}, new double[] {0}));
        assertTrue(e.getMessage().contains("low <= high"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Box(new double[] {0, 0}, new double[] {1}));
        assertThrows(UnsupportedOperationException.class, () -> Box.unbounded(2).sample(new SplittableRandom(0)));
    }

    @Test
    void boxIsImmutable() {
        double[] lo = {0};
        Box b = new Box(lo, new double[] {1});
        lo[0] = 5;
        b.low()[0] = 7;
        assertEquals(0, b.low(0));
    }

    @Test
    void discreteMembershipAndActionCheck() {
        Discrete d = new Discrete(5);
        assertTrue(d.contains(new double[] {4}));
        assertFalse(d.contains(new double[] {5}));
        assertFalse(d.contains(new double[] {1.5}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Spaces.checkAction(d, new double[] {2.5}, "X"));
        assertTrue(e.getMessage().contains("not an integer in [0, 5)"), e.getMessage());
    }

    @Test
    void actionCheckNamesLengthAndNonFiniteProblems() {
        Box b = Box.uniform(3, -1, 1);
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> Spaces.checkAction(b, new double[2], "Env"));
        assertTrue(len.getMessage().contains("length 2") && len.getMessage().contains("needs length 3"),
                len.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Spaces.checkAction(b, new double[] {0, Double.NaN, 0}, "Env"));
        assertTrue(nan.getMessage().contains("action[1] is NaN"), nan.getMessage());
        IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
                () -> Spaces.checkAction(b, new double[] {0, 0, Double.NEGATIVE_INFINITY}, "Env"));
        assertTrue(inf.getMessage().contains("-Infinity"), inf.getMessage());
    }
}
