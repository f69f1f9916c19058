package org.hyperrl.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WrappersTest {

    @Test
    void timeLimitTruncatesButTerminationWins() {
        TimeLimit limited = new TimeLimit(new CountingEnv(100, Box.uniform(1, -1, 1)), 3);
        limited.reset(0);
        assertFalse(limited.step(new double[] {0}).done());
        assertFalse(limited.step(new double[] {0}).done());
        StepResult r = limited.step(new double[] {0});
        assertTrue(r.truncated());
        assertFalse(r.terminated());
        assertThrows(IllegalStateException.class, () -> limited.step(new double[] {0}));

        TimeLimit both = new TimeLimit(new CountingEnv(3, Box.uniform(1, -1, 1)), 3);
        both.reset(0);
        both.step(new double[] {0});
        both.step(new double[] {0});
        StepResult last = both.step(new double[] {0});
        assertTrue(last.terminated());
        assertFalse(last.truncated(), "a terminal step at the limit is a termination, not a truncation");
    }

    @Test
    void stepAfterTerminationWithoutResetThrows() {
        CountingEnv env = new CountingEnv(1, Box.uniform(1, -1, 1));
        env.reset(0);
        assertTrue(env.step(new double[] {0}).terminated());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.step(new double[] {0}));
        assertTrue(e.getMessage().contains("after the episode ended"), e.getMessage());
    }

    @Test
    void clipActionClipsToBounds() {
        ClipAction env = new ClipAction(new CountingEnv(10, new Box(new double[] {-1, 0}, new double[] {1, 2})));
        env.reset(0);
        StepResult r = env.step(new double[] {5, -3});
        assertEquals(1 + 0, r.reward(), 0);
        assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {Double.NaN, 0}));
    }

    @Test
    void rescaleActionMapsAffinely() {
        RescaleAction env = new RescaleAction(new CountingEnv(10, new Box(new double[] {0}, new double[] {10})), -1, 1);
        assertEquals(Box.uniform(1, -1, 1), env.actionSpace());
        env.reset(0);
        assertEquals(0, env.step(new double[] {-1}).reward(), 1e-12);
        assertEquals(5, env.step(new double[] {0}).reward(), 1e-12);
        assertEquals(7.5, env.step(new double[] {0.5}).reward(), 1e-12);
        assertEquals(10, env.step(new double[] {3}).reward(), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> new RescaleAction(new CountingEnv(1, Box.unbounded(1)), -1, 1));
    }

    @Test
    void normalizeObservationTracksMeanAndVarianceAndRestores() {
        NormalizeObservation env = new NormalizeObservation(new CountingEnv(1000, Box.uniform(1, -10, 10)));
        env.reset(0);
        double[] actions = {1, 3, -2, 7, 0.5};
        for (double a : actions) {
            env.step(new double[] {a});
        }
        // samples of the second coordinate: 0 (reset) and the actions
        double mean = (0 + 1 + 3 - 2 + 7 + 0.5) / 6;
        double var = 0;
        for (double v : new double[] {0, 1, 3, -2, 7, 0.5}) {
            var += (v - mean) * (v - mean);
        }
        var /= 6;
        RunningMeanStd s = env.statistics();
        assertEquals(mean, s.mean()[1], 1e-3);
        assertEquals(var, s.var()[1], 1e-2);
        RunningMeanStd.State saved = s.state();
        env.step(new double[] {100});
        assertTrue(Math.abs(s.mean()[1] - mean) > 1);
        s.restore(saved);
        assertArrayEquals(saved.mean(), s.mean(), 0);
        env.setUpdating(false);
        StepResult r = env.step(new double[] {2});
        assertArrayEquals(saved.mean(), s.mean(), 0);
        assertEquals((2 - saved.mean()[1]) / Math.sqrt(saved.var()[1] + 1e-8), r.observation()[1], 1e-12);
    }

    @Test
    void normalizeRewardDividesByReturnStd() {
        NormalizeReward env = new NormalizeReward(new CountingEnv(1000, Box.uniform(1, -10, 10)), 0.9);
        env.reset(0);
        StepResult r = null;
        for (int i = 0; i < 50; i++) {
            r = env.step(new double[] {1});
        }
        double std = Math.sqrt(env.statistics().var()[0] + 1e-8);
        assertEquals(1 / std, r.reward(), 1e-12);
        assertTrue(std > 0.1 && std < 10, "std of discounted returns of constant 1 rewards: " + std);
    }

    @Test
    void episodeStatisticsRecordReturnAndLength() {
        RecordEpisodeStatistics env = new RecordEpisodeStatistics(new CountingEnv(4, Box.uniform(1, -10, 10)));
        env.reset(0);
        assertNull(env.lastEpisode());
        StepResult r = null;
        for (int i = 1; i <= 4; i++) {
            r = env.step(new double[] {i});
        }
        EpisodeStatistics s = (EpisodeStatistics) r.info().get(RecordEpisodeStatistics.INFO_KEY);
        assertEquals(new EpisodeStatistics(10, 4), s);
        assertSame(s, env.lastEpisode());
        env.reset();
        env.step(new double[] {2});
        assertEquals(1, env.episodeCount());
    }

    @Test
    void findLocatesWrappedTypes() {
        CountingEnv base = new CountingEnv(4, Box.uniform(1, -1, 1));
        Env wrapped = new RecordEpisodeStatistics(new TimeLimit(base, 5));
        assertSame(base, wrapped.unwrapped());
        assertEquals(5, wrapped.find(TimeLimit.class).orElseThrow().maxEpisodeSteps());
        assertTrue(wrapped.find(ClipAction.class).isEmpty());
    }
}
