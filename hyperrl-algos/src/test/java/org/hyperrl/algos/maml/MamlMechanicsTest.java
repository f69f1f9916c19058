package org.hyperrl.algos.maml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.hyperrl.algos.api.Configs;
import org.hyperrl.algos.api.EnvFactory;
import org.hyperrl.algos.api.TrainingContext;
import org.hyperrl.core.hyper.PrimaryNetwork;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.BaseNetworkSpec;
import org.hyperrl.core.nn.Parameters;
import org.hyperrl.core.secondorder.GaussianObjective;
import org.hyperrl.core.secondorder.SecondOrderGaussianPolicy;
import org.hyperrl.core.secondorder.SecondOrderHypernetwork;
import org.hyperrl.core.secondorder.SecondOrderMlp;
import org.hyperrl.core.secondorder.SecondOrderNetwork;
import org.hyperrl.envs.Box;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MAML-TRPO's mechanics in double precision on small networks: the exact meta-gradient and Fisher-vector products
 * against finite differences, first-order MAML's missing Hessian term, conjugate gradient, the line search's
 * rejections, the linear feature baseline, GAE, the multi-task objective as plain TRPO, and bad input.
 */
class MamlMechanicsTest {
    private static final int OBS = 2;
    private static final int TASK = 2;
    private static final int ACT = 2;
    private static final double LR = 0.3;

    static SecondOrderGaussianPolicy policy(String kind, long seed) {
        Parameters ps = new Parameters(DataType.DOUBLE, seed);
        SecondOrderNetwork net = switch (kind) {
            case "mlp", "context" -> new SecondOrderMlp(ps, "policy", "policy", OBS, kind.equals("context") ? TASK : 0,
                    new int[]{6, 5}, ACT, Activation.TANH, LayerInits.XAVIER_UNIFORM, 1.0);
            case "hyper" -> new SecondOrderHypernetwork(ps, "policy", "policy", TASK,
                    PrimaryNetwork.Config.paper().withWidths(1, 5, 6),
                    BaseNetworkSpec.mlp(OBS, new int[]{5}, ACT, Activation.RELU, Activation.IDENTITY, true,
                            LayerInits.KAIMING_UNIFORM, LayerInits.KAIMING_UNIFORM, 1.0),
                    HyperInits.sarafian(0.4, 0.3));
            default -> throw new IllegalArgumentException(kind);
        };
        return new SecondOrderGaussianPolicy(ps, "policy", "policy", net, 0.7, 1e-6);
    }

    static INDArray random(Random r, double scale, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, scale * r.nextGaussian());
        }
        return a;
    }

    static SecondOrderGaussianPolicy.Batch batch(Random r, int n, INDArray task) {
        INDArray w = Nd4j.create(DataType.DOUBLE, n, 1).assign(1.0 / n);
        return new SecondOrderGaussianPolicy.Batch(random(r, 1, n, OBS), random(r, 1, n, ACT), w, task);
    }

    static List<MetaObjective.TaskData> tasks(Random r, boolean withTask, int count) {
        List<MetaObjective.TaskData> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            INDArray task = withTask ? random(r, 1, 1, TASK) : null;
            out.add(new MetaObjective.TaskData(batch(r, 9, task), random(r, 1, 9, 1), batch(r, 8, task),
                    random(r, 1, 8, 1)));
        }
        return out;
    }

    static double relError(INDArray actual, INDArray expected) {
        return actual.sub(expected).amaxNumber().doubleValue() / Math.max(1e-12, expected.amaxNumber().doubleValue());
    }

    static INDArray perturbed(SecondOrderGaussianPolicy pi, Random r) {
        INDArray theta = pi.flat().get();
        return theta.addi(random(r, 0.05, theta.length()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "context", "hyper"})
    void metaGradientEqualsFiniteDifferencesOfThePostAdaptationObjective(String kind) {
        Random r = new Random(1);
        SecondOrderGaussianPolicy pi = policy(kind, 2);
        INDArray theta0 = perturbed(pi, r);
        List<MetaObjective.TaskData> data = tasks(r, !kind.equals("mlp"), 3);
        MetaObjective exact = new MetaObjective(pi, MetaObjective.Adaptation.EXACT, LR, data, theta0);
        MetaObjective firstOrder = new MetaObjective(pi, MetaObjective.Adaptation.FIRST_ORDER, LR, data, theta0);
        INDArray theta = theta0.add(random(r, 0.02, theta0.length()));
        INDArray fd = Nd4j.create(DataType.DOUBLE, theta.length());
        double h = 1e-6;
        for (long k = 0; k < theta.length(); k++) {
            INDArray p = theta.dup();
            p.putScalar(k, p.getDouble(k) + h);
            INDArray m = theta.dup();
            m.putScalar(k, m.getDouble(k) - h);
            fd.putScalar(k, (exact.lossAndKl(p)[0] - exact.lossAndKl(m)[0]) / (2 * h));
        }
        double err = relError(exact.gradient(theta), fd);
        assertTrue(err < 1e-6, kind + ": exact meta-gradient vs finite differences, relative error " + err);
        double foErr = relError(firstOrder.gradient(theta), fd);
        assertTrue(foErr > 1e-3, kind + ": first-order MAML should miss the Hessian term, relative error " + foErr);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "context", "hyper"})
    void fisherVectorProductEqualsFiniteDifferencesOfTheKlGradient(String kind) {
        Random r = new Random(3);
        SecondOrderGaussianPolicy pi = policy(kind, 4);
        INDArray theta0 = perturbed(pi, r);
        MetaObjective obj = new MetaObjective(pi, MetaObjective.Adaptation.EXACT, LR, tasks(r, !kind.equals("mlp"), 2),
                theta0);
        assertEquals(0.0, obj.lossAndKl(theta0)[1], 1e-15, "the KL vanishes where the old policy was fixed");
        // the KL gradient itself against finite differences of the KL, away from theta0
        INDArray theta1 = theta0.add(random(r, 0.05, theta0.length()));
        INDArray fdKl = Nd4j.create(DataType.DOUBLE, theta1.length());
        double h = 1e-6;
        for (long k = 0; k < theta1.length(); k++) {
            INDArray p = theta1.dup();
            p.putScalar(k, p.getDouble(k) + h);
            INDArray m = theta1.dup();
            m.putScalar(k, m.getDouble(k) - h);
            fdKl.putScalar(k, (obj.lossAndKl(p)[1] - obj.lossAndKl(m)[1]) / (2 * h));
        }
        double gErr = relError(obj.klGradient(theta1), fdKl);
        assertTrue(gErr < 1e-6, kind + ": KL gradient vs finite differences, relative error " + gErr);
        // the Fisher-vector product at theta0 against finite differences of the KL gradient
        INDArray v = random(r, 1, theta0.length());
        double e = 1e-5;
        INDArray fd = obj.klGradient(theta0.add(v.mul(e))).sub(obj.klGradient(theta0.sub(v.mul(e)))).divi(2 * e);
        INDArray fv = obj.fisherVector(theta0, v);
        double err = relError(fv, fd);
        assertTrue(err < 1e-6, kind + ": Fisher-vector product vs finite differences, relative error " + err);
        // and the bilinear form u'Fv against second differences of the KL value alone
        INDArray u = random(r, 1, theta0.length());
        double s = 1e-4;
        java.util.function.BiFunction<Double, Double, Double> kl = (a, b) ->
                obj.lossAndKl(theta0.add(u.mul(a)).addi(v.mul(b)))[1];
        double second = (kl.apply(s, s) - kl.apply(s, -s) - kl.apply(-s, s) + kl.apply(-s, -s)) / (4 * s * s);
        double bilinear = u.mul(fv).sumNumber().doubleValue();
        assertEquals(second, bilinear, 1e-5 * Math.max(1, Math.abs(second)), kind + ": u'Fv");
    }

    @Test
    void perTaskTermsOnAThreadPoolGiveBitwiseTheSameResults() throws Exception {
        Random r = new Random(13);
        SecondOrderGaussianPolicy pi = policy("context", 14);
        INDArray theta = perturbed(pi, r);
        List<MetaObjective.TaskData> data = tasks(r, true, 5);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            MetaObjective serial = new MetaObjective(pi, MetaObjective.Adaptation.EXACT, LR, data, theta);
            MetaObjective parallel = new MetaObjective(pi, MetaObjective.Adaptation.EXACT, LR, data, theta, pool);
            INDArray v = random(r, 1, theta.length());
            INDArray t1 = theta.add(random(r, 0.01, theta.length()));
            assertArrayEquals(serial.gradient(t1).toDoubleVector(), parallel.gradient(t1).toDoubleVector(), 0.0);
            assertArrayEquals(serial.fisherVector(theta, v).toDoubleVector(),
                    parallel.fisherVector(theta, v).toDoubleVector(), 0.0);
            assertArrayEquals(serial.lossAndKl(t1), parallel.lossAndKl(t1), 0.0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void firstOrderMamlMissesExactlyTheInnerHessianTerm() {
        Random r = new Random(5);
        SecondOrderGaussianPolicy pi = policy("context", 6);
        INDArray theta = perturbed(pi, r);
        List<MetaObjective.TaskData> data = tasks(r, true, 3);
        MetaObjective exact = new MetaObjective(pi, MetaObjective.Adaptation.EXACT, LR, data, theta);
        MetaObjective fo = new MetaObjective(pi, MetaObjective.Adaptation.FIRST_ORDER, LR, data, theta);
        // expected: exact - first-order = -alpha mean_i H_in,i(theta) G_i, with H_in G_i by finite differences
        INDArray expected = Nd4j.create(DataType.DOUBLE, theta.length());
        double h = 1e-5;
        for (MetaObjective.TaskData d : data) {
            INDArray lpOld = GaussianObjective.logProb(
                    org.hyperrl.core.secondorder.Dual.constant(pi.mean(exact.adapt(theta, d), d.validation().observations(),
                            d.validation().task())),
                    org.hyperrl.core.secondorder.Dual.constant(pi.logStd(exact.adapt(theta, d))),
                    d.validation().actions()).value();
            INDArray g = pi.derivatives(exact.adapt(theta, d), null, d.validation(),
                    GaussianObjective.surrogate(d.validationAdvantages(), lpOld)).gradient();
            GaussianObjective inner = GaussianObjective.reinforce(d.trainAdvantages());
            INDArray hg = pi.derivatives(theta.add(g.mul(h)), null, d.train(), inner).gradient()
                    .sub(pi.derivatives(theta.sub(g.mul(h)), null, d.train(), inner).gradient()).divi(2 * h);
            expected.addi(hg.muli(-LR / data.size()));
        }
        INDArray diff = exact.gradient(theta).sub(fo.gradient(theta));
        double err = relError(diff, expected);
        assertTrue(err < 1e-6, "exact - first-order vs -alpha H g, relative error " + err);
        assertTrue(expected.amaxNumber().doubleValue() > 1e-4, "the Hessian term is not negligible here");
    }

    @Test
    void multiTaskUpdateIsPlainTrpoAtTheCurrentWeights() {
        Random r = new Random(7);
        SecondOrderGaussianPolicy pi = policy("hyper", 8);
        INDArray theta = perturbed(pi, r);
        List<MetaObjective.TaskData> data = new ArrayList<>();
        for (MetaObjective.TaskData d : tasks(r, true, 3)) {
            data.add(new MetaObjective.TaskData(null, null, d.validation(), d.validationAdvantages()));
        }
        MetaObjective multiTask = new MetaObjective(pi, MetaObjective.Adaptation.NONE, LR, data, theta);
        // plain TRPO written directly on the policy: surrogate and KL at theta itself
        List<GaussianObjective> surrogate = new ArrayList<>();
        List<GaussianObjective> kl = new ArrayList<>();
        for (MetaObjective.TaskData d : data) {
            INDArray mean = pi.mean(theta, d.validation().observations(), d.validation().task());
            INDArray logStd = pi.logStd(theta);
            INDArray lp = GaussianObjective.logProb(org.hyperrl.core.secondorder.Dual.constant(mean),
                    org.hyperrl.core.secondorder.Dual.constant(logStd), d.validation().actions()).value();
            surrogate.add(GaussianObjective.surrogate(d.validationAdvantages(), lp));
            kl.add(GaussianObjective.klFrom(mean, logStd));
        }
        Trpo.Objective plain = new Trpo.Objective() {
            @Override
            public double[] lossAndKl(INDArray t) {
                double l = 0;
                double k = 0;
                for (int i = 0; i < data.size(); i++) {
                    l += pi.value(t, data.get(i).validation(), surrogate.get(i));
                    k += pi.value(t, data.get(i).validation(), kl.get(i));
                }
                return new double[]{l / data.size(), k / data.size()};
            }

            @Override
            public INDArray gradient(INDArray t) {
                INDArray g = Nd4j.create(DataType.DOUBLE, t.length());
                for (int i = 0; i < data.size(); i++) {
                    g.addi(pi.derivatives(t, null, data.get(i).validation(), surrogate.get(i)).gradient());
                }
                return g.divi(data.size());
            }

            @Override
            public INDArray fisherVector(INDArray t, INDArray v) {
                INDArray g = Nd4j.create(DataType.DOUBLE, t.length());
                for (int i = 0; i < data.size(); i++) {
                    g.addi(pi.derivatives(t, v, data.get(i).validation(), kl.get(i)).hessianVector());
                }
                return g.divi(data.size());
            }
        };
        Trpo.Settings s = new Trpo.Settings(1e-2, 10, 1e-5, 20, 0.8);
        Trpo.Result a = Trpo.step(multiTask, theta, s);
        Trpo.Result b = Trpo.step(plain, theta, s);
        assertTrue(a.accepted() && b.accepted());
        assertEquals(b.lineSearchStep(), a.lineSearchStep());
        assertArrayEquals(b.theta().toDoubleVector(), a.theta().toDoubleVector(), 1e-14);
        assertTrue(a.kl() > 0 && a.kl() < 1e-2 && a.improvement() < 0);
    }

    @Test
    void conjugateGradientSolvesAnSpdSystem() {
        Random r = new Random(9);
        INDArray m = random(r, 1, 6, 6);
        INDArray a = m.mmul(m.transpose()).addi(Nd4j.eye(6).castTo(DataType.DOUBLE));
        INDArray b = random(r, 1, 6);
        INDArray x = Trpo.conjugateGradient(v -> a.mmul(v.reshape(6, 1)).reshape(6), b, 6, 1e-30);
        INDArray expected = org.nd4j.linalg.inverse.InvertMatrix.invert(a, false).mmul(b.reshape(6, 1)).reshape(6);
        assertArrayEquals(expected.toDoubleVector(), x.toDoubleVector(), 1e-8);
        // fewer iterations than the dimension: an approximation, not the solution
        INDArray x2 = Trpo.conjugateGradient(v -> a.mmul(v.reshape(6, 1)).reshape(6), b, 2, 1e-30);
        assertTrue(x2.sub(expected).norm2Number().doubleValue() > 1e-6);
    }

    /** A quadratic objective whose actual KL and loss can disagree with TRPO's model. */
    static Trpo.Objective synthetic(INDArray theta0, INDArray g, double klFactor, boolean lossRises) {
        return new Trpo.Objective() {
            @Override
            public double[] lossAndKl(INDArray t) {
                INDArray d = t.sub(theta0);
                double loss = lossRises ? d.norm2Number().doubleValue() : g.mul(d).sumNumber().doubleValue();
                return new double[]{loss, klFactor * 0.5 * d.mul(d).sumNumber().doubleValue()};
            }

            @Override
            public INDArray gradient(INDArray t) {
                return g.dup();
            }

            @Override
            public INDArray fisherVector(INDArray t, INDArray v) {
                return v.dup();
            }
        };
    }

    @Test
    void lineSearchAcceptsConsistentStepsAndRejectsKlViolationsAndNonImprovingSteps() {
        INDArray theta0 = Nd4j.createFromArray(0.5, -1.0, 2.0);
        INDArray g = Nd4j.createFromArray(1.0, 2.0, -2.0);
        Trpo.Settings s = new Trpo.Settings(0.01, 10, 0.0, 5, 0.8);
        // the KL is 0.9 of the model's: the full step is accepted with KL 0.9 maxKl
        Trpo.Result ok = Trpo.step(synthetic(theta0, g, 0.9, false), theta0, s);
        assertTrue(ok.accepted());
        assertEquals(0, ok.lineSearchStep());
        assertEquals(0.9 * 0.01, ok.kl(), 1e-9);
        assertArrayEquals(theta0.sub(g.mul(Math.sqrt(2 * 0.01 / 9.0))).toDoubleVector(), ok.theta().toDoubleVector(),
                1e-9);
        // the KL is 100 times the model's: the full step and 4 backtracks all violate the bound
        Trpo.Result kl = Trpo.step(synthetic(theta0, g, 100, false), theta0, s);
        assertFalse(kl.accepted());
        assertEquals(-1, kl.lineSearchStep());
        assertArrayEquals(theta0.toDoubleVector(), kl.theta().toDoubleVector(), 0.0, "parameters unchanged");
        assertTrue(kl.message().contains("accepted none of 5") && kl.message().contains("mean KL"), kl.message());
        assertTrue(kl.kl() > 0.01 && kl.improvement() < 0, "the best step improved but broke the bound");
        // 5 backtracks with ratio 0.8 bring the KL of 100x model to 100 * 0.01 * 0.8^8 > 0.01; 30 steps do not
        assertTrue(Trpo.step(synthetic(theta0, g, 100, false), theta0, new Trpo.Settings(0.01, 10, 0, 30, 0.8))
                .accepted());
        // the loss rises in every direction: nothing improves
        Trpo.Result rise = Trpo.step(synthetic(theta0, g, 0.5, true), theta0, s);
        assertFalse(rise.accepted());
        assertTrue(rise.improvement() > 0, "best change " + rise.improvement());
        assertArrayEquals(theta0.toDoubleVector(), rise.theta().toDoubleVector(), 0.0);
    }

    @Test
    void linearFeatureBaselineIsTheRidgeLeastSquaresFit() {
        Random r = new Random(11);
        int[] lengths = {7, 4, 9};
        int n = 20;
        double[][] obs = new double[n][];
        double[][] act = new double[n][];
        double[] rew = new double[n];
        for (int i = 0; i < n; i++) {
            obs[i] = new double[]{r.nextGaussian(), 2 * r.nextGaussian()};
            act[i] = new double[]{0, 0};
            rew[i] = r.nextGaussian();
        }
        EpisodeBatch b = new EpisodeBatch(null, obs, act, rew, lengths);
        double[] y = EpisodeBatch.discountedReturns(rew, lengths, 0.9);
        LinearFeatureBaseline base = new LinearFeatureBaseline(2).fit(b, y);
        assertEquals(1e-5, base.regularisationUsed(), 0);
        // independent: QR least squares on [X; sqrt(c) I] w = [y; 0]
        int d = base.featureCount();
        double[][] aug = new double[n + d][d];
        double[] rhs = new double[n + d];
        for (int i = 0; i < n; i++) {
            aug[i] = base.features(b, i);
            rhs[i] = y[i];
        }
        for (int j = 0; j < d; j++) {
            aug[n + j][j] = Math.sqrt(1e-5);
        }
        double[] w = new QRDecomposition(new Array2DRowRealMatrix(aug)).getSolver()
                .solve(new ArrayRealVector(rhs)).toArray();
        assertArrayEquals(w, base.coefficients(), 1e-6);
        // the features of pytorch-maml-rl: s, s^2, t/100, (t/100)^2, (t/100)^3, 1
        double[] f = base.features(b, 9); // episode 2, t = 2
        assertArrayEquals(new double[]{obs[9][0], obs[9][1], obs[9][0] * obs[9][0], obs[9][1] * obs[9][1], 0.02,
                0.0004, 0.000008, 1}, f, 1e-15);
    }

    @Test
    void returnsAdvantagesAndWeightsFollowPytorchMamlRl() {
        double[] rew = {1, 2, 3, 4, 5};
        int[] lengths = {3, 2};
        assertArrayEquals(new double[]{1 + 0.5 * 2 + 0.25 * 3, 2 + 0.5 * 3, 3, 4 + 0.5 * 5, 5},
                EpisodeBatch.discountedReturns(rew, lengths, 0.5), 1e-12);
        double[] values = {0.3, -0.2, 0.7, 1.1, 0.4};
        // lambda = 1: advantages are returns minus values (the value after an episode taken as 0)
        double[] adv = EpisodeBatch.gae(rew, values, lengths, 0.5, 1.0);
        double[] ret = EpisodeBatch.discountedReturns(rew, lengths, 0.5);
        for (int i = 0; i < 5; i++) {
            assertEquals(ret[i] - values[i], adv[i], 1e-12);
        }
        // lambda = 0: one-step TD errors
        double[] td = EpisodeBatch.gae(rew, values, lengths, 0.5, 0.0);
        assertEquals(1 + 0.5 * -0.2 - 0.3, td[0], 1e-12);
        assertEquals(3 - 0.7, td[2], 1e-12);
        double[][] obs = {{0}, {1}, {2}, {3}, {4}};
        double[][] act = {{0}, {0}, {0}, {0}, {0}};
        EpisodeBatch b = new EpisodeBatch(new double[]{1}, obs, act, rew, lengths)
                .process(0.5, 1.0, new LinearFeatureBaseline(1));
        double[] w = b.weights();
        assertArrayEquals(new double[]{1 / 6.0, 1 / 6.0, 1 / 6.0, 0.25, 0.25}, w, 1e-15);
        double mean = 0;
        double var = 0;
        double[] a = b.advantages();
        for (int i = 0; i < 5; i++) {
            mean += w[i] * a[i];
        }
        for (int i = 0; i < 5; i++) {
            var += w[i] * (a[i] - mean) * (a[i] - mean);
        }
        assertEquals(0.0, mean, 1e-12);
        assertEquals(1.0, var, 1e-6);
    }

    @Test
    void badInputIsRejectedWithTheFix() {
        MamlConfig c = MamlAlgorithm.paper(MamlConfig.MLP, "Navigation2D");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Configs.with(c, "fastLr", 0.0));
        assertTrue(e.getMessage().contains("fastLr must be positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Configs.with(c, "maxKl", -1e-2));
        assertTrue(e.getMessage().contains("maxKl must be positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Configs.with(c, "adaptation", "second"));
        assertTrue(e.getMessage().contains("exact") && e.getMessage().contains("first-order"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Maml(new TrainingContext(
                EnvFactory.of("Pendulum", Map.of()), 0), Configs.with(c, "totalSteps", 100L)));
        assertTrue(e.getMessage().contains("task distribution"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Maml(new TrainingContext(
                EnvFactory.of("GridWorld", Map.of()), 0), c));
        assertTrue(e.getMessage().contains("episodesPerTrial=1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MamlAgent(new Parameters(DataType.FLOAT, 0),
                Box.unbounded(2), Box.uniform(2, -1, 1), 0, Configs.with(c, "policy", MamlConfig.CONTEXT)));
        assertTrue(e.getMessage().contains("oracle task") && e.getMessage().contains("policy=mlp"), e.getMessage());
        assertNotNull(new MamlAgent(new Parameters(DataType.FLOAT, 0), Box.unbounded(2), Box.uniform(2, -1, 1), 0, c));

        // a NaN reward stops the run with the step, before any update
        EnvFactory nan = split -> new org.hyperrl.envs.Wrapper(org.hyperrl.envs.registry.EnvRegistry.create(
                "Navigation2D")) {
            @Override
            public org.hyperrl.envs.StepResult step(double[] action) {
                org.hyperrl.envs.StepResult x = env.step(action);
                return new org.hyperrl.envs.StepResult(x.observation(), Double.NaN, x.terminated(), x.truncated(),
                        x.info());
            }
        };
        Maml m = new Maml(new TrainingContext(nan, 0), MamlAlgorithm.ALGORITHM.config("smoke", "Navigation2D",
                Map.of()));
        INDArray before = m.parameters().all().get(0).value().dup();
        IllegalStateException s = assertThrows(IllegalStateException.class, m::iterate);
        assertTrue(s.getMessage().contains("episode return") && s.getMessage().contains("non-finite"),
                s.getMessage());
        assertEquals(before, m.parameters().all().get(0).value(), "parameters untouched");
    }
}
