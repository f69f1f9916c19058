package org.hyperrl.core.secondorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.hyperrl.core.hyper.PrimaryNetwork;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.init.LayerInits;
import org.hyperrl.core.nn.Activation;
import org.hyperrl.core.nn.BaseNetworkSpec;
import org.hyperrl.core.nn.Parameters;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The second-order networks against central finite differences in double precision: gradients of every objective
 * (all coordinates) and Hessian-vector products (finite differences of the gradient), for the MLP with a task input
 * and for the hypernetwork on the task.
 */
class SecondOrderGaussianPolicyTest {
    private static final int OBS = 3;
    private static final int TASK = 2;
    private static final int ACT = 2;
    private static final int N = 7;

    static SecondOrderGaussianPolicy mlp(long seed) {
        Parameters ps = new Parameters(DataType.DOUBLE, seed);
        SecondOrderMlp net = new SecondOrderMlp(ps, "pi", "policy", OBS, TASK, new int[]{5, 4}, ACT,
                Activation.TANH, LayerInits.XAVIER_UNIFORM, 1.0);
        return new SecondOrderGaussianPolicy(ps, "pi", "policy", net, 0.8, 1e-6);
    }

    static SecondOrderGaussianPolicy hyper(long seed) {
        Parameters ps = new Parameters(DataType.DOUBLE, seed);
        PrimaryNetwork.Config primary = PrimaryNetwork.Config.paper().withWidths(1, 6, 8);
        BaseNetworkSpec spec = BaseNetworkSpec.mlp(OBS, new int[]{5}, ACT, Activation.RELU, Activation.IDENTITY,
                true, LayerInits.KAIMING_UNIFORM, LayerInits.KAIMING_UNIFORM, 1.0);
        SecondOrderHypernetwork net = new SecondOrderHypernetwork(ps, "pi", "policy", TASK, primary, spec,
                HyperInits.sarafian(0.4, 0.3));
        return new SecondOrderGaussianPolicy(ps, "pi", "policy", net, 0.8, 1e-6);
    }

    static INDArray random(Random r, double scale, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, scale * r.nextGaussian());
        }
        return a;
    }

    static SecondOrderGaussianPolicy.Batch batch(Random r) {
        INDArray w = Nd4j.create(DataType.DOUBLE, N, 1);
        for (int i = 0; i < N; i++) {
            w.putScalar(i, 0.05 + 0.2 * r.nextDouble());
        }
        return new SecondOrderGaussianPolicy.Batch(random(r, 1.0, N, OBS), random(r, 1.0, N, ACT), w,
                random(r, 1.0, 1, TASK));
    }

    /** Every objective on a batch, built from the policy at θ (old quantities perturbed so nothing is stationary). */
    static List<GaussianObjective> objectives(SecondOrderGaussianPolicy pi, INDArray theta,
                                              SecondOrderGaussianPolicy.Batch b, Random r) {
        INDArray adv = random(r, 1.0, N, 1);
        INDArray mean = pi.mean(theta, b.observations(), b.task());
        INDArray logStd = pi.logStd(theta);
        INDArray oldLogProb = GaussianObjective.logProb(Dual.constant(mean), Dual.constant(logStd), b.actions())
                .value().add(random(r, 0.1, N, 1));
        return List.of(GaussianObjective.reinforce(adv), GaussianObjective.surrogate(adv, oldLogProb),
                GaussianObjective.klFrom(mean.add(random(r, 0.3, N, ACT)), logStd.add(random(r, 0.2, 1, ACT))));
    }

    static double maxRelError(INDArray actual, INDArray expected) {
        double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-8);
        return actual.sub(expected).amaxNumber().doubleValue() / scale;
    }

    static void checkGradientAndHvp(SecondOrderGaussianPolicy pi, long seed) {
        Random r = new Random(seed);
        INDArray theta = pi.flat().get();
        theta.addi(random(r, 0.05, theta.length()));
        SecondOrderGaussianPolicy.Batch b = batch(r);
        double eps = 1e-6;
        for (GaussianObjective obj : objectives(pi, theta, b, r)) {
            INDArray v = random(r, 1.0, theta.length());
            SecondOrderGaussianPolicy.Derivatives d = pi.derivatives(theta, v, b, obj);
            assertEquals(pi.value(theta, b, obj), d.value(), 1e-12, "value of the derivative pass");
            INDArray fdGrad = Nd4j.create(DataType.DOUBLE, theta.length());
            for (long k = 0; k < theta.length(); k++) {
                INDArray tp = theta.dup();
                tp.putScalar(k, tp.getDouble(k) + eps);
                INDArray tm = theta.dup();
                tm.putScalar(k, tm.getDouble(k) - eps);
                fdGrad.putScalar(k, (pi.value(tp, b, obj) - pi.value(tm, b, obj)) / (2 * eps));
            }
            double gErr = maxRelError(d.gradient(), fdGrad);
            assertTrue(gErr < 1e-6, "gradient vs finite differences: relative error " + gErr);
            double h = 1e-5;
            Function<Double, INDArray> grad = s -> pi.derivatives(theta.add(v.mul(s)), null, b, obj).gradient();
            INDArray fdHv = grad.apply(h).sub(grad.apply(-h)).divi(2 * h);
            double hErr = maxRelError(d.hessianVector(), fdHv);
            assertTrue(hErr < 1e-6, "Hessian-vector product vs finite differences of the gradient: relative error "
                    + hErr);
            assertTrue(d.hessianVector().amaxNumber().doubleValue() > 1e-6, "a non-trivial Hessian-vector product");
        }
    }

    @Test
    void mlpWithTaskInputHasExactGradientsAndHessianVectorProducts() {
        checkGradientAndHvp(mlp(1), 11);
    }

    @Test
    void hypernetworkOnTheTaskHasExactGradientsAndHessianVectorProducts() {
        checkGradientAndHvp(hyper(2), 12);
    }

    @Test
    void boundMeanFunctionEqualsTheForwardPass() {
        for (SecondOrderGaussianPolicy pi : List.of(mlp(3), hyper(4))) {
            Random r = new Random(5);
            INDArray theta = pi.flat().get();
            INDArray obs = random(r, 1.0, N, OBS);
            INDArray task = random(r, 1.0, 1, TASK);
            INDArray expected = pi.mean(theta, obs, task);
            INDArray bound = pi.meanFunction(theta, task).apply(obs);
            assertTrue(maxRelError(bound, expected) < 1e-12);
        }
    }

    @Test
    void logStdBelowTheFloorGetsNoGradient() {
        Parameters ps = new Parameters(DataType.DOUBLE, 0);
        SecondOrderMlp net = new SecondOrderMlp(ps, "pi", "policy", OBS, 0, new int[]{4}, ACT, Activation.TANH,
                LayerInits.XAVIER_UNIFORM, 1.0);
        SecondOrderGaussianPolicy pi = new SecondOrderGaussianPolicy(ps, "pi", "policy", net, 1.0, 0.5);
        INDArray theta = pi.flat().get();
        long off = pi.flat().offset(ps.get("pi/log_std"));
        theta.putScalar(off, Math.log(0.1));
        Random r = new Random(0);
        SecondOrderGaussianPolicy.Batch b = new SecondOrderGaussianPolicy.Batch(random(r, 1, N, OBS),
                random(r, 1, N, ACT), Nd4j.ones(DataType.DOUBLE, N, 1), null);
        INDArray g = pi.derivatives(theta, null, b, GaussianObjective.reinforce(random(r, 1, N, 1))).gradient();
        assertEquals(0.0, g.getDouble(off), 0.0);
        assertTrue(Math.abs(g.getDouble(off + 1)) > 0);
        assertEquals(Math.log(0.5), pi.logStd(theta).getDouble(0), 1e-12);
    }

    @Test
    void wrongShapesAreRejectedWithTheirSizes() {
        SecondOrderGaussianPolicy pi = mlp(0);
        INDArray theta = pi.flat().get();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pi.mean(theta, Nd4j.zeros(DataType.DOUBLE, 2, OBS + 1), Nd4j.zeros(DataType.DOUBLE, 1, TASK)));
        assertTrue(e.getMessage().contains("[n, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> pi.mean(theta, Nd4j.zeros(DataType.DOUBLE, 2, OBS), null));
        assertTrue(e.getMessage().contains("task vector of width 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> pi.mean(Nd4j.zeros(DataType.DOUBLE, 3), Nd4j.zeros(DataType.DOUBLE, 2, OBS), null));
        assertTrue(e.getMessage().contains("must hold"), e.getMessage());
    }
}
