package org.hyperrl.core.policy;

import java.util.Arrays;

/**
 * Running mean and variance of vectors (parallel-update formula of Chan et al.), used to normalise policy
 * inputs: {@code (x - mean) / sqrt(var + eps)} with {@code eps = 1e-8} as in Beck et al.
 */
public final class RunningMeanStd {
    private static final double EPS = 1e-8;
    private final double[] mean;
    private final double[] var;
    private double count = 1e-4;

    public RunningMeanStd(int dim) {
        this.mean = new double[dim];
        this.var = new double[dim];
        Arrays.fill(var, 1.0);
    }

    /** Adds a batch of rows. */
    public void update(double[][] batch) {
        if (batch.length == 0) {
            return;
        }
        int n = batch.length;
        double[] bMean = new double[mean.length];
        double[] bVar = new double[mean.length];
        for (double[] row : batch) {
            if (row.length != mean.length) {
                throw new IllegalArgumentException("row has " + row.length + " values, expected " + mean.length);
            }
            for (int i = 0; i < row.length; i++) {
                bMean[i] += row[i] / n;
            }
        }
        for (double[] row : batch) {
            for (int i = 0; i < row.length; i++) {
                double d = row[i] - bMean[i];
                bVar[i] += d * d / n;
            }
        }
        double total = count + n;
        for (int i = 0; i < mean.length; i++) {
            double delta = bMean[i] - mean[i];
            double m2 = var[i] * count + bVar[i] * n + delta * delta * count * n / total;
            mean[i] += delta * n / total;
            var[i] = m2 / total;
        }
        count = total;
    }

    /** Normalises one row into a new array. */
    public double[] normalise(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (x[i] - mean[i]) / Math.sqrt(var[i] + EPS);
        }
        return out;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] variance() {
        return var.clone();
    }

    public double count() {
        return count;
    }
}
