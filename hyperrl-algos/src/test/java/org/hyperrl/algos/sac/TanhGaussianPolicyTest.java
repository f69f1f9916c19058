package org.hyperrl.algos.sac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameter;
import org.hyperrl.core.nn.Parameters;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TanhGaussianPolicyTest {

    /** A 1-D policy with a fixed mean and log-std, whatever the observation (weights 0, biases set). */
    private static Graph fixedPolicy(double mean, double logStd, SDVariable[] out) {
        Parameters ps = new Parameters(DataType.DOUBLE, 1);
        TanhGaussianPolicy p = new TanhGaussianPolicy(ps, "pi", "actor", 1, new int[]{4}, 1);
        for (Parameter par : p.parameters()) {
            par.value().assign(0);
        }
        ps.get("pi/fc1/b").value().putScalar(0, mean);
        ps.get("pi/fc1/b").value().putScalar(1, logStd);
        Graph g = new Graph(ps);
        TanhGaussianPolicy.Sample s = p.sample(g, g.input("obs", 1), g.input("eps", 1));
        out[0] = s.action();
        out[1] = s.logProb();
        return g;
    }

    @Test
    void logProbabilityMatchesAFiniteSampleDensityEstimate() {
        double mean = 0.3;
        double logStd = Math.log(0.8);
        SDVariable[] out = new SDVariable[2];
        Graph g = fixedPolicy(mean, logStd, out);
        // Monte Carlo: fraction of a = tanh(mean + std * eps) in [a0 - h, a0 + h], divided by 2h.
        SplittableRandom r = new SplittableRandom(3);
        int n = 400_000;
        double[] samples = new double[n];
        for (int i = 0; i < n; i++) {
            samples[i] = Math.tanh(mean + Math.exp(logStd) * r.nextGaussian());
        }
        for (double a0 : new double[]{-0.6, 0.0, 0.5, 0.9}) {
            double h = 0.01;
            long inside = java.util.Arrays.stream(samples).filter(a -> Math.abs(a - a0) <= h).count();
            double estimate = inside / (2 * h * n);
            double eps = (0.5 * Math.log((1 + a0) / (1 - a0)) - mean) / Math.exp(logStd);
            Map<String, INDArray> feeds = Map.of("obs", Nd4j.zeros(DataType.DOUBLE, 1, 1),
                    "eps", Nd4j.valueArrayOf(new long[]{1, 1}, eps));
            Map<String, INDArray> res = g.run(feeds, out[0], out[1]);
            assertEquals(a0, res.get(out[0].name()).getDouble(0), 1e-7);
            double density = Math.exp(res.get(out[1].name()).getDouble(0));
            // Binomial standard error of the estimate is below 2.5% at these points; tolerance 6%.
            assertEquals(density, estimate, 0.06 * density, "density at a = " + a0);
        }
    }

    @Test
    void logStdIsClampedAndExtremeActionsStayFinite() {
        SDVariable[] out = new SDVariable[2];
        Graph g = fixedPolicy(0.0, 10.0, out); // clamped to log-std 2
        Map<String, INDArray> res = g.run(Map.of("obs", Nd4j.zeros(DataType.DOUBLE, 1, 1),
                "eps", Nd4j.valueArrayOf(new long[]{1, 1}, 8.0)), out[0], out[1]);
        double u = Math.exp(2.0) * 8.0;
        double expected = -0.5 * 64 - 2.0 - 0.5 * Math.log(2 * Math.PI) - 2 * (Math.log(2) - u - Math.log1p(Math.exp(-2 * u)));
        assertEquals(expected, res.get(out[1].name()).getDouble(0), 1e-9);
        assertTrue(Double.isFinite(res.get(out[1].name()).getDouble(0)));
    }

    @Test
    void squashIsTanhOfTheMeanWhenDeterministic() {
        float[] out = {0.5f, -3f, 100f, 100f};
        float[] a = TanhGaussianPolicy.squash(out, 2, null);
        assertEquals(Math.tanh(0.5), a[0], 1e-6);
        assertEquals(Math.tanh(-3), a[1], 1e-6);
        float[] s = TanhGaussianPolicy.squash(out, 2, new double[]{1.0, 0.0});
        assertEquals(Math.tanh(0.5 + Math.exp(2.0)), s[0], 1e-6, "log-std clamped at 2");
    }
}
