package org.hyperrl.algos.maml;

import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The TRPO update used by MAML-TRPO (Schulman et al. 2015, as in pytorch-maml-rl): the step direction solves
 * {@code (F + damping I) x = g} by conjugate gradient on Fisher-vector products, is scaled so that the quadratic KL
 * model equals {@code maxKl}, and is backtracked until the surrogate loss improves and the mean KL stays below
 * {@code maxKl}. If no step is accepted the parameters stay as they were.
 */
public final class Trpo {
    private Trpo() {
    }

    /**
     * What TRPO needs of an objective at parameters θ: the surrogate loss and mean KL from the policy that collected
     * the data, the loss gradient, and Fisher-vector products (the Hessian of the mean KL at the current θ).
     */
    public interface Objective {
        /** {@code [loss, kl]} at θ. */
        double[] lossAndKl(INDArray theta);

        /** The gradient of the loss at θ. */
        INDArray gradient(INDArray theta);

        /** The Hessian of the mean KL at θ times {@code v}. */
        INDArray fisherVector(INDArray theta, INDArray v);
    }

    /**
     * The settings (Sarafian et al. Table 9: max KL 1e-2, 10 CG iterations, damping 1e-5, 20 line-search steps,
     * ratio 0.8).
     */
    public record Settings(double maxKl, int cgIterations, double cgDamping, int lineSearchSteps, double backtrack) {
        public Settings {
            if (!(maxKl > 0) || !Double.isFinite(maxKl)) {
                throw new IllegalArgumentException("maxKl (TRPO's KL bound) must be positive, got " + maxKl);
            }
            if (cgIterations < 1 || lineSearchSteps < 1) {
                throw new IllegalArgumentException("cgIterations and lsMaxSteps must be >= 1, got " + cgIterations
                        + " and " + lineSearchSteps);
            }
            if (!(cgDamping >= 0)) {
                throw new IllegalArgumentException("cgDamping must be >= 0, got " + cgDamping);
            }
            if (!(backtrack > 0 && backtrack < 1)) {
                throw new IllegalArgumentException("lsBacktrack must be in (0, 1), got " + backtrack);
            }
        }
    }

    /**
     * The outcome of one update.
     *
     * @param theta          the new parameters (the old ones if nothing was accepted)
     * @param accepted       whether a step was accepted
     * @param lineSearchStep the accepted step's index (0 = full step), or -1
     * @param oldLoss        the loss before the update
     * @param improvement    the accepted loss change (negative is better), or the best change tried if none
     * @param kl             the accepted step's mean KL, or the KL of the step with the best change tried
     * @param message        why nothing was accepted (null if a step was)
     * @param timing         where the time went
     */
    public record Result(INDArray theta, boolean accepted, int lineSearchStep, double oldLoss, double improvement,
                         double kl, String message, Timing timing) {
    }

    /**
     * Seconds spent on the loss and its gradient, on conjugate gradient (with the number of Fisher-vector products),
     * and on the line search (with the number of candidate evaluations).
     */
    public record Timing(double gradientSeconds, double cgSeconds, int fisherProducts, double lineSearchSeconds,
                         int lineSearchEvaluations) {
    }

    /**
     * Conjugate gradient for {@code A x = b} from {@code x = 0}, stopping after {@code iterations} or when the squared
     * residual falls below {@code residualTol}.
     */
    public static INDArray conjugateGradient(UnaryOperator<INDArray> a, INDArray b, int iterations,
                                             double residualTol) {
        INDArray x = b.like().assign(0);
        INDArray r = b.dup();
        INDArray p = b.dup();
        double rr = r.mul(r).sumNumber().doubleValue();
        for (int i = 0; i < iterations && rr >= residualTol; i++) {
            INDArray ap = a.apply(p);
            double pap = p.mul(ap).sumNumber().doubleValue();
            if (!(pap > 0)) {
                break; // not positive definite along p (or zero): keep what we have
            }
            double alpha = rr / pap;
            x.addi(p.mul(alpha));
            r.subi(ap.mul(alpha));
            double rrNew = r.mul(r).sumNumber().doubleValue();
            p = r.add(p.mul(rrNew / rr));
            rr = rrNew;
        }
        return x;
    }

    /** One TRPO update of {@code theta} (not modified). */
    public static Result step(Objective objective, INDArray theta, Settings s) {
        long t0 = System.nanoTime();
        double oldLoss = objective.lossAndKl(theta)[0];
        INDArray g = objective.gradient(theta);
        long t1 = System.nanoTime();
        int[] products = {0};
        UnaryOperator<INDArray> fvp = v -> {
            products[0]++;
            return objective.fisherVector(theta, v).addi(v.mul(s.cgDamping()));
        };
        INDArray dir = conjugateGradient(fvp, g, s.cgIterations(), 1e-10);
        double shs = 0.5 * dir.mul(fvp.apply(dir)).sumNumber().doubleValue();
        long t2 = System.nanoTime();
        if (!(shs > 0) || !Double.isFinite(shs)) {
            return new Result(theta, false, -1, oldLoss, 0.0, 0.0, "TRPO: the step direction has no positive "
                    + "curvature (s'Fs/2 = " + shs + ", gradient norm " + g.norm2Number() + "); parameters unchanged",
                    new Timing((t1 - t0) / 1e9, (t2 - t1) / 1e9, products[0], 0, 0));
        }
        INDArray fullStep = dir.div(Math.sqrt(shs / s.maxKl()));
        double size = 1.0;
        double bestImprove = Double.POSITIVE_INFINITY;
        double bestKl = Double.NaN;
        for (int k = 0; k < s.lineSearchSteps(); k++, size *= s.backtrack()) {
            INDArray candidate = theta.sub(fullStep.mul(size));
            double[] lk = objective.lossAndKl(candidate);
            double improve = lk[0] - oldLoss;
            if (improve < 0 && lk[1] < s.maxKl()) {
                return new Result(candidate, true, k, oldLoss, improve, lk[1], null,
                        new Timing((t1 - t0) / 1e9, (t2 - t1) / 1e9, products[0], (System.nanoTime() - t2) / 1e9,
                                k + 1));
            }
            if (Double.isNaN(bestKl) || improve < bestImprove) {
                bestImprove = improve;
                bestKl = lk[1];
            }
        }
        return new Result(theta, false, -1, oldLoss, bestImprove, bestKl, "TRPO line search accepted none of "
                + s.lineSearchSteps() + " steps (best surrogate change " + bestImprove + " with mean KL " + bestKl
                + ", bound " + s.maxKl() + "); parameters unchanged",
                new Timing((t1 - t0) / 1e9, (t2 - t1) / 1e9, products[0], (System.nanoTime() - t2) / 1e9,
                        s.lineSearchSteps()));
    }
}
