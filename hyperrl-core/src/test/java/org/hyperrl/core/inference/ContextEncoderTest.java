package org.hyperrl.core.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.hyperrl.core.nn.GradientCheck;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.Parameters;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ContextEncoderTest {
    private static final int IN = 4;
    private static final int LATENT = 3;

    private static float[][] transitions(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] x = new float[n][IN];
        for (float[] row : x) {
            for (int i = 0; i < IN; i++) {
                row[i] = (float) rng.nextDouble(-2, 2);
            }
        }
        return x;
    }

    /** Task 0 holds transitions 0-1, task 1 transitions 2-6: the membership matrix of unequal contexts. */
    private static INDArray unequalGroups() {
        double[][] m = new double[2][7];
        m[0][0] = m[0][1] = 1;
        for (int j = 2; j < 7; j++) {
            m[1][j] = 1;
        }
        return Nd4j.createFromArray(m);
    }

    private static INDArray matrix(float[][] rows) {
        double[][] d = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            d[i] = new double[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                d[i][j] = rows[i][j];
            }
        }
        return Nd4j.createFromArray(d);
    }

    @Test
    void posteriorIsTheProductOfTheFactorsInClosedForm() {
        Parameters ps = new Parameters(DataType.DOUBLE, 3);
        ContextEncoder enc = new ContextEncoder(ps, "enc", "enc", IN, new int[]{8, 8}, LATENT);
        float[][] x = transitions(7, 1);
        Graph g = new Graph(ps, p -> false).checkInputs(false);
        ContextEncoder.Posterior post = enc.posterior(g, g.input("c", IN), g.input("groups", 7));
        Map<String, INDArray> out = g.run(Map.of("c", matrix(x), "groups", unequalGroups()), post.mean(), post.variance());
        INDArray mean = out.get(post.mean().name());
        INDArray variance = out.get(post.variance().name());

        // two factors: var = v1 v2 / (v1 + v2), mean = (m1 v2 + m2 v1) / (v1 + v2)
        double[][] f1 = enc.factor(x[0]);
        double[][] f2 = enc.factor(x[1]);
        for (int i = 0; i < LATENT; i++) {
            double v1 = f1[1][i];
            double v2 = f2[1][i];
            assertEquals(v1 * v2 / (v1 + v2), variance.getDouble(0, i), 1e-5 * variance.getDouble(0, i));
            assertEquals((f1[0][i] * v2 + f2[0][i] * v1) / (v1 + v2), mean.getDouble(0, i), 1e-5);
        }
        // many factors: combine pairwise, one factor at a time (the product is associative)
        double[] m = enc.factor(x[2])[0].clone();
        double[] v = enc.factor(x[2])[1].clone();
        for (int j = 3; j < 7; j++) {
            double[][] f = enc.factor(x[j]);
            for (int i = 0; i < LATENT; i++) {
                double nv = v[i] * f[1][i] / (v[i] + f[1][i]);
                m[i] = (m[i] * f[1][i] + f[0][i] * v[i]) / (v[i] + f[1][i]);
                v[i] = nv;
            }
        }
        ContextEncoder.Belief belief = enc.newBelief();
        for (int j = 2; j < 7; j++) {
            belief.add(x[j]);
        }
        for (int i = 0; i < LATENT; i++) {
            assertEquals(v[i], variance.getDouble(1, i), 1e-5 * v[i]);
            assertEquals(m[i], mean.getDouble(1, i), 1e-5);
            assertEquals(v[i], belief.variance()[i], 1e-9 * v[i]);
            assertEquals(m[i], belief.mean()[i], 1e-9);
        }
        assertEquals(5, belief.count());
    }

    @Test
    void anEmptyBeliefIsTheStandardNormalPrior() {
        ContextEncoder enc = new ContextEncoder(new Parameters(DataType.FLOAT, 3), "enc", "enc", IN, new int[]{8}, LATENT);
        ContextEncoder.Belief belief = enc.newBelief();
        belief.add(transitions(1, 2)[0]);
        belief.clear();
        assertArrayEquals(new double[LATENT], belief.mean());
        assertArrayEquals(new double[]{1, 1, 1}, belief.variance());
        // 20000 draws: the sample mean is within 4 standard errors (0.028) of 0 and the variance within 0.06 of 1
        SplittableRandom rng = new SplittableRandom(5);
        double sum = 0;
        double sq = 0;
        int n = 20000;
        for (int k = 0; k < n; k++) {
            float z = belief.sample(rng)[1];
            sum += z;
            sq += z * z;
        }
        assertEquals(0, sum / n, 0.028);
        assertEquals(1, sq / n - (sum / n) * (sum / n), 0.06);
    }

    @Test
    void klToThePriorMatchesAHandComputation() {
        Graph g = new Graph(new Parameters(DataType.DOUBLE, 0), p -> false).checkInputs(false);
        SDVariable mu = g.input("mu", 2);
        SDVariable var = g.input("var", 2);
        SDVariable kl = ContextEncoder.klToPrior(g.sd(), new ContextEncoder.Posterior(mu, var));
        double[][] m = {{0.5, -1.0}, {0.0, 2.0}};
        double[][] v = {{0.25, 1.0}, {2.0, 0.1}};
        double expected = 0;
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 2; i++) {
                expected += 0.5 * (v[t][i] + m[t][i] * m[t][i] - 1 - Math.log(v[t][i]));
            }
        }
        double got = g.run(Map.of("mu", Nd4j.createFromArray(m), "var", Nd4j.createFromArray(v)), kl).getDouble(0);
        assertEquals(expected, got, 1e-12);
        assertEquals(0.5 * (0.25 + 0.25 - 1 - Math.log(0.25)) + 0.5 * (0.1 + 4 - 1 - Math.log(0.1)) + 0.5 * 1
                + 0.5 * (2 - 1 - Math.log(2)), got, 1e-12);
    }

    @Test
    void reparameterisedSampleAndKlPassAFiniteDifferenceCheck() {
        Parameters ps = new Parameters(DataType.DOUBLE, 9);
        ContextEncoder enc = new ContextEncoder(ps, "enc", "enc", IN, new int[]{6, 6}, LATENT);
        Graph g = new Graph(ps, p -> true).checkInputs(false);
        ContextEncoder.Posterior post = enc.posterior(g, g.input("c", IN), g.input("groups", 7));
        SDVariable z = ContextEncoder.sample(g.sd(), post, g.input("eps", LATENT));
        SDVariable w = g.input("w", LATENT);
        g.setLoss(z.mul(z).mul(w).sum().add(ContextEncoder.klToPrior(g.sd(), post).mul(0.1)));
        double[][] eps = {{0.3, -1.2, 0.7}, {1.5, 0.2, -0.4}};
        double[][] weights = {{1.0, -0.5, 2.0}, {0.3, 1.1, -0.7}};
        GradientCheck.Result r = GradientCheck.check(g, Map.of("c", matrix(transitions(7, 4)), "groups",
                unequalGroups(), "eps", Nd4j.createFromArray(eps), "w", Nd4j.createFromArray(weights)),
                1e-6, 12, 1e-6, 7);
        assertTrue(r.checked() > 40);
        assertTrue(r.maxRelError() < 1e-5, "max relative error " + r.maxRelError() + " at " + r.worst());
    }
}
