package org.hyperrl.envs;

import java.util.SplittableRandom;

/**
 * The integers {@code 0 .. n-1}, represented as a {@code double[1]}.
 *
 * @param n number of elements (at least 1)
 */
public record Discrete(int n) implements Space {

    public Discrete {
        if (n < 1) {
            throw new IllegalArgumentException("Discrete space needs n >= 1, got " + n);
        }
    }

    @Override
    public int dimension() {
        return 1;
    }

    @Override
    public boolean contains(double[] value) {
        return value != null && value.length == 1 && value[0] == Math.rint(value[0])
                && value[0] >= 0 && value[0] < n;
    }

    @Override
    public double[] sample(SplittableRandom rng) {
        return new double[] {rng.nextInt(n)};
    }

    /** The element {@code i} as an action array. */
    public double[] of(int i) {
        if (i < 0 || i >= n) {
            throw new IllegalArgumentException("index " + i + " is outside Discrete(" + n + ")");
        }
        return new double[] {i};
    }
}
