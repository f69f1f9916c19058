package org.hyperrl.core;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded random arrays for tests. */
public final class TestArrays {
    private TestArrays() {
    }

    public static INDArray normal(DataType t, long seed, int rows, int cols) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.create(v, new long[]{rows, cols}, 'c').castTo(t);
    }

    public static INDArray uniform(DataType t, long seed, int rows, int cols, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return Nd4j.create(v, new long[]{rows, cols}, 'c').castTo(t);
    }
}
