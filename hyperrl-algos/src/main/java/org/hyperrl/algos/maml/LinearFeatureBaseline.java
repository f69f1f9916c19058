package org.hyperrl.algos.maml;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * The linear feature baseline of rllab and pytorch-maml-rl, fitted per batch of episodes: features
 * {@code [s, s^2, t/100, (t/100)^2, (t/100)^3, 1]} ({@code t} the step's index in its episode), coefficients by ridge
 * regression of the discounted returns, {@code (X'X + c I) w = X'y}, starting at {@code c = 1e-5} and multiplying
 * {@code c} by 10 (up to five tries) while the solve fails or is not finite.
 */
public final class LinearFeatureBaseline {
    /** The first ridge coefficient. */
    public static final double INITIAL_REGULARISATION = 1e-5;

    private final int obsDim;
    private double[] coefficients;
    private double regularisationUsed;

    public LinearFeatureBaseline(int obsDim) {
        this.obsDim = obsDim;
    }

    /** Number of features: {@code 2 obs + 4}. */
    public int featureCount() {
        return 2 * obsDim + 4;
    }

    /** The features of step {@code i} of a batch. */
    public double[] features(EpisodeBatch batch, int i) {
        double[] s = batch.observation(i);
        if (s.length != obsDim) {
            throw new IllegalArgumentException("baseline built for observations of " + obsDim + " values, got "
                    + s.length);
        }
        double[] f = new double[featureCount()];
        for (int j = 0; j < obsDim; j++) {
            f[j] = s[j];
            f[obsDim + j] = s[j] * s[j];
        }
        double al = batch.timeStep(i) / 100.0;
        f[2 * obsDim] = al;
        f[2 * obsDim + 1] = al * al;
        f[2 * obsDim + 2] = al * al * al;
        f[2 * obsDim + 3] = 1.0;
        return f;
    }

    /**
     * Fits the coefficients to {@code targets} (one per step of {@code batch}).
     *
     * @return this baseline
     * @throws IllegalStateException if no regularisation up to {@code 1e-1} gives a finite solution
     */
    public LinearFeatureBaseline fit(EpisodeBatch batch, double[] targets) {
        int d = featureCount();
        double[][] xtx = new double[d][d];
        double[] xty = new double[d];
        for (int i = 0; i < batch.size(); i++) {
            double[] f = features(batch, i);
            for (int a = 0; a < d; a++) {
                xty[a] += f[a] * targets[i];
                for (int b = 0; b < d; b++) {
                    xtx[a][b] += f[a] * f[b];
                }
            }
        }
        double reg = INITIAL_REGULARISATION;
        for (int attempt = 0; attempt < 5; attempt++, reg *= 10) {
            RealMatrix m = new Array2DRowRealMatrix(xtx, true);
            for (int a = 0; a < d; a++) {
                m.addToEntry(a, a, reg);
            }
            try {
                RealVector w = new CholeskyDecomposition(m, 1e-12, 1e-14).getSolver()
                        .solve(new ArrayRealVector(xty, false));
                double[] c = w.toArray();
                if (java.util.Arrays.stream(c).allMatch(Double::isFinite)) {
                    coefficients = c;
                    regularisationUsed = reg;
                    return this;
                }
            } catch (NonPositiveDefiniteMatrixException | org.apache.commons.math3.linear.SingularMatrixException e) {
                // try a larger ridge coefficient
            }
        }
        throw new IllegalStateException("linear feature baseline: no finite least-squares fit with ridge coefficients "
                + "1e-5 .. 1e-1 (are the observations or returns non-finite?)");
    }

    /** The fitted values of every step of {@code batch}. */
    public double[] predict(EpisodeBatch batch) {
        if (coefficients == null) {
            throw new IllegalStateException("fit the baseline before predicting");
        }
        double[] out = new double[batch.size()];
        for (int i = 0; i < out.length; i++) {
            double[] f = features(batch, i);
            double v = 0;
            for (int a = 0; a < f.length; a++) {
                v += f[a] * coefficients[a];
            }
            out[i] = v;
        }
        return out;
    }

    /** The fitted coefficients (a copy). */
    public double[] coefficients() {
        return coefficients.clone();
    }

    /** The ridge coefficient of the last fit. */
    public double regularisationUsed() {
        return regularisationUsed;
    }
}
