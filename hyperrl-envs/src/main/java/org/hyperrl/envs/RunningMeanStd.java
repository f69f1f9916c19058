package org.hyperrl.envs;

import java.util.Arrays;

/**
 * Running mean and (population) variance of vectors, merged batch-wise with the parallel algorithm of
 * Chan et al., as in Gymnasium's normalisation wrappers. The count starts at a small epsilon so the first
 * update dominates the (0, 1) prior.
 */
public final class RunningMeanStd {

    /** The mutable state of a {@link RunningMeanStd}, for saving and restoring. */
    public record State(double[] mean, double[] var, double count) {
        public State {
            mean = mean.clone();
            var = var.clone();
            if (mean.length != var.length) {
                throw new IllegalArgumentException("state mean and var differ in length: " + mean.length
                        + " vs " + var.length);
            }
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] var() {
            return var.clone();
        }
    }

    private final double[] mean;
    private final double[] var;
    private double count;

    public RunningMeanStd(int dimension) {
        mean = new double[dimension];
        var = new double[dimension];
        Arrays.fill(var, 1.0);
        count = 1e-4;
    }

    /** Adds one sample. */
    public void update(double[] x) {
        if (x.length != mean.length) {
            throw new IllegalArgumentException("sample has length " + x.length + ", expected " + mean.length);
        }
        double total = count + 1;
        for (int i = 0; i < mean.length; i++) {
            double delta = x[i] - mean[i];
            double m2 = var[i] * count + delta * delta * count / total;
            mean[i] += delta / total;
            var[i] = m2 / total;
        }
        count = total;
    }

    /** {@code (x - mean) / sqrt(var + epsilon)}. */
    public double[] normalize(double[] x, double epsilon) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - mean[i]) / Math.sqrt(var[i] + epsilon);
        }
        return y;
    }

    /** Current mean (copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** Current variance (copy). */
    public double[] var() {
        return var.clone();
    }

    /** Number of samples seen (plus the initial epsilon). */
    public double count() {
        return count;
    }

    /** A snapshot of the statistics. */
    public State state() {
        return new State(mean, var, count);
    }

    /** Restores statistics saved with {@link #state()}. */
    public void restore(State s) {
        if (s.mean.length != mean.length) {
            throw new IllegalArgumentException("state has dimension " + s.mean.length + ", these statistics have "
                    + mean.length);
        }
        System.arraycopy(s.mean, 0, mean, 0, mean.length);
        System.arraycopy(s.var, 0, var, 0, var.length);
        count = s.count;
    }
}
