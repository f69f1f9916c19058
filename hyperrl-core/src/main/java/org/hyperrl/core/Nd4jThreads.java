package org.hyperrl.core;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Sets how many threads ND4J's native code uses. On small machines one thread per process was measured faster
 * than ND4J's default of one per core (see {@code docs/performance.md}); the {@code OMP_NUM_THREADS} environment
 * variable, read when the backend loads, has the same effect for OpenMP and BLAS.
 */
public final class Nd4jThreads {
    private Nd4jThreads() {
    }

    /** Limits ND4J's native threads to {@code n}. */
    public static void set(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + n);
        }
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
    }

    /** The current limit of ND4J's native threads. */
    public static int get() {
        return Nd4j.getEnvironment().maxThreads();
    }
}
