package org.hyperrl.core.dist;

import org.hyperrl.core.nn.SdOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A Gaussian with diagonal covariance over {@code dim} dimensions, one per row: mean and log standard deviation are
 * graph variables of shape {@code [batch, dim]} (a state-independent log-std {@code [dim]} must be broadcast first,
 * e.g. {@code mean.mul(0).add(logStd)}). Every per-sample quantity is {@code [batch, 1]}.
 */
public final class DiagGaussian {
    /** {@code log sqrt(2 pi)}. */
    static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final SameDiff sd;
    private final SDVariable mean;
    private final SDVariable logStd;
    private final int dim;

    public DiagGaussian(SameDiff sd, SDVariable mean, SDVariable logStd, int dim) {
        if (dim <= 0) {
            throw new IllegalArgumentException("a Gaussian needs a positive dimension, got " + dim);
        }
        this.sd = sd;
        this.mean = mean;
        this.logStd = logStd;
        this.dim = dim;
    }

    /** {@code log N(x; mean, std)} summed over dimensions. */
    public SDVariable logProb(SDVariable x) {
        SDVariable z = x.sub(mean).mul(sd.math().exp(logStd.neg()));
        return SdOps.rowSum(sd, z.mul(z).mul(-0.5).sub(logStd).sub(LOG_SQRT_2PI), dim);
    }

    /** The reparameterised sample {@code mean + std * eps} for standard normal noise {@code eps [batch, dim]}. */
    public SDVariable sample(SDVariable eps) {
        return mean.add(sd.math().exp(logStd).mul(eps));
    }

    /**
     * The log-density of {@link #sample}{@code (eps)}, computed from the noise: {@code -eps^2/2 - log std - log
     * sqrt(2 pi)} per dimension (no division by {@code std}), summed.
     */
    public SDVariable logProbOfSample(SDVariable eps) {
        return SdOps.rowSum(sd, noiseLogDensity(eps), dim);
    }

    /** Per-dimension terms of {@link #logProbOfSample}, {@code [batch, dim]}. */
    SDVariable noiseLogDensity(SDVariable eps) {
        return eps.mul(eps).mul(-0.5).sub(logStd).sub(LOG_SQRT_2PI);
    }

    /** Differential entropy {@code sum (log std + 1/2 + log sqrt(2 pi))}. */
    public SDVariable entropy() {
        return SdOps.rowSum(sd, logStd.add(0.5 + LOG_SQRT_2PI), dim);
    }

    /**
     * {@code KL(this || other) = sum (log std_q - log std_p + (std_p^2 + (mean_p - mean_q)^2) / (2 std_q^2) - 1/2)}.
     *
     * @throws IllegalArgumentException if the dimensions differ
     */
    public SDVariable kl(DiagGaussian other) {
        if (other.dim != dim) {
            throw new IllegalArgumentException("KL between Gaussians of dimension " + dim + " and " + other.dim);
        }
        SDVariable d = mean.sub(other.mean);
        SDVariable num = sd.math().exp(logStd.mul(2.0)).add(d.mul(d));
        SDVariable terms = other.logStd.sub(logStd).add(num.mul(sd.math().exp(other.logStd.mul(-2.0))).mul(0.5))
                .sub(0.5);
        return SdOps.rowSum(sd, terms, dim);
    }

    /** The mean, which is also the mode. */
    public SDVariable mean() {
        return mean;
    }

    public SDVariable logStd() {
        return logStd;
    }

    public int dim() {
        return dim;
    }

    /** Plain-Java sample {@code mean + exp(logStd) * normals} for acting. */
    public static float[] sample(float[] mean, float[] logStd, double[] normals) {
        if (logStd.length != mean.length || normals.length != mean.length) {
            throw new IllegalArgumentException("mean, log-std and noise lengths differ: " + mean.length + ", "
                    + logStd.length + ", " + normals.length);
        }
        float[] x = new float[mean.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (mean[i] + Math.exp(logStd[i]) * normals[i]);
        }
        return x;
    }
}
