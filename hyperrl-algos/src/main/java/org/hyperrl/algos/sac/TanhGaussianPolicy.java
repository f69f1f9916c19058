package org.hyperrl.algos.sac;

import java.util.List;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.FastMlp;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SAC's squashed Gaussian policy: an MLP outputs the mean and log standard deviation (clamped to [-20, 2]) of
 * {@code u ~ N(mean, std)}; the action is {@code a = tanh(u)}, with log-density
 * {@code log N(u; mean, std) - sum log(1 - tanh(u)^2)}, where {@code log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u))}
 * is used for numerical stability. Reparameterised with externally drawn {@code eps ~ N(0, I)}.
 */
public final class TanhGaussianPolicy {
    /** Bounds of the log standard deviation. */
    public static final double LOG_STD_MIN = -20;
    public static final double LOG_STD_MAX = 2;
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final Mlp net;
    private final int actDim;
    private final int obsDim;

    public TanhGaussianPolicy(Parameters ps, String scope, String group, int obsDim, int[] hidden, int actDim) {
        this.net = new Mlp(ps, scope, group, obsDim, hidden, 2 * actDim, Activation.RELU, Activation.IDENTITY,
                LayerInits.XAVIER_UNIFORM, 1.0);
        this.actDim = actDim;
        this.obsDim = obsDim;
    }

    /**
     * Graph outputs of one sample.
     *
     * @param action squashed action {@code [batch, A]} in (-1, 1)
     * @param logProb log-density of the action {@code [batch, 1]}
     * @param mean   pre-squash mean {@code [batch, A]}
     */
    public record Sample(SDVariable action, SDVariable logProb, SDVariable mean) {
    }

    /** Samples {@code a = tanh(mean + std * eps)} with its log-probability. */
    public Sample sample(Graph g, SDVariable obs, SDVariable eps) {
        SameDiff sd = g.sd();
        SDVariable out = net.apply(g, obs);
        // Columns are selected with constant 0/1 matrices (one product each) instead of strided slices.
        SDVariable mean = out.mmul(sd.constant(selection(g.dataType(), 0)));
        SDVariable logStd = sd.math().clipByValue(out.mmul(sd.constant(selection(g.dataType(), actDim))),
                LOG_STD_MIN, LOG_STD_MAX);
        SDVariable u = mean.add(sd.math().exp(logStd).mul(eps));
        SDVariable gaussian = eps.mul(eps).mul(-0.5).sub(logStd).sub(LOG_SQRT_2PI);
        SDVariable squashCorrection = sd.nn().softplus(u.mul(-2.0)).add(u).rsub(Math.log(2.0)).mul(2.0);
        // Row sums as a product with a ones column: SameDiff M2.1's keep-dims reduction along one axis failed
        // (null input) in these graphs for batches of more than one row.
        SDVariable logProb = gaussian.sub(squashCorrection).mmul(sd.constant(Nd4j.ones(g.dataType(), actDim, 1)));
        return new Sample(sd.math().tanh(u), logProb, mean);
    }

    /** {@code [2A, A]} matrix picking columns {@code offset .. offset + A - 1}. */
    private INDArray selection(DataType type, int offset) {
        INDArray m = Nd4j.zeros(type, 2L * actDim, actDim);
        for (int i = 0; i < actDim; i++) {
            m.putScalar(offset + i, i, 1.0);
        }
        return m;
    }

    /** A plain-Java copy for acting; its output is {@code [mean, logStd]} before clamping. */
    public FastMlp fast() {
        return new FastMlp(net, Activation.RELU, Activation.IDENTITY);
    }

    /** Squashes a fast forward output: deterministic {@code tanh(mean)} or a sample with the given normals. */
    public static float[] squash(float[] out, int actDim, double[] normals) {
        float[] a = new float[actDim];
        for (int i = 0; i < actDim; i++) {
            double u = out[i];
            if (normals != null) {
                double ls = Math.max(LOG_STD_MIN, Math.min(LOG_STD_MAX, out[actDim + i]));
                u += Math.exp(ls) * normals[i];
            }
            a[i] = (float) Math.tanh(u);
        }
        return a;
    }

    public List<Parameter> parameters() {
        return net.parameters();
    }

    public int observationDim() {
        return obsDim;
    }

    public int actionDim() {
        return actDim;
    }
}
