package org.hyperrl.core.dist;

import org.hyperrl.core.nn.SdOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SAC's squashed Gaussian: {@code u ~ N(mean, std)} with the log-std clamped to {@code [-20, 2]}, action
 * {@code a = tanh(u)} in {@code (-1, 1)}, log-density {@code log N(u) - sum log(1 - tanh(u)^2)}. The correction is
 * computed as {@code log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u))}, which stays finite where {@code tanh(u)}
 * rounds to +-1.
 *
 * <p>There is no closed-form entropy (estimate it by {@code -logProb} of samples). The KL divergence between two
 * squashed Gaussians is that of the underlying Gaussians, since {@code tanh} is invertible.
 */
public final class TanhGaussian {
    /** Bounds of the log standard deviation. */
    public static final double LOG_STD_MIN = -20;
    public static final double LOG_STD_MAX = 2;

    /**
     * A reparameterised sample.
     *
     * @param action  {@code tanh(u)}, {@code [batch, dim]}
     * @param logProb log-density of the action, {@code [batch, 1]}
     * @param preSquash {@code u}, {@code [batch, dim]}
     */
    public record Sample(SDVariable action, SDVariable logProb, SDVariable preSquash) {
    }

    private final SameDiff sd;
    private final DiagGaussian base;

    /** From a mean and an unclamped log-std, both {@code [batch, dim]}. */
    public TanhGaussian(SameDiff sd, SDVariable mean, SDVariable logStd, int dim) {
        this.sd = sd;
        this.base = new DiagGaussian(sd, mean, sd.math().clipByValue(logStd, LOG_STD_MIN, LOG_STD_MAX), dim);
    }

    /** From one network output {@code [batch, 2 dim]} holding the mean, then the unclamped log-std. */
    public static TanhGaussian fromMeanAndLogStd(SameDiff sd, SDVariable out, int dim) {
        SDVariable mean = SdOps.columns(sd, out, 2 * dim, 0, dim);
        return new TanhGaussian(sd, mean, SdOps.columns(sd, out, 2 * dim, dim, dim), dim);
    }

    /** {@code a = tanh(mean + std * eps)} with its log-density, for standard normal {@code eps [batch, dim]}. */
    public Sample sample(SDVariable eps) {
        SDVariable u = base.sample(eps);
        SDVariable logProb = SdOps.rowSum(sd, base.noiseLogDensity(eps).sub(squashCorrection(sd, u)), base.dim());
        return new Sample(sd.math().tanh(u), logProb, u);
    }

    /** The log-density of the action {@code tanh(u)} for a given pre-squash value {@code u [batch, dim]}. */
    public SDVariable logProbOfPreSquash(SDVariable u) {
        return base.logProb(u).sub(SdOps.rowSum(sd, squashCorrection(sd, u), base.dim()));
    }

    /** {@code KL(this || other)}, equal to the KL divergence of the underlying Gaussians. */
    public SDVariable kl(TanhGaussian other) {
        return base.kl(other.base);
    }

    /** Per dimension {@code log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u))}. */
    public static SDVariable squashCorrection(SameDiff sd, SDVariable u) {
        return sd.nn().softplus(u.mul(-2.0)).add(u).rsub(Math.log(2.0)).mul(2.0);
    }

    /** The pre-squash mean. */
    public SDVariable mean() {
        return base.mean();
    }

    /** The underlying Gaussian over {@code u}, with the clamped log-std. */
    public DiagGaussian preSquash() {
        return base;
    }

    /**
     * Plain-Java action from a network output {@code [mean..., logStd...]} (log-std unclamped): the mode
     * {@code tanh(mean)} when {@code normals} is {@code null}, otherwise the sample {@code tanh(mean + std * normals)}.
     */
    public static float[] squash(float[] out, int dim, double[] normals) {
        if (out.length < 2 * dim) {
            throw new IllegalArgumentException("expected mean and log-std, " + 2 * dim + " values, got " + out.length);
        }
        float[] a = new float[dim];
        for (int i = 0; i < dim; i++) {
            double u = out[i];
            if (normals != null) {
                double ls = Math.max(LOG_STD_MIN, Math.min(LOG_STD_MAX, out[dim + i]));
                u += Math.exp(ls) * normals[i];
            }
            a[i] = (float) Math.tanh(u);
        }
        return a;
    }
}
