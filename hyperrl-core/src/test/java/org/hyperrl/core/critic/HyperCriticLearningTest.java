package org.hyperrl.core.critic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.optim.AdamOptimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** An SA-Hyper critic learns a synthetic state-dependent Q-function from fresh minibatches. */
class HyperCriticLearningTest {

    /** Q(s, a) = -|a - tanh(s M)|^2 + sum(s)/S: the best action depends on the state, as in RL. */
    static double[] q(double[][] s, double[][] a, double[][] m) {
        double[] out = new double[s.length];
        for (int n = 0; n < s.length; n++) {
            double v = 0;
            for (int j = 0; j < a[n].length; j++) {
                double opt = 0;
                for (int i = 0; i < s[n].length; i++) {
                    opt += s[n][i] * m[i][j];
                }
                double d = a[n][j] - Math.tanh(opt);
                v -= d * d;
            }
            double sum = 0;
            for (double x : s[n]) {
                sum += x;
            }
            out[n] = v + sum / s[n].length;
        }
        return out;
    }

    @Test
    void saHyperFitsASyntheticQFunctionFarBetterThanTheMean() {
        int sDim = 6;
        int aDim = 2;
        SplittableRandom r = new SplittableRandom(5);
        double[][] m = new double[sDim][aDim];
        for (double[] row : m) {
            for (int j = 0; j < aDim; j++) {
                row[j] = r.nextGaussian();
            }
        }
        Parameters ps = new Parameters(DataType.FLOAT, 3);
        QNetwork critic = Critics.create(CriticType.SA_HYPER, ps, "q", "critic", sDim, aDim,
                CriticConfig.small().withPrimary(CriticConfig.paper().primary().withWidths(1, 64, 64)));
        Graph g = new Graph(ps);
        SDVariable err = critic.q(g, g.input("s", sDim), g.input("a", aDim)).sub(g.input("y", 1));
        g.setLoss(err.mul(err).mean());
        AdamOptimizer adam = new AdamOptimizer(critic.parameters(), 1e-3, 0);
        int steps = 600;
        for (int t = 0; t < steps; t++) {
            adam.minimise(g, batch(r, m, 64));
        }
        // Held-out evaluation: MSE of the critic vs the variance of the targets (the MSE of predicting the mean).
        Map<String, INDArray> test = batch(new SplittableRandom(99), m, 1000);
        INDArray y = test.get("y");
        double variance = y.varNumber().doubleValue();
        double mse = g.run(test, g.loss()).getDouble(0);
        assertTrue(mse < 0.1 * variance, "held-out MSE " + mse + " vs target variance " + variance
                + " after " + steps + " steps");
    }

    private static Map<String, INDArray> batch(SplittableRandom r, double[][] m, int n) {
        double[][] s = new double[n][m.length];
        double[][] a = new double[n][m[0].length];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < s[k].length; i++) {
                s[k][i] = r.nextGaussian();
            }
            for (int j = 0; j < a[k].length; j++) {
                a[k][j] = 2 * r.nextDouble() - 1;
            }
        }
        double[] y = q(s, a, m);
        return Map.of("s", Nd4j.create(s).castTo(DataType.FLOAT), "a", Nd4j.create(a).castTo(DataType.FLOAT),
                "y", Nd4j.create(y, new long[]{n, 1}, 'c').castTo(DataType.FLOAT));
    }
}
