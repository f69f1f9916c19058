package org.hyperrl.bench;

import java.util.Arrays;

/** Wall-clock timing of repeated work: median and 10th/90th percentiles in milliseconds. */
public final class Timing {
    private Timing() {
    }

    /**
     * Summary of one measured operation.
     *
     * @param medianMs median time per call
     * @param p10Ms    10th percentile
     * @param p90Ms    90th percentile
     * @param calls    number of timed calls
     */
    public record Stats(double medianMs, double p10Ms, double p90Ms, int calls) {
        @Override
        public String toString() {
            return String.format("median %9.4f ms   p10 %9.4f   p90 %9.4f   (%d calls)", medianMs, p10Ms, p90Ms, calls);
        }
    }

    /** Runs {@code warmup} untimed calls, then {@code calls} timed calls of {@code body}. */
    public static Stats measure(int warmup, int calls, Runnable body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        double[] ms = new double[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new Stats(ms[calls / 2], ms[calls / 10], ms[Math.min(calls - 1, (calls * 9) / 10)], calls);
    }
}
