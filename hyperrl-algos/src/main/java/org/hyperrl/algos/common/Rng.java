package org.hyperrl.algos.common;

import java.util.random.RandomGenerator;

/**
 * A random generator whose whole state is one {@code long} (SplitMix64), so that it can be saved in a
 * checkpoint and restored exactly. {@link #split()} derives an independent generator for another consumer
 * (environment, replay sampling, exploration noise), so one root seed determines a whole run.
 */
public final class Rng implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    @Override
    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A new generator seeded from this one's next output (and advancing this one). */
    public Rng split() {
        return new Rng(nextLong() ^ 0x5851f42d4c957f2dL);
    }

    /** The complete state. */
    public long state() {
        return state;
    }

    /** Restores a state returned by {@link #state()}. */
    public void restore(long s) {
        this.state = s;
    }
}
