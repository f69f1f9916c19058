package org.hyperrl.bench.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EtaEstimatorTest {

    private static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }

    /** Feeds {@code rate} units per second from {@code fromSeconds} to {@code toSeconds}, one point per 0.1 s. */
    private static long feed(EtaEstimator eta, long done, double rate, double fromSeconds, double toSeconds) {
        for (int i = 1; fromSeconds + i * 0.1 <= toSeconds + 1e-9; i++) {
            done += Math.round(rate * 0.1);
            eta.record(nanos(fromSeconds + i * 0.1), done);
        }
        return done;
    }

    @Test
    void noEstimateBeforeTenSecondsEvenAtASteadyRate() {
        EtaEstimator eta = new EtaEstimator(100_000, 0, 0);
        feed(eta, 0, 1000, 0, 9.9);
        assertEquals(Optional.empty(), eta.timeLeft());
    }

    @Test
    void aCheapStartPhaseIsLeftOutOfTheRateOnceItLiesInTheEarlierHalf() {
        // 10,000 random-action steps in the first second, then 100 steps per second with updates. An average from the
        // start would say (100,000 - 10,900) / 1,090 per s = 82 s at 10 s; the steps left take 891 s.
        EtaEstimator eta = new EtaEstimator(100_000, 0, 0);
        long done = feed(eta, 0, 10_000, 0, 1);
        done = feed(eta, done, 100, 1, 10);
        assertEquals(10_900, done);
        assertEquals(Optional.of(Duration.ofSeconds(891)), eta.timeLeft());
    }

    @Test
    void noEstimateWhileAChangeOfRateLiesInsideTheWindow() {
        // A cheap phase of 8 s, then 10 per second: at 12 s the window [6 s, 12 s] holds both, at 20 s only the second.
        EtaEstimator eta = new EtaEstimator(10_000, 0, 0);
        long done = feed(eta, 0, 1000, 0, 8);
        done = feed(eta, done, 10, 8, 12);
        assertEquals(Optional.empty(), eta.timeLeft());
        done = feed(eta, done, 10, 12, 20);
        assertEquals(Optional.of(Duration.ofSeconds((10_000 - done) / 10)), eta.timeLeft());
    }

    @Test
    void noEstimateWhenProgressStalled() {
        EtaEstimator eta = new EtaEstimator(10_000, 0, 0);
        long done = feed(eta, 0, 100, 0, 10);
        feed(eta, done, 0, 10, 20);
        assertEquals(Optional.empty(), eta.timeLeft());
    }

    @Test
    void neverZeroWhileWorkRemainsAndNoneWhenDone() {
        EtaEstimator eta = new EtaEstimator(20_001, 0, 0);
        long done = feed(eta, 0, 1000, 0, 20);
        assertEquals(20_000, done);
        assertEquals(Optional.of(Duration.ofSeconds(1)), eta.timeLeft());
        eta.record(nanos(20.05), 20_001);
        assertEquals(Optional.empty(), eta.timeLeft());
    }

    @Test
    void aResumedRunMeasuresOnlyTheUnitsDoneSinceItStarted() {
        EtaEstimator eta = new EtaEstimator(10_000, nanos(100), 5_000);
        long done = feed(eta, 5_000, 100, 100, 120);
        assertEquals(7_000, done);
        assertEquals(Optional.of(Duration.ofSeconds(30)), eta.timeLeft());
    }
}
