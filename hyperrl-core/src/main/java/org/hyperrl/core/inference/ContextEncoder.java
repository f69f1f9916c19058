package org.hyperrl.core.inference;

import java.util.List;
import java.util.random.RandomGenerator;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.FastMlp;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Mlp;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.nn.SdOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * PEARL's probabilistic context encoder (Rakelly et al. 2019): an MLP maps every transition {@code c_n} of a task's
 * context (state, action, reward and optionally next state) to a Gaussian factor {@code N(mu_n, sigma_n^2)} over the
 * latent task {@code z}; the posterior is the normalised product of the factors,
 * <pre>
 *   sigma^2 = 1 / sum_n (1 / sigma_n^2),    mu = sigma^2 * sum_n (mu_n / sigma_n^2),
 * </pre>
 * where {@code sigma_n^2 = softplus(raw)} floored at {@link #MIN_VARIANCE}. With no transitions the belief is the prior
 * {@code N(0, I)}. A sample is reparameterised, {@code z = mu + sigma * eps}, and the information bottleneck is
 * {@code KL(N(mu, sigma^2) || N(0, I))}.
 *
 * <p>In a graph, the context of several tasks is one matrix of transitions with a {@code [tasks, transitions]}
 * membership matrix ({@link #groups}), so the sums over each task's factors are one product and tasks may hold different
 * numbers of transitions. While acting, {@link Belief} keeps the two sums of a growing context in plain Java.
 */
public final class ContextEncoder {
    /** Floor of every factor's variance (as the reference code). */
    public static final double MIN_VARIANCE = 1e-7;

    private final Mlp net;
    private final int inputDim;
    private final int latentDim;
    private final FastMlp fast;

    /**
     * @param inputDim  width of one transition's encoding
     * @param hidden    hidden widths (PEARL: 200, 200, 200; ReLU)
     * @param latentDim latent task dimension (PEARL: 5)
     */
    public ContextEncoder(Parameters ps, String scope, String group, int inputDim, int[] hidden, int latentDim) {
        if (inputDim < 1 || latentDim < 1) {
            throw new IllegalArgumentException("context encoder needs input and latent sizes >= 1, got " + inputDim
                    + " and " + latentDim);
        }
        this.net = new Mlp(ps, scope, group, inputDim, hidden, 2 * latentDim, Activation.RELU, Activation.IDENTITY,
                LayerInits.TORCH_DEFAULT, 1.0);
        this.inputDim = inputDim;
        this.latentDim = latentDim;
        this.fast = new FastMlp(net, Activation.RELU, Activation.IDENTITY);
    }

    /** A Gaussian over {@code z} per task, as graph variables {@code [tasks, latent]}. */
    public record Posterior(SDVariable mean, SDVariable variance) {
    }

    /**
     * The posterior of every task from its transitions.
     *
     * @param context transitions {@code [n, inputDim]}
     * @param groups  membership {@code [tasks, n]}: 1 where transition {@code j} belongs to task {@code i}, else 0
     *                (every task needs at least one transition)
     */
    public Posterior posterior(Graph g, SDVariable context, SDVariable groups) {
        SameDiff sd = g.sd();
        SDVariable out = net.apply(g, context);
        SDVariable mu = SdOps.columns(sd, out, 2 * latentDim, 0, latentDim);
        SDVariable raw = SdOps.columns(sd, out, 2 * latentDim, latentDim, latentDim);
        SDVariable variance = sd.math().clipByValue(sd.nn().softplus(raw), MIN_VARIANCE, Double.MAX_VALUE);
        SDVariable precision = sd.math().reciprocal(variance);
        SDVariable postVariance = sd.math().reciprocal(groups.mmul(precision));
        SDVariable postMean = postVariance.mul(groups.mmul(mu.mul(precision)));
        return new Posterior(postMean, postVariance);
    }

    /** The reparameterised sample {@code mu + sqrt(sigma^2) * eps} for standard normal {@code eps [tasks, latent]}. */
    public static SDVariable sample(SameDiff sd, Posterior p, SDVariable eps) {
        return p.mean().add(sd.math().sqrt(p.variance()).mul(eps));
    }

    /** {@code KL(N(mu, sigma^2) || N(0, I))} summed over latent dimensions and tasks (a scalar), as PEARL's loss. */
    public static SDVariable klToPrior(SameDiff sd, Posterior p) {
        SDVariable v = p.variance();
        SDVariable perDim = v.add(p.mean().mul(p.mean())).sub(1.0).sub(sd.math().log(v)).mul(0.5);
        return perDim.sum();
    }

    /** The membership matrix {@code [tasks, tasks * perTask]} of equally sized, consecutive task contexts. */
    public static float[] groups(int tasks, int perTask) {
        float[] m = new float[tasks * tasks * perTask];
        for (int t = 0; t < tasks; t++) {
            for (int j = 0; j < perTask; j++) {
                m[t * tasks * perTask + t * perTask + j] = 1f;
            }
        }
        return m;
    }

    /**
     * A task's belief while acting: the prior, updated by adding transitions one at a time (the product of Gaussians is
     * two running sums). Reads the encoder's weights through the plain-Java copy ({@link #refresh} after updates).
     */
    public final class Belief {
        private final double[] precisionSum = new double[latentDim];
        private final double[] weightedMeanSum = new double[latentDim];
        private int count;

        /** Adds one transition's factor. */
        public void add(float[] transition) {
            double[][] f = factor(transition);
            for (int i = 0; i < latentDim; i++) {
                precisionSum[i] += 1 / f[1][i];
                weightedMeanSum[i] += f[0][i] / f[1][i];
            }
            count++;
        }

        /** Forgets every transition (back to the prior). */
        public void clear() {
            java.util.Arrays.fill(precisionSum, 0);
            java.util.Arrays.fill(weightedMeanSum, 0);
            count = 0;
        }

        /** Transitions added since the last clear. */
        public int count() {
            return count;
        }

        /** The posterior mean (0 for the prior). */
        public double[] mean() {
            double[] m = new double[latentDim];
            if (count > 0) {
                for (int i = 0; i < latentDim; i++) {
                    m[i] = weightedMeanSum[i] / precisionSum[i];
                }
            }
            return m;
        }

        /** The posterior variance (1 for the prior). */
        public double[] variance() {
            double[] v = new double[latentDim];
            for (int i = 0; i < latentDim; i++) {
                v[i] = count > 0 ? 1 / precisionSum[i] : 1;
            }
            return v;
        }

        /** A sample {@code z ~ N(mean, variance)} drawing one normal per dimension from {@code rng}. */
        public float[] sample(RandomGenerator rng) {
            double[] m = mean();
            double[] v = variance();
            float[] z = new float[latentDim];
            for (int i = 0; i < latentDim; i++) {
                z[i] = (float) (m[i] + Math.sqrt(v[i]) * rng.nextGaussian());
            }
            return z;
        }
    }

    /**
     * One transition's Gaussian factor: {@code [mean (latent), variance (latent)]}, computed with the acting copy of the
     * weights.
     */
    public double[][] factor(float[] transition) {
        if (transition.length != inputDim) {
            throw new IllegalArgumentException("context transition has " + transition.length + " values, the "
                    + "encoder expects " + inputDim);
        }
        float[] out = fast.forward(transition);
        double[] mean = new double[latentDim];
        double[] variance = new double[latentDim];
        for (int i = 0; i < latentDim; i++) {
            mean[i] = out[i];
            variance[i] = Math.max(MIN_VARIANCE, softplus(out[latentDim + i]));
        }
        return new double[][]{mean, variance};
    }

    /** A new belief at the prior. */
    public Belief newBelief() {
        return new Belief();
    }

    private static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    /** Re-reads the weights into the acting copy after they changed. */
    public void refresh() {
        fast.refresh();
    }

    public int inputDim() {
        return inputDim;
    }

    public int latentDim() {
        return latentDim;
    }

    public List<Parameter> parameters() {
        return net.parameters();
    }
}
