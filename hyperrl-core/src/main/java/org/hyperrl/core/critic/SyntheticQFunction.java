package org.hyperrl.core.critic;

import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A synthetic regression task for critics, shaped like a Q-function in continuous control: the best action
 * depends on the state, {@code Q(s, a) = -|a - tanh(s M)|^2 + mean(s)}, with a fixed random matrix
 * {@code M ~ N(0, 1/S)}, states {@code N(0, I)} and actions {@code U(-1, 1)}. Used by the demo and by tests
 * as a sanity check that a critic can learn.
 */
public final class SyntheticQFunction {
    private final int stateDim;
    private final int actionDim;
    private final double[][] m;

    public SyntheticQFunction(int stateDim, int actionDim, long seed) {
        this.stateDim = stateDim;
        this.actionDim = actionDim;
        SplittableRandom r = new SplittableRandom(seed);
        this.m = new double[stateDim][actionDim];
        for (double[] row : m) {
            for (int j = 0; j < actionDim; j++) {
                row[j] = r.nextGaussian() / Math.sqrt(stateDim);
            }
        }
    }

    /** The true value of one state-action pair. */
    public double value(double[] s, double[] a) {
        double v = 0;
        for (int j = 0; j < actionDim; j++) {
            double z = 0;
            for (int i = 0; i < stateDim; i++) {
                z += s[i] * m[i][j];
            }
            double d = a[j] - Math.tanh(z);
            v -= d * d;
        }
        double sum = 0;
        for (double x : s) {
            sum += x;
        }
        return v + sum / stateDim;
    }

    /** A batch of {@code n} samples as graph feeds {@code s}, {@code a}, {@code y} in the given type. */
    public Map<String, INDArray> batch(SplittableRandom r, int n, DataType type) {
        double[][] s = new double[n][stateDim];
        double[][] a = new double[n][actionDim];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < stateDim; i++) {
                s[k][i] = r.nextGaussian();
            }
            for (int j = 0; j < actionDim; j++) {
                a[k][j] = 2 * r.nextDouble() - 1;
            }
            y[k] = value(s[k], a[k]);
        }
        return Map.of("s", Nd4j.create(s).castTo(type), "a", Nd4j.create(a).castTo(type),
                "y", Nd4j.create(y, new long[]{n, 1}, 'c').castTo(type));
    }

    public int stateDim() {
        return stateDim;
    }

    public int actionDim() {
        return actionDim;
    }
}
