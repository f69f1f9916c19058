package org.hyperrl.core.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.hyperrl.core.TestArrays;
import org.hyperrl.core.nn.Graph;
import org.hyperrl.core.nn.GradientCheck;
import org.hyperrl.core.nn.Parameters;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Distributions against Commons Math, closed forms, Monte-Carlo estimates and a hand example. */
class DistributionsTest {
    private static final DataType D = DataType.DOUBLE;

    private static Graph graph() {
        return new Graph(new Parameters(D, 0));
    }

    private static final INDArray MEAN = Nd4j.createFromArray(new double[][]{{0.3, -1.2}, {2.0, 0.0}, {-0.5, 0.7}});
    private static final INDArray LOG_STD = Nd4j.createFromArray(new double[][]{{0.0, -0.7}, {0.4, 1.1}, {-2.0, 0.2}});

    @Test
    void gaussianLogProbMatchesCommonsMath() {
        Graph g = graph();
        DiagGaussian p = new DiagGaussian(g.sd(), g.input("m", 2), g.input("ls", 2), 2);
        SDVariable lp = p.logProb(g.input("x", 2));
        INDArray x = TestArrays.normal(D, 1, 3, 2);
        INDArray out = g.run(Map.of("m", MEAN, "ls", LOG_STD, "x", x), lp);
        assertArrayEquals(new long[]{3, 1}, out.shape());
        for (int n = 0; n < 3; n++) {
            double expected = 0;
            for (int i = 0; i < 2; i++) {
                expected += new NormalDistribution(MEAN.getDouble(n, i), Math.exp(LOG_STD.getDouble(n, i)))
                        .logDensity(x.getDouble(n, i));
            }
            assertEquals(expected, out.getDouble(n, 0), 1e-12, "row " + n);
        }
    }

    @Test
    void gaussianEntropyIsClosedFormAndMatchesMonteCarlo() {
        int samples = 20_000;
        Graph g = graph();
        DiagGaussian p = new DiagGaussian(g.sd(), g.input("m", 2), g.input("ls", 2), 2);
        SDVariable eps = g.input("eps", 2);
        SDVariable h = p.entropy();
        SDVariable sampleLogProb = p.logProbOfSample(eps);
        SDVariable direct = p.logProb(p.sample(eps));
        // One distribution repeated: mean (0.3, -1.2), log-std (0, -0.7).
        INDArray m = Nd4j.ones(D, samples, 1).mmul(MEAN.getRow(0).reshape(1, 2));
        INDArray ls = Nd4j.ones(D, samples, 1).mmul(LOG_STD.getRow(0).reshape(1, 2));
        Map<String, INDArray> out = g.run(Map.of("m", m, "ls", ls, "eps", TestArrays.normal(D, 2, samples, 2)),
                h, sampleLogProb, direct);
        double closed = 0;
        for (int i = 0; i < 2; i++) {
            double sigma = Math.exp(LOG_STD.getDouble(0, i));
            closed += 0.5 * Math.log(2 * Math.PI * Math.E * sigma * sigma);
        }
        assertEquals(closed, out.get(h.name()).getDouble(0, 0), 1e-12);
        assertTrue(out.get(sampleLogProb.name()).equalsWithEps(out.get(direct.name()), 1e-10),
                "log-density from the noise equals the log-density of the sample");
        // -log p has variance dim/2 = 1 per sample: the mean of 20000 has standard error 0.007; allow 4 of them.
        double mc = -out.get(sampleLogProb.name()).meanNumber().doubleValue();
        assertEquals(closed, mc, 0.03, "Monte-Carlo entropy");
    }

    @Test
    void gaussianKlMatchesTheClosedFormAndIsZeroForItself() {
        Graph g = graph();
        DiagGaussian p = new DiagGaussian(g.sd(), g.input("m", 2), g.input("ls", 2), 2);
        DiagGaussian q = new DiagGaussian(g.sd(), g.input("m2", 2), g.input("ls2", 2), 2);
        SDVariable kl = p.kl(q);
        SDVariable self = p.kl(p);
        INDArray m2 = TestArrays.normal(D, 3, 3, 2);
        INDArray ls2 = TestArrays.normal(D, 4, 3, 2).mul(0.5);
        Map<String, INDArray> out = g.run(Map.of("m", MEAN, "ls", LOG_STD, "m2", m2, "ls2", ls2), kl, self);
        for (int n = 0; n < 3; n++) {
            double expected = 0;
            for (int i = 0; i < 2; i++) {
                double s1 = Math.exp(LOG_STD.getDouble(n, i));
                double s2 = Math.exp(ls2.getDouble(n, i));
                double d = MEAN.getDouble(n, i) - m2.getDouble(n, i);
                expected += Math.log(s2 / s1) + (s1 * s1 + d * d) / (2 * s2 * s2) - 0.5;
            }
            assertEquals(expected, out.get(kl.name()).getDouble(n, 0), 1e-12, "row " + n);
            assertEquals(0.0, out.get(self.name()).getDouble(n, 0), 1e-12);
        }
    }

    @Test
    void tanhGaussianLogProbIsTheChangeOfVariablesAndStaysFinite() {
        Graph g = graph();
        TanhGaussian p = TanhGaussian.fromMeanAndLogStd(g.sd(), g.input("out", 4), 2);
        TanhGaussian.Sample s = p.sample(g.input("eps", 2));
        SDVariable viaU = p.logProbOfPreSquash(s.preSquash());
        INDArray out = Nd4j.concat(1, MEAN, LOG_STD);
        out.putScalar(2, 0, 19.0);  // a mean where tanh rounds to 1 in double precision
        out.putScalar(1, 3, 5.0);   // log-std above the clamp
        INDArray eps = TestArrays.normal(D, 5, 3, 2);
        Map<String, INDArray> r = g.run(Map.of("out", out, "eps", eps), s.action(), s.logProb(), s.preSquash(), viaU);
        for (int n = 0; n < 3; n++) {
            double expected = 0;
            for (int i = 0; i < 2; i++) {
                double ls = Math.max(TanhGaussian.LOG_STD_MIN, Math.min(TanhGaussian.LOG_STD_MAX, out.getDouble(n, 2 + i)));
                double u = out.getDouble(n, i) + Math.exp(ls) * eps.getDouble(n, i);
                assertEquals(u, r.get(s.preSquash().name()).getDouble(n, i), 1e-12);
                assertEquals(Math.tanh(u), r.get(s.action().name()).getDouble(n, i), 1e-12);
                // log(1 - tanh(u)^2) = log(4) - 2|u| - 2 log(1 + exp(-2|u|)): exact and finite for large |u|.
                double logJacobian = Math.log(4) - 2 * Math.abs(u) - 2 * Math.log1p(Math.exp(-2 * Math.abs(u)));
                expected += new NormalDistribution(out.getDouble(n, i), Math.exp(ls)).logDensity(u) - logJacobian;
            }
            assertEquals(expected, r.get(s.logProb().name()).getDouble(n, 0), 1e-9, "row " + n);
            assertEquals(expected, r.get(viaU.name()).getDouble(n, 0), 1e-9, "row " + n);
        }
    }

    @Test
    void tanhGaussianKlIsThatOfTheUnderlyingGaussians() {
        Graph g = graph();
        TanhGaussian p = new TanhGaussian(g.sd(), g.input("m", 2), g.input("ls", 2), 2);
        TanhGaussian q = new TanhGaussian(g.sd(), g.input("m2", 2), g.input("ls2", 2), 2);
        SDVariable kl = p.kl(q);
        SDVariable gaussianKl = p.preSquash().kl(q.preSquash());
        SDVariable self = p.kl(p);
        Map<String, INDArray> r = g.run(Map.of("m", MEAN, "ls", LOG_STD, "m2", MEAN.add(0.5), "ls2", LOG_STD.mul(0.5)),
                kl, gaussianKl, self);
        assertEquals(r.get(gaussianKl.name()), r.get(kl.name()));
        assertTrue(r.get(kl.name()).minNumber().doubleValue() > 0);
        assertEquals(0.0, r.get(self.name()).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void categoricalHandExample() {
        Graph g = graph();
        Categorical p = new Categorical(g.sd(), g.input("logits", 3), 3);
        Categorical uniform = new Categorical(g.sd(), g.input("zeros", 3), 3);
        SDVariable lp = p.logProb(g.input("a", 3));
        SDVariable h = p.entropy();
        SDVariable kl = p.kl(uniform);
        SDVariable self = p.kl(p);
        // p = (1/6, 2/6, 3/6) from logits log(1), log(2), log(3) shifted by 7 (softmax ignores the shift).
        INDArray logits = Nd4j.createFromArray(new double[][]{{7 + Math.log(1), 7 + Math.log(2), 7 + Math.log(3)}});
        Map<String, INDArray> r = g.run(Map.of("logits", logits, "zeros", Nd4j.zeros(D, 1, 3),
                "a", Nd4j.createFromArray(new double[][]{{0, 0, 1}})), lp, h, kl, self);
        double[] p0 = {1 / 6.0, 2 / 6.0, 3 / 6.0};
        double entropy = 0;
        double klUniform = 0;
        for (double v : p0) {
            entropy -= v * Math.log(v);
            klUniform += v * Math.log(v * 3);
        }
        assertEquals(Math.log(0.5), r.get(lp.name()).getDouble(0, 0), 1e-12);
        assertEquals(entropy, r.get(h.name()).getDouble(0, 0), 1e-12);
        assertEquals(klUniform, r.get(kl.name()).getDouble(0, 0), 1e-12);
        assertEquals(0.0, r.get(self.name()).getDouble(0, 0), 1e-12);

        float[] f = {(float) Math.log(1), (float) Math.log(2), (float) Math.log(3)};
        assertArrayEquals(p0, Categorical.probabilities(f), 1e-7);
        assertEquals(0, Categorical.sample(f, 0.1));
        assertEquals(1, Categorical.sample(f, 0.2));
        assertEquals(2, Categorical.sample(f, 0.51));
        assertEquals(2, Categorical.argmax(f));
        assertThrows(IllegalArgumentException.class, () -> Categorical.sample(f, 1.0));
    }

    @Test
    void plainJavaSamplesAndModes() {
        float[] g = DiagGaussian.sample(new float[]{1f, -2f}, new float[]{0f, (float) Math.log(3)}, new double[]{0.5, -1});
        assertEquals(1.5f, g[0], 1e-6);
        assertEquals(-5f, g[1], 1e-5);
        float[] out = {0.5f, -3f, 0f, 9f};
        float[] mode = TanhGaussian.squash(out, 2, null);
        assertEquals(Math.tanh(0.5), mode[0], 1e-6);
        assertEquals(Math.tanh(-3), mode[1], 1e-6);
        float[] s = TanhGaussian.squash(out, 2, new double[]{0.1, 0.1});
        assertEquals(Math.tanh(0.5 + 0.1), s[0], 1e-6);
        assertEquals(Math.tanh(-3 + Math.exp(TanhGaussian.LOG_STD_MAX) * 0.1), s[1], 1e-6, "log-std clamped at 2");
    }

    @Test
    void gradientsOfLogProbEntropyAndKlMatchFiniteDifferences() {
        Parameters ps = new Parameters(D, 1);
        ps.add("mean", "p", new long[]{3, 2}, TestArrays.normal(D, 6, 3, 2).data().asDouble());
        ps.add("logStd", "p", new long[]{3, 2}, TestArrays.normal(D, 7, 3, 2).mul(0.3).data().asDouble());
        ps.add("logits", "p", new long[]{3, 4}, TestArrays.normal(D, 8, 3, 4).data().asDouble());
        Graph g = new Graph(ps);
        DiagGaussian p = new DiagGaussian(g.sd(), g.bind(ps.get("mean")), g.bind(ps.get("logStd")), 2);
        DiagGaussian q = new DiagGaussian(g.sd(), g.input("m2", 2), g.input("ls2", 2), 2);
        TanhGaussian t = new TanhGaussian(g.sd(), g.bind(ps.get("mean")), g.bind(ps.get("logStd")), 2);
        Categorical c = new Categorical(g.sd(), g.bind(ps.get("logits")), 4);
        Categorical c2 = new Categorical(g.sd(), g.input("logits2", 4), 4);
        SDVariable loss = p.logProb(g.input("x", 2)).add(p.entropy()).add(p.kl(q)).add(q.kl(p))
                .add(t.sample(g.input("eps", 2)).logProb())
                .add(c.logProb(g.input("a", 4))).add(c.entropy()).add(c.kl(c2)).add(c2.kl(c));
        g.setLoss(loss.sum());
        INDArray oneHot = Nd4j.createFromArray(new double[][]{{1, 0, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}});
        GradientCheck.Result r = GradientCheck.check(g, Map.of("x", TestArrays.normal(D, 9, 3, 2),
                "m2", TestArrays.normal(D, 10, 3, 2), "ls2", TestArrays.normal(D, 11, 3, 2).mul(0.3),
                "eps", TestArrays.normal(D, 12, 3, 2), "a", oneHot, "logits2", TestArrays.normal(D, 13, 3, 4)),
                1e-6, 12, 1e-4, 1);
        assertTrue(r.maxRelError() < 1e-5, "max relative error " + r.maxRelError() + " at " + r.worst());
    }
}
