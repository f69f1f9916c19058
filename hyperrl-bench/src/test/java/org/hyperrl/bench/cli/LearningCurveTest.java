package org.hyperrl.bench.cli;

import org.hyperrl.bench.runtime.ProgressData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LearningCurveTest {

    private static ProgressData.Series series(long[] steps, double... values) {
        return new ProgressData.Series(steps, values);
    }

    @Test
    void meanAndSampleStdAtTheStepsEveryRunLogged() {
        List<ProgressData.Series> runs = List.of(
                series(new long[] {5, 10, 15}, 1, 4, 100),
                series(new long[] {5, 10}, 2, 8),
                series(new long[] {5, 10}, 6, 12));
        LearningCurve c = LearningCurve.of("g", runs, LearningCurve.Band.STD);
        assertEquals(3, c.runs());
        assertArrayEquals(new long[] {5, 10}, c.steps());
        assertArrayEquals(new double[] {3, 8}, c.mean());
        // sample std of {1,2,6} is sqrt(14/2), of {4,8,12} is sqrt(32/2) = 4
        assertArrayEquals(new double[] {3 - Math.sqrt(7), 4}, c.lower());
        assertArrayEquals(new double[] {3 + Math.sqrt(7), 12}, c.upper());

        LearningCurve m = LearningCurve.of("g", runs, LearningCurve.Band.MINMAX);
        assertArrayEquals(new double[] {1, 4}, m.lower());
        assertArrayEquals(new double[] {6, 12}, m.upper());
    }

    @Test
    void aSingleRunHasAZeroWidthStdBand() {
        LearningCurve c = LearningCurve.of("g", List.of(series(new long[] {1, 2}, -3, -1)), LearningCurve.Band.STD);
        assertArrayEquals(c.mean(), c.lower());
        assertArrayEquals(c.mean(), c.upper());
    }

    @Test
    void runsWithoutACommonStepAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearningCurve.of("sa-hyper",
                List.of(series(new long[] {5}, 1), series(new long[] {6}, 1)), LearningCurve.Band.STD));
        assertEquals("the 2 runs of group 'sa-hyper' have no step in common; they must log the metric at the same "
                + "steps", e.getMessage());
    }
}
