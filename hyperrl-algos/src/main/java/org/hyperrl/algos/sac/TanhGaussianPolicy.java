package org.hyperrl.algos.sac;

import java.util.List;
import org.hyperrl.core.dist.TanhGaussian;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.FastMlp;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * SAC's squashed Gaussian policy: an MLP outputs the mean and log standard deviation of a {@link TanhGaussian}
 * (log-std clamped to [-20, 2], action {@code a = tanh(u)}, stable squash correction). Reparameterised with externally
 * drawn {@code eps ~ N(0, I)}.
 */
public final class TanhGaussianPolicy {
    /** Bounds of the log standard deviation. */
    public static final double LOG_STD_MIN = TanhGaussian.LOG_STD_MIN;
    public static final double LOG_STD_MAX = TanhGaussian.LOG_STD_MAX;

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
        TanhGaussian dist = TanhGaussian.fromMeanAndLogStd(g.sd(), net.apply(g, obs), actDim);
        TanhGaussian.Sample s = dist.sample(eps);
        return new Sample(s.action(), s.logProb(), dist.mean());
    }

    /** A plain-Java copy for acting; its output is {@code [mean, logStd]} before clamping. */
    public FastMlp fast() {
        return new FastMlp(net, Activation.RELU, Activation.IDENTITY);
    }

    /** Squashes a fast forward output: deterministic {@code tanh(mean)} or a sample ({@link TanhGaussian#squash}). */
    public static float[] squash(float[] out, int actDim, double[] normals) {
        return TanhGaussian.squash(out, actDim, normals);
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
