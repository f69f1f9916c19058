package org.hyperrl.envs;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A box {@code low[i] <= x[i] <= high[i]} in R^n. Bounds may be infinite.
 *
 * @param low  lower bounds (copied)
 * @param high upper bounds (copied)
 */
public record Box(double[] low, double[] high) implements Space {

    public Box {
        if (low.length != high.length) {
            throw new IllegalArgumentException("Box bounds differ in length: low has " + low.length
                    + " entries, high has " + high.length + "; give one bound per dimension");
        }
        if (low.length == 0) {
            throw new IllegalArgumentException("Box needs at least one dimension");
        }
        for (int i = 0; i < low.length; i++) {
            if (Double.isNaN(low[i]) || Double.isNaN(high[i]) || low[i] > high[i]) {
                throw new IllegalArgumentException("Box bound " + i + " is invalid: low " + low[i] + ", high "
                        + high[i] + "; need low <= high and no NaN");
            }
        }
        low = low.clone();
        high = high.clone();
    }

    /** A box with the same bounds {@code [low, high]} in every one of {@code n} dimensions. */
    public static Box uniform(int n, double low, double high) {
        double[] lo = new double[n];
        double[] hi = new double[n];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return new Box(lo, hi);
    }

    /** An unbounded box in R^n. */
    public static Box unbounded(int n) {
        return uniform(n, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    @Override
    public double[] low() {
        return low.clone();
    }

    @Override
    public double[] high() {
        return high.clone();
    }

    /** Lower bound of dimension {@code i}. */
    public double low(int i) {
        return low[i];
    }

    /** Upper bound of dimension {@code i}. */
    public double high(int i) {
        return high[i];
    }

    /** Whether every bound is finite. */
    public boolean isBounded() {
        for (int i = 0; i < low.length; i++) {
            if (Double.isInfinite(low[i]) || Double.isInfinite(high[i])) {
                return false;
            }
        }
        return true;
    }

    /** This box with extra dimensions {@code [lo, hi]} appended. */
    public Box append(int extra, double lo, double hi) {
        double[] l = Arrays.copyOf(low, low.length + extra);
        double[] h = Arrays.copyOf(high, high.length + extra);
        Arrays.fill(l, low.length, l.length, lo);
        Arrays.fill(h, high.length, h.length, hi);
        return new Box(l, h);
    }

    @Override
    public int dimension() {
        return low.length;
    }

    @Override
    public boolean contains(double[] value) {
        if (value == null || value.length != low.length) {
            return false;
        }
        for (int i = 0; i < value.length; i++) {
            if (Double.isNaN(value[i]) || value[i] < low[i] || value[i] > high[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public double[] sample(SplittableRandom rng) {
        if (!isBounded()) {
            throw new UnsupportedOperationException("sampling an unbounded Box is not supported; "
                    + "wrap the env so that its space is bounded or sample from your own distribution");
        }
        double[] x = new double[low.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = low[i] + (high[i] - low[i]) * rng.nextDouble();
        }
        return x;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        return "Box(low=" + Arrays.toString(low) + ", high=" + Arrays.toString(high) + ")";
    }
}
