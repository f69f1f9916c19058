package org.hyperrl.core.init;

import java.util.Arrays;

/**
 * Initial values of one dense (fully connected) layer {@code y = x W + b}.
 *
 * <p>Layout used everywhere in HyperRL: the weight is stored as an {@code [in, out]} matrix in row-major
 * order, so {@code weight[i * out + j]} connects input {@code i} to output unit {@code j}. A paper's
 * {@code (out x in)} matrix is the transpose of this one; a "row of W" in a paper (one output unit) is a
 * column here.
 *
 * @param in     fan-in
 * @param out    fan-out
 * @param weight {@code in * out} values, row-major {@code [in, out]}
 * @param bias   {@code out} values
 */
public record DenseInit(int in, int out, double[] weight, double[] bias) {

    public DenseInit {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("layer sizes must be positive, got in=" + in + ", out=" + out);
        }
        if (weight.length != (long) in * out) {
            throw new IllegalArgumentException("weight has " + weight.length + " values, expected in*out=" + (long) in * out);
        }
        if (bias.length != out) {
            throw new IllegalArgumentException("bias has " + bias.length + " values, expected out=" + out);
        }
    }

    /** A layer whose weight and bias are all zero. */
    public static DenseInit zeros(int in, int out) {
        return new DenseInit(in, out, new double[in * out], new double[out]);
    }

    /** The weight entry connecting input {@code i} to output {@code j}. */
    public double w(int i, int j) {
        return weight[i * out + j];
    }

    /** This layer with every weight and bias multiplied by {@code factor}. */
    public DenseInit scaled(double factor) {
        double[] w = weight.clone();
        double[] b = bias.clone();
        for (int k = 0; k < w.length; k++) {
            w[k] *= factor;
        }
        for (int k = 0; k < b.length; k++) {
            b[k] *= factor;
        }
        return new DenseInit(in, out, w, b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseInit d && d.in == in && d.out == out
                && Arrays.equals(d.weight, weight) && Arrays.equals(d.bias, bias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weight) + Arrays.hashCode(bias);
    }

    @Override
    public String toString() {
        return "DenseInit[" + in + "x" + out + "]";
    }
}
